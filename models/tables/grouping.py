from datetime import datetime

from sqlmodel import Field, SQLModel

LABEL_CHARS = 200


class CommentGroup(SQLModel, table=True):
    """Similar comments of a directive (across its rounds) answered as one: a suggestion of
    the grouping flow until an officer confirms it; a confirmed group survives a recompute."""

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    label: str = Field(default="", max_length=LABEL_CHARS)
    confirmed: bool = False
    created_by: str = Field(default="", max_length=80)  # "grouping" for a suggestion
    created_at: datetime
    updated_at: datetime | None = None


class CommentGroupMember(SQLModel, table=True):
    """A comment's group: one group per comment (the primary key)."""

    comment_id: int = Field(foreign_key="comment.id", primary_key=True)
    group_id: int = Field(foreign_key="commentgroup.id", index=True)
