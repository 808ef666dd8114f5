"""When a signed-in session stops being valid. Pure: the cookie's fields, the user row and
the clock in, a verdict out.

Why a per-user session version in the signed cookie rather than server-side session rows:
the user row is already read on every request (a deactivated account must stop at once),
so comparing one more integer costs nothing, and no request ever writes to the database
just to keep a session alive. Raising the version (logout, password change or reset,
deactivation) ends every session of that user, on every device and web worker, at once.
The idle time is tracked in the cookie itself, re-signed at most once a minute.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

USER = "uid"
VERSION = "sv"
SIGNED_IN = "iat"  # when the password was typed (epoch seconds): the absolute limit
SEEN = "seen"  # the last request (epoch seconds, to the minute): the idle limit
TOUCH_EVERY = 60  # seconds between re-signing the cookie to move SEEN

ENDED = "Phiên đăng nhập đã kết thúc (đã đăng xuất hoặc đổi mật khẩu). Vui lòng đăng nhập lại."
IDLE = "Phiên đăng nhập đã hết hạn do lâu không thao tác. Vui lòng đăng nhập lại."
TOO_OLD = "Phiên đăng nhập đã quá thời hạn cho phép. Vui lòng đăng nhập lại."


@dataclass(frozen=True)
class SessionLimits:
    idle: timedelta = timedelta(minutes=60)
    absolute: timedelta = timedelta(hours=12)


def _stamp(now: datetime) -> int:
    return int(now.timestamp())


def new_session(user_id: int, version: int, now: datetime) -> dict[str, int]:
    return {USER: user_id, VERSION: version, SIGNED_IN: _stamp(now), SEEN: _stamp(now)}


def end_reason(
    data: dict[str, Any], *, version: int | None, now: datetime, limits: SessionLimits
) -> str | None:
    """None if the session stands; else the Vietnamese reason it ended. `version` is the
    user's current session version, None when the user is gone or deactivated."""
    signed_in, seen = data.get(SIGNED_IN), data.get(SEEN)
    if version is None or data.get(VERSION) != version:
        return ENDED
    if not isinstance(signed_in, int) or not isinstance(seen, int):
        return ENDED  # a cookie from before versions existed
    stamp = _stamp(now)
    if stamp - signed_in >= limits.absolute.total_seconds():
        return TOO_OLD
    if stamp - seen >= limits.idle.total_seconds():
        return IDLE
    return None


def touched(data: dict[str, Any], now: datetime) -> bool:
    """Move SEEN forward if it is a minute old; True if the cookie changed."""
    stamp = _stamp(now)
    seen = data.get(SEEN)
    if isinstance(seen, int) and stamp - seen < TOUCH_EVERY:
        return False
    data[SEEN] = stamp
    return True
