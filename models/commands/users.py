"""Accounts of officers, leaders and administrators: passwords, sign-in with its throttle,
the end of sessions, and API tokens (expiry, last use, revocation)."""

import hashlib
import secrets
from datetime import datetime, timedelta

from pwdlib import PasswordHash
from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from models import audit
from models.commands.units import UNSET, check_email
from models.errors import Conflict, DomainError, Invalid, NotFound
from models.login_throttle import LoginLimits, TooManyAttempts, wait_before_login
from models.passwords import password_problem
from models.policy import ROLE_LABELS, Role
from models.queries.people import username_key
from models.queries.records import get
from models.settings import Settings
from models.statuses import TokenStatus, token_state
from models.tables import ApiToken, LoginAttempt, Unit, User
from models.text import clean_line

ROLES = ROLE_LABELS  # officer, leader, clerk (văn thư), admin: models/policy.py
# last_used_at is written at most this often per token: a bearer call is a read, not a write.
TOUCH_EVERY = timedelta(minutes=5)
MAX_TOKEN_CHARS = 200
DEFAULT_TOKEN_LIFETIME = timedelta(days=Settings.model_fields["api_token_days"].default)

_hasher = PasswordHash.recommended()  # argon2id


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password(
    password: str, *, username: str, full_name: str, field: str = "password"
) -> None:
    """The password rule (models/passwords.py) as a refusal next to the form's field."""
    problem = password_problem(password, username=username, full_name=full_name)
    if problem:
        raise Invalid(problem, field=field)


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
    commit: bool = True,
) -> User:
    username = clean_line(username).lower()
    if (
        not username
        or len(username) > 80
        or not username.replace(".", "").replace("_", "").isalnum()
    ):
        raise Invalid("Tên đăng nhập chỉ gồm chữ, số, dấu chấm hoặc gạch dưới.", field="username")
    check_password(password, username=username, full_name=full_name)
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
        role=Role(role),
        unit_id=unit_id,
        password_hash=hash_password(password),
        created_at=now,
        password_changed_at=now,
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
    if commit:
        session.commit()
    return user


def user_update(
    session: Session,
    *,
    user_id: int,
    role: str | None = None,
    unit_id: int | None = UNSET,
    by: str,
    admin_id: int | None = None,
    now: datetime,
) -> User:
    """An administrator changes an account's role or drafting body (None: no body); the
    next request of the account already has them (the row is read on every request)."""
    user = get(session, User, user_id, lock=True)
    before = audit.snapshot(user, "role", "unit_id")
    if role is not None:
        if role not in ROLES:
            raise Invalid("Vai trò không hợp lệ.", field="role")
        if admin_id is not None and admin_id == user_id and role != user.role:
            # An administrator demoting themselves could leave the install with none.
            raise Conflict(
                "Không tự đổi vai trò của mình: hãy nhờ một quản trị viên khác.", field="role"
            )
        user.role = Role(role)
    if unit_id is not UNSET:
        if unit_id is not None:
            get(session, Unit, unit_id)
        user.unit_id = unit_id
    after = audit.snapshot(user, "role", "unit_id")
    if after == before:
        return user
    session.add(user)
    audit.record(
        session,
        actor=by,
        at=now,
        action="user.update",
        entity="user",
        entity_id=user_id,
        before=before,
        after=after,
    )
    session.commit()
    return user


# --- Sign-in and its throttle ---


def _throttle(session: Session, name: str, ip: str, now: datetime, limits: LoginLimits) -> None:
    """Refuse (429) before any password check when this address, or this username from this
    address, failed too often within the window (models/login_throttle.py)."""
    failures = session.exec(
        select(LoginAttempt.username, LoginAttempt.at).where(
            LoginAttempt.ip == ip, LoginAttempt.at > now - limits.window
        )
    ).all()
    wait = wait_before_login([(n, at) for n, at in failures], name, now, limits)
    if wait > timedelta(0):
        raise TooManyAttempts(wait)


def _failed(
    session: Session, name: str, ip: str, now: datetime, user: User | None, limits: LoginLimits
) -> None:
    """Count the failure for the throttle, audit it, and forget failures that aged out (the
    table stays small under attack)."""
    session.exec(delete(LoginAttempt).where(col(LoginAttempt.at) <= now - limits.window))
    session.add(LoginAttempt(username=name, ip=ip, at=now))
    audit.record(
        session,
        actor=name or "?",
        at=now,
        action="login.failed",
        entity="user",
        entity_id=user.id if user else None,
        after={"username": name, "ip": ip, "known_user": user is not None},
    )
    session.commit()


