from datetime import date, datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel


class Term(SQLModel, table=True):
    """A term of the committee (nhiệm kỳ): numbers restart at 01 for each kind in each term."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=40)  # "2020 - 2025"
    starts_on: date
    ends_on: date


class RegisterCounter(SQLModel, table=True):
    """The last sequence handed out per issuer, kind and term; updated atomically."""

    __table_args__ = (UniqueConstraint("issuer_id", "kind", "term_id"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="unit.id")
    kind: str = Field(max_length=10)
    term_id: int = Field(foreign_key="term.id")
    last_seq: int = 0


class RegisterEntry(SQLModel, table=True):
    """One line of the number register (sổ đăng ký văn bản)."""

    __table_args__ = (UniqueConstraint("issuer_id", "kind", "term_id", "seq"),)

    id: int | None = Field(default=None, primary_key=True)
    issuer_id: int = Field(foreign_key="unit.id")
    kind: str = Field(max_length=10)
    term_id: int = Field(foreign_key="term.id")
    seq: int
    number: str = Field(max_length=40, index=True)
    doc_date: date
    abstract: str = Field(default="", max_length=500)
    directive_id: int | None = Field(default=None, foreign_key="directive.id")
    manual: bool = False  # issued outside the system and entered by hand
    registered_at: datetime
    registered_by: str = Field(default="", max_length=80)
