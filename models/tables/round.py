from datetime import date, datetime

from sqlalchemy import JSON, Column, UniqueConstraint
from sqlmodel import Field, SQLModel

from models.lifecycle import RoundKind
from models.statuses import InvitationStatus, RoundStatus
from models.tables.enum_column import StoredEnum


class Round(SQLModel, table=True):
    """One consultation round: written, conference or grassroots."""

    id: int | None = Field(default=None, primary_key=True)
    directive_id: int = Field(foreign_key="directive.id", index=True)
    ordinal: int  # lần thứ N
    # Idempotency: the same request (a double click, a flow retried) opens one round.
    request_key: str | None = Field(default=None, max_length=80, unique=True)
    kind: RoundKind = Field(sa_type=StoredEnum(RoundKind, 20))
    status: RoundStatus = Field(
        default=RoundStatus.OPEN, sa_type=StoredEnum(RoundStatus, 10), index=True
    )
    draft_version_id: int = Field(foreign_key="draftversion.id")
    letter_number: str | None = Field(default=None, max_length=40)  # 490-CV/BDVTU
    letter_date: date | None = None
    abstract: str = Field(default="", max_length=500)  # trích yếu of the letter
    deadline: date | None = Field(default=None, index=True)
    reminder_days: str = Field(default="3,1", max_length=40)
    opened_at: datetime
    closed_at: datetime | None = None
    opened_by: str = Field(default="", max_length=80)
    closed_by: str = Field(default="", max_length=80)
    # The letter as issued (issue 11): under which body (None: the drafting body, as before),
    # the signature block copied from the signer on record, "Kính gửi" and "Nơi nhận" lines.
    issuer_id: int | None = Field(default=None, foreign_key="unit.id")
    signer_id: int | None = Field(default=None, foreign_key="signer.id")
    signature: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    signer_name: str = Field(default="", max_length=200)
    addressees: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    copies: list[str] = Field(default_factory=list, sa_column=Column(JSON, nullable=False))
    # A grassroots round: the levels its reports count meetings by, chosen when it opens
    # (models/levels.py); None for the other kinds.
    levels: list[str] | None = Field(default=None, sa_column=Column(JSON, nullable=True))


class Invitation(SQLModel, table=True):
    """One unit asked in one round; the unit's personal link carries a token hashed here."""

    __table_args__ = (UniqueConstraint("round_id", "unit_id"),)

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", index=True)
    unit_id: int = Field(foreign_key="unit.id", index=True)
    token_hash: str = Field(max_length=64, unique=True)
    token_nonce: str = Field(max_length=64)  # see models/tokens.py
    # Kept in step with models/statuses.invitation_status by the commands that change its facts.
    status: InvitationStatus = Field(
        default=InvitationStatus.SENT, sa_type=StoredEnum(InvitationStatus, 12)
    )
    sent_at: datetime
    opened_at: datetime | None = None
    answered_at: datetime | None = None
    revoked_at: datetime | None = None
    # Where this invitation's link goes: None follows the unit's email; set when the unit's
    # email changed while the round was open, so the live link keeps going to the address
    # it was sent to until the drafting body re-issues it (models/commands/units.py).
    sent_to: str | None = Field(default=None, max_length=320)
    # The unit's own reply letter, listed in the synthesis table ("Công văn số 125-CV/HU").
    reply_number: str = Field(default="", max_length=40)
    reply_date: date | None = None
    no_further_comments: bool = False


class Conference(SQLModel, table=True):
    """The in-person conference of a conference round, and its minutes."""

    id: int | None = Field(default=None, primary_key=True)
    round_id: int = Field(foreign_key="round.id", unique=True)
    held_at: datetime
    place: str = Field(default="", max_length=300)
    chair: str = Field(default="", max_length=200)
    chair_title: str = Field(default="", max_length=200)
    secretary: str = Field(default="", max_length=200)
    attendees: int = 0
    ended_at: datetime | None = None
    conclusion: str = Field(default="")