def login_check(
    session: Session, *, username: str, password: str, ip: str, now: datetime, limits: LoginLimits
) -> User | None:
    """The user if the password matches, None if not (counted and audited); TooManyAttempts
    (429) when the throttle refuses. The same rule for the login page and the API."""
    name, ip = username_key(username), ip[:64]
    _throttle(session, name, ip, now, limits)
    user = session.exec(select(User).where(User.username == name, User.active == True)).first()  # noqa: E712
    # Verify against a dummy hash for unknown users, so timing does not reveal who exists.
    ok = _hasher.verify(password, user.password_hash if user else _DUMMY)
    if user is None or not ok:
        _failed(session, name, ip, now, user, limits)
        return None
    # Only this address's failures for this name: an attacker's count elsewhere stays.
    session.exec(
        delete(LoginAttempt).where(col(LoginAttempt.username) == name, col(LoginAttempt.ip) == ip)
    )
    session.commit()
    return user


_DUMMY = hash_password(secrets.token_urlsafe(16))


# --- Sessions and passwords ---


def _end_sessions(user: User) -> None:
    user.session_version += 1


def user_sessions_end(session: Session, *, user_id: int, by: str, now: datetime) -> User:
    """Logout: every session of the user ends (models/session_rule.py)."""
    user = get(session, User, user_id)
    _end_sessions(user)
    session.add(user)
    audit.record(session, actor=by, at=now, action="user.logout", entity="user", entity_id=user_id)
    session.commit()
    return user


def user_password_change(
    session: Session,
    *,
    username: str,
    current: str,
    new: str,
    confirm: str | None = None,
    ip: str,
    now: datetime,
    limits: LoginLimits,
) -> User:
    """The user sets a new password, proving the current one (throttled and audited like a
    login). Every session of the user ends; the page signs the current one in again."""
    if not current:
        raise Invalid("Vui lòng nhập mật khẩu hiện tại.", field="current_password")
    user = login_check(session, username=username, password=current, ip=ip, now=now, limits=limits)
    if user is None:
        raise Invalid("Mật khẩu hiện tại không đúng.", field="current_password")
    check_password(new, username=user.username, full_name=user.full_name, field="new_password")
    if confirm is not None and confirm != new:
        raise Invalid("Hai lần nhập mật khẩu mới không khớp.", field="confirm_password")
    if new == current:
        raise Invalid("Mật khẩu mới phải khác mật khẩu hiện tại.", field="new_password")
    user.password_hash = hash_password(new)
    user.must_change_password = False
    user.password_changed_at = now
    _end_sessions(user)
    session.add(user)
    audit.record(
        session,
        actor=user.username,
        at=now,
        action="user.password_change",
        entity="user",
        entity_id=user.id,
    )
    session.commit()
    return user


def user_password_reset(
    session: Session,
    *,
    user_id: int,
    password: str | None = None,
    by: str,
    admin_id: int | None = None,
    now: datetime,
) -> User:
    """An administrator's reset: the user must set a new password at the next sign-in, every
    session ends and every API token is revoked (the account may be in other hands). With
    `password`, that temporary password replaces the old one (the user forgot it)."""
    user = get(session, User, user_id)
    if admin_id is not None and admin_id == user_id:
        raise Conflict("Không tự đặt lại mật khẩu của mình ở đây: hãy dùng trang Đổi mật khẩu.")
    if password is not None:
        check_password(password, username=user.username, full_name=user.full_name)
        user.password_hash = hash_password(password)
        user.password_changed_at = now
    user.must_change_password = True
    _end_sessions(user)
    session.add(user)
    revoked = _revoke_all(session, user_id, now)
    audit.record(
        session,
        actor=by,
        at=now,
        action="user.password_reset",
        entity="user",
        entity_id=user_id,
        after={"new_password": password is not None, "tokens_revoked": revoked},
    )
    session.commit()
    return user


