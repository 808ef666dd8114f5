from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field, SQLModel

from models.statuses import Decision, Position
from models.tables.enum_column import StoredEnum

REQUEST_KEY_CHARS = 100


class Comment(SQLModel, table=True):
    """A written comment, a conference opinion, or a unit's 'no further comments'."""

    # One comment per client request of a unit (its form token or Idempotency-Key): the
    # database, not a check before the insert, keeps a double post to one row. NULLs (edits
    # from old clients, conference opinions) are distinct and never collide.
    # The round page counts a round's comments per section and per unit, and cuts a page
    # section by section: this index answers both without reading the comments' rows.
    __table_args__ = (
        Index("uq_comment_request_key", "invitation_id", "request_key", unique=True),
        Index("ix_comment_round_section", "round_id", "draft", "section_id", "invitation_id"),
        # The directive page counts its comments per section of the newest version from the
        # stored placement (models/commands/placement.py), from this index alone.
        Index("ix_comment_placement", "round_id", "draft", "placed_version_id", "placed_key"),
    )

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    invitation_id: int | None = Field(default=None, foreign_key="invitation.id", index=True)
    unit_id: int | None = Field(default=None, foreign_key="unit.id", index=True)
    speaker: str = Field(default="", max_length=200)  # conference: who spoke
    speaker_title: str = Field(default="", max_length=200)
    version_id: int = Field(foreign_key="draftversion.id")
    section_id: int | None = Field(default=None, foreign_key="section.id")  # None: the whole
    # Anchor that survives edits: the section key, the quoted text and a little context.
    section_key: str = Field(default="", max_length=40)
    quote: str = Field(default="")
    quote_prefix: str = Field(default="", max_length=200)
    quote_suffix: str = Field(default="", max_length=200)
    # The anchor re-placed on the directive's newest version: that version and the section
    # key there ("" for the whole draft or an orphan). Stale when placed_version_id is not the
    # newest version; readers then re-anchor.
    placed_version_id: int | None = Field(default=None, foreign_key="draftversion.id")
    placed_key: str = Field(default="", max_length=40)
    position: Position = Field(sa_type=StoredEnum(Position, 24))
    text: str = Field(default="")
    draft: bool = False  # a unit's private draft until it submits
    received_at: datetime = Field(index=True)
    updated_at: datetime | None = None
    request_key: str | None = Field(default=None, max_length=REQUEST_KEY_CHARS)
    # The text and the speaker folded by models/text.search_text (case, accents, Đ): what a
    # search (the round page's and the API's q=) matches with LIKE on both databases.
    # Written by the commands that write the text; a comment added by hand without it is
    # simply not found by a search.
    search_text: str = Field(default="")


class Disposition(SQLModel, table=True):
    """The drafting body's answer to one comment: tiếp thu / tiếp thu một phần / giải trình."""

    id: int | None = Field(default=None, primary_key=True)
    comment_id: int = Field(foreign_key="comment.id", unique=True)
    decision: Decision = Field(sa_type=StoredEnum(Decision, 12))
    response: str = Field(default="")  # "Tiếp thu, chỉnh sửa" or the reason (giải trình)
    taken_in_version_id: int | None = Field(default=None, foreign_key="draftversion.id")
    decided_by: str = Field(default="", max_length=80)
    decided_at: datetime
