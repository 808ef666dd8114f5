from datetime import datetime

from sqlmodel import Field, SQLModel


class User(SQLModel, table=True):
    """An officer, leader or administrator; units answer through links and have no account."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True)
    full_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
    password_hash: str = Field(default="", max_length=300)
    role: str = Field(default="officer", max_length=20)  # officer | leader | clerk | admin
    unit_id: int | None = Field(default=None, foreign_key="unit.id")  # the drafting body
    digest: bool = False  # one daily email instead of one per event
    active: bool = True
    created_at: datetime


class ApiToken(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(default="", max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    revoked_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """Failed logins, kept in the DB so the rate limit holds across web workers."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, index=True)
    ip: str = Field(default="", max_length=64)
    at: datetime = Field(index=True)