def user_set_active(
    session: Session,
    *,
    user_id: int,
    active: bool,
    by: str,
    admin_id: int | None = None,
    now: datetime,
) -> User:
    """Deactivation ends every session (and reactivation does not revive old cookies)."""
    user = get(session, User, user_id)
    if not active and admin_id is not None and admin_id == user_id:
        raise Conflict("Không thể tự vô hiệu hóa tài khoản của mình.")
    if user.active == active:
        return user
    before = {"active": user.active}
    user.active = active
    if not active:
        _end_sessions(user)
    session.add(user)
    audit.record(
        session,
        actor=by,
        at=now,
        action="user.activate" if active else "user.deactivate",
        entity="user",
        entity_id=user_id,
        before=before,
        after={"active": active},
    )
    session.commit()
    return user


# --- API tokens ---


class TokenRefused(DomainError):
    status_code = 401


INVALID_TOKEN = "Mã truy cập API không hợp lệ."
REVOKED_TOKEN = "Mã truy cập API đã bị thu hồi."
EXPIRED_TOKEN = "Mã truy cập API đã hết hạn. Vui lòng cấp mã mới."


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def token_status(token: ApiToken, now: datetime) -> TokenStatus:
    return token_state(token.revoked_at, token.expires_at, now)


def api_token_create(
    session: Session,
    *,
    user_id: int,
    name: str = "",
    by: str,
    now: datetime,
    lifetime: timedelta = DEFAULT_TOKEN_LIFETIME,
) -> tuple[ApiToken, str]:
    """A new API token that expires after `lifetime` (the pages, API and CLI pass
    Settings.api_token_days); the raw value is returned once and only its hash is stored."""
    get(session, User, user_id)
    raw = "dt_" + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user_id,
        name=clean_line(name)[:100],
        token_hash=_digest(raw),
        created_at=now,
        expires_at=now + lifetime,
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
        after={"user_id": user_id, "name": token.name, "expires_at": token.expires_at},
    )
    session.commit()
    return token, raw


def api_token_check(session: Session, raw: str, *, now: datetime) -> tuple[User, ApiToken]:
    """The user behind a bearer token, or TokenRefused (401) saying why."""
    if not raw or len(raw) > MAX_TOKEN_CHARS:
        raise TokenRefused(INVALID_TOKEN)
    row = session.exec(
        select(ApiToken, User)
        .join(User, col(User.id) == col(ApiToken.user_id))
        .where(ApiToken.token_hash == _digest(raw))
    ).first()
    if row is None or not row[1].active:
        raise TokenRefused(INVALID_TOKEN)
    token, user = row
    status = token_status(token, now)
    if status != TokenStatus.ACTIVE:
        raise TokenRefused(REVOKED_TOKEN if status == TokenStatus.REVOKED else EXPIRED_TOKEN)
    return user, token


def api_token_user(session: Session, raw: str, *, now: datetime) -> User | None:
    try:
        return api_token_check(session, raw, now=now)[0]
    except TokenRefused:
        return None


def touch_due(token: ApiToken, now: datetime) -> bool:
    return token.last_used_at is None or now - token.last_used_at >= TOUCH_EVERY


def api_token_touch(session: Session, *, token_id: int, now: datetime) -> None:
    """Record the last use. Conditional, so concurrent calls write once; not audited."""
    session.exec(
        update(ApiToken)
        .where(
            col(ApiToken.id) == token_id,
            or_(
                col(ApiToken.last_used_at).is_(None),
                col(ApiToken.last_used_at) <= now - TOUCH_EVERY,
            ),
        )
        .values(last_used_at=now)
    )
    session.commit()


def api_token_revoke(
    session: Session, *, token_id: int, by: str, now: datetime, owner_id: int | None = None
) -> ApiToken:
    """Revoke a token. With `owner_id` (anyone but an administrator) only that user's own
    tokens can be named: another's answers as missing, so ids reveal nothing."""
    token = session.get(ApiToken, token_id)
    if token is None or (owner_id is not None and token.user_id != owner_id):
        raise NotFound(f"Không tìm thấy mã truy cập #{token_id}.")
    if token.revoked_at is not None:
        return token
    token.revoked_at = now
    session.add(token)
    audit.record(
        session,
        actor=by,
        at=now,
        action="api_token.revoke",
        entity="apitoken",
        entity_id=token_id,
        after={"user_id": token.user_id},
    )
    session.commit()
    return token


def _revoke_all(session: Session, user_id: int, now: datetime) -> int:
    result = session.exec(
        update(ApiToken)
        .where(col(ApiToken.user_id) == user_id, col(ApiToken.revoked_at).is_(None))
        .values(revoked_at=now)
    )
    return result.rowcount
