"""The first run: an install with no account creates its first administrator, once.

The page /setup is public, so what makes it safe is here: it acts only while no user exists,
and the administrator is created in the same transaction as the one row of `setupmark`
(models/tables/setup.py), whose key can only be 1. Of two concurrent first runs the second
either sees the first's user (SQLite serialises writers) or fails on that key (PostgreSQL):
both answer as for a page that does not exist, and one administrator exists.
"""

from datetime import datetime

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session

from models import audit
from models.commands.users import user_create
from models.errors import Invalid, NotFound
from models.ids import id_of
from models.policy import Role
from models.queries.people import any_user
from models.tables import SetupMark, User

GONE = "Không tìm thấy trang này."


def first_admin_create(
    session: Session,
    *,
    username: str,
    full_name: str,
    email: str,
    password: str,
    confirm: str,
    now: datetime,
) -> User:
    """The first administrator, or NotFound once any account exists (then forever)."""
    if any_user(session):
        raise NotFound(GONE)
    if confirm != password:
        raise Invalid("Hai lần nhập mật khẩu không khớp.", field="confirm_password")
    try:
        user = user_create(
            session,
            username=username,
            password=password,
            full_name=full_name,
            role=Role.ADMIN.value,
            email=email,
            by="setup",
            now=now,
            commit=False,
        )
        # The claim: a concurrent first run waits on this key (PostgreSQL), then fails.
        session.add(SetupMark(id=1, admin_id=id_of(user), done_at=now))
        audit.record(
            session,
            actor=user.username,
            at=now,
            action="setup.first_admin",
            entity="user",
            entity_id=user.id,
            after={"username": user.username},
        )
        session.commit()
    except IntegrityError:
        # Another first run committed its administrator (or took this username) meanwhile.
        session.rollback()
        raise NotFound(GONE) from None
    return user
