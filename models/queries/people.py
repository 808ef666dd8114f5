"""Who is who: accounts by name, the account list, API tokens with their owners, and the
drafting team that gets a directive's notices."""

from sqlmodel import Session, col, select

from models.errors import NotFound
from models.tables import ApiToken, Directive, User
from models.text import clean_line


def username_key(username: str) -> str:
    return clean_line(username).lower()[:80]


def user_by_name(session: Session, username: str) -> User:
    user = session.exec(select(User).where(User.username == username_key(username))).first()
    if user is None:
        raise NotFound(f"Không có tài khoản “{clean_line(username)[:80]}”.")
    return user


def any_user(session: Session) -> bool:
    """Whether the install has an account (none: the first run, /setup)."""
    return session.exec(select(User.id).limit(1)).first() is not None


def users_list(session: Session) -> list[User]:
    return list(session.exec(select(User).order_by(User.username)).all())


def api_tokens_list(session: Session, *, user_id: int | None = None) -> list[tuple[ApiToken, User]]:
    """Tokens with their owner, newest first; one user's, or everyone's (administrators)."""
    stmt = select(ApiToken, User).join(User, col(User.id) == ApiToken.user_id)
    if user_id is not None:
        stmt = stmt.where(ApiToken.user_id == user_id)
    return [(t, u) for t, u in session.exec(stmt.order_by(col(ApiToken.id).desc())).all()]


def team(session: Session, directive: Directive) -> list[User]:
    """The drafting body's officers, who get the team's notifications."""
    return list(
        session.exec(
            select(User).where(
                User.unit_id == directive.drafting_unit_id,
                User.active == True,  # noqa: E712
            )
        ).all()
    )
