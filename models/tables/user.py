from datetime import datetime

from sqlmodel import Field, SQLModel

from models.policy import Role
from models.tables.enum_column import StoredEnum


class User(SQLModel, table=True):
    """An officer, leader or administrator; units answer through links and have no account."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, unique=True)
    full_name: str = Field(default="", max_length=200)
    email: str = Field(default="", max_length=320)
    password_hash: str = Field(default="", max_length=300)
    role: Role = Field(default=Role.OFFICER, sa_type=StoredEnum(Role, 20))
    unit_id: int | None = Field(default=None, foreign_key="unit.id")  # the drafting body
    digest: bool = False  # one daily email instead of one per event
    active: bool = True
    created_at: datetime
    # Every session cookie carries the version it was signed in with; raising it (logout,
    # password change or reset, deactivation) ends every session of the user at once.
    session_version: int = 0
    # Set by an administrator's reset: the next sign-in leads to the new-password form only.
    must_change_password: bool = False
    password_changed_at: datetime | None = None


class ApiToken(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(foreign_key="user.id", index=True)
    name: str = Field(default="", max_length=100)
    token_hash: str = Field(max_length=64, unique=True)
    created_at: datetime
    expires_at: datetime
    # Written at most once per TOUCH_EVERY (models/commands/users.py), never on every call.
    last_used_at: datetime | None = None
    revoked_at: datetime | None = None


class LoginAttempt(SQLModel, table=True):
    """Failed logins, kept in the DB so the rate limit holds across web workers."""

    id: int | None = Field(default=None, primary_key=True)
    username: str = Field(max_length=80, index=True)
    ip: str = Field(default="", max_length=64, index=True)
    at: datetime = Field(index=True)
