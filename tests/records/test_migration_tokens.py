"""Revision 0003 on a database with accounts: tokens issued before expiry existed get one
(90 days after their creation), users keep signing in (session version 0, no reset)."""

from datetime import UTC, datetime, timedelta

from sqlalchemy import text

from models.db import make_engine
from models.migrate import upgrade
from tests.records.test_migrations import empty_url  # noqa: F401  (the fixture: both databases)

CREATED = datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_existing_tokens_get_an_expiry(empty_url: str) -> None:  # noqa: F811
    upgrade(empty_url, "0001")
    engine = make_engine(empty_url)
    with engine.begin() as conn:
        conn.execute(
            text(
                'INSERT INTO "user" (username, full_name, email, password_hash, role, digest,'
                " active, created_at) VALUES ('hoa', '', '', 'x', 'officer', false, true, :at)"
            ),
            {"at": CREATED},
        )
        conn.execute(
            text(
                "INSERT INTO apitoken (user_id, name, token_hash, created_at)"
                " VALUES (1, 'cu', :h, :at)"
            ),
            {"h": "0" * 64, "at": CREATED},
        )
    engine.dispose()
    upgrade(empty_url, "0003")
    engine = make_engine(empty_url)
    from sqlmodel import Session

    from models.tables import ApiToken, User

    with Session(engine) as s:
        token = s.get(ApiToken, 1)
        user = s.get(User, 1)
        assert token is not None and token.expires_at == CREATED + timedelta(days=90)
        assert token.last_used_at is None
        assert user is not None and user.session_version == 0
        assert user.must_change_password is False
    engine.dispose()
