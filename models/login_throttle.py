"""The login throttle rule, for the login page, the API's token exchange and the password
change alike. Pure: given recent failures from one address, may this attempt proceed?

Failures are counted per (username, address) and per address, never per username alone:
an attacker elsewhere can then slow only themself, not lock the real user out, and one
address spraying passwords across many usernames is slowed all the same.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from models.errors import DomainError
from models.settings import Settings


@dataclass(frozen=True)
class LoginLimits:
    per_pair: int = 5
    per_address: int = 20
    window: timedelta = timedelta(minutes=15)

    @classmethod
    def of(cls, settings: Settings) -> "LoginLimits":
        return cls(
            per_pair=settings.login_max_failures,
            per_address=settings.login_max_failures_per_address,
            window=timedelta(minutes=settings.login_window_minutes),
        )


class TooManyAttempts(DomainError):
    status_code = 429

    def __init__(self, wait: timedelta) -> None:
        self.retry_after = max(1, math.ceil(wait.total_seconds()))
        minutes = max(1, math.ceil(self.retry_after / 60))
        super().__init__(
            f"Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau {minutes} phút.", field=None
        )


def _wait(times: Sequence[datetime], limit: int, now: datetime, window: timedelta) -> timedelta:
    """How long until fewer than `limit` of these failures are inside the window."""
    recent = sorted(t for t in times if t > now - window)
    if len(recent) < limit:
        return timedelta(0)
    # The attempt is allowed again once the (n - limit + 1)-th oldest failure ages out.
    return recent[len(recent) - limit] + window - now


def wait_before_login(
    failures: Sequence[tuple[str, datetime]], username: str, now: datetime, limits: LoginLimits
) -> timedelta:
    """`failures`: (username, at) of the recent failed logins from this attempt's address.
    Zero if the attempt may proceed, else how long it must wait."""
    pair = [at for name, at in failures if name == username]
    everyone = [at for _, at in failures]
    return max(
        _wait(pair, limits.per_pair, now, limits.window),
        _wait(everyone, limits.per_address, now, limits.window),
    )
