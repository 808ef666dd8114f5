"""Accounts of officers, leaders and administrators; API tokens; the login rate limit."""

import hashlib
import secrets
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from sqlalchemy import delete, func
from sqlmodel import Session, select

from models import audit
from models.commands.common import get
from models.commands.units import check_email
from models.errors import Conflict, Invalid
from models.policy import ROLE_LABELS
from models.tables import ApiToken, LoginAttempt, Unit, User
from models.text import clean_line

ROLES = ROLE_LABELS  # officer, leader, clerk (văn thư), admin: models/policy.py
MAX_FAILURES = 5  # per username within WINDOW
WINDOW = timedelta(minutes=15)

_hasher = PasswordHash.recommended()  # argon2id


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def user_create(
    session: Session,
    *,
    username: str,
    password: str,
    full_name: str,
    role: str = "officer",
    unit_id: int | None = None,
    email: str = "",
    by: str,
    now: datetime,
) -> User:
    username = clean_line(username).lower()
    if (
        not username
        or len(username) > 80
        or not username.replace(".", "").replace("_", "").isalnum()
    ):
        raise Invalid("Tên đăng nhập chỉ gồm chữ, số, dấu chấm hoặc gạch dưới.", field="username")
    if len(password) < 8:
        raise Invalid("Mật khẩu phải có ít nhất 8 ký tự.", field="password")
    if role not in ROLES:
        raise Invalid("Vai trò không hợp lệ.", field="role")
    if unit_id is not None:
        get(session, Unit, unit_id)
    if session.exec(select(User).where(User.username == username)).first():
        raise Conflict(f"Tên đăng nhập “{username}” đã có.", field="username")
    user = User(
        username=username,
        full_name=clean_line(full_name),
        email=check_email(email),
        role=role,
        unit_id=unit_id,
        password_hash=hash_password(password),
        created_at=now,
    )
    session.add(user)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="user.create",
        entity="user",
        entity_id=user.id,
        after={"username": username, "role": role},
    )
    session.commit()
    return user


def recent_failures(session: Session, username: str, now: datetime) -> int:
    return session.exec(
        select(func.count())
        .select_from(LoginAttempt)
        .where(
            LoginAttempt.username == clean_line(username).lower(), LoginAttempt.at > now - WINDOW
        )
    ).one()


def login_check(
    session: Session, *, username: str, password: str, ip: str, now: datetime
) -> User | None:
    """The user if the password matches; failures are counted and limited per username."""
    name = clean_line(username).lower()[:80]
    if recent_failures(session, name, now) >= MAX_FAILURES:
        raise Invalid("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút.")
    user = session.exec(select(User).where(User.username == name, User.active == True)).first()  # noqa: E712
    # Verify against a dummy hash for unknown users, so timing does not reveal who exists.
    ok = _hasher.verify(password, user.password_hash if user else _DUMMY)
    if user is None or not ok:
        session.add(LoginAttempt(username=name, ip=ip[:64], at=now))
        session.commit()
        return None
    session.execute(delete(LoginAttempt).where(LoginAttempt.username == name))
    session.commit()
    return user


_DUMMY = hash_password(secrets.token_urlsafe(16))


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def api_token_create(
    session: Session, *, user_id: int, name: str = "", by: str, now: datetime
) -> tuple[ApiToken, str]:
    """A new API token; the raw value is returned once and only its hash is stored."""
    get(session, User, user_id)
    raw = "dt_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user_id, name=clean_line(name)[:100], token_hash=_digest(raw), created_at=now
    )
    session.add(token)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="api_token.create",
        entity="apitoken",
        entity_id=token.id,
        after={"user_id": user_id, "name": token.name},
    )
    session.commit()
    return token, raw


def api_token_user(session: Session, raw: str) -> User | None:
    if not raw or len(raw) > 200:
        return None
    row = session.exec(
        select(ApiToken, User)
        .join(User, User.id == ApiToken.user_id)
        .where(
            ApiToken.token_hash == _digest(raw),
            ApiToken.revoked_at == None,  # noqa: E711
            User.active == True,  # noqa: E712
        )
    ).first()
    return row[1] if row else None


def api_token_revoke(session: Session, *, token_id: int, by: str, now: datetime) -> None:
    token = session.get(ApiToken, token_id)
    if token is None:
        raise Invalid(f"Không tìm thấy mã truy cập #{token_id}.")
    token.revoked_at = now
    session.add(token)
    audit.record(
        session, actor=by, at=now, action="api_token.revoke", entity="apitoken", entity_id=token_id
    )
    session.commit()
