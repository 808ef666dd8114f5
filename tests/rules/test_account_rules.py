"""The pure account rules: passwords, the login throttle, when a session ends."""

from datetime import UTC, datetime, timedelta

import pytest

from duthao.demo import data
from models.login_throttle import LoginLimits, TooManyAttempts, wait_before_login
from models.passwords import HAS_NAME, TOO_SHORT, password_problem
from models.session_rule import (
    ENDED,
    IDLE,
    SEEN,
    TOO_OLD,
    SessionLimits,
    end_reason,
    new_session,
    touched,
)

NOW = datetime(2023, 7, 12, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("password", "why"),
    [
        ("12345678", TOO_SHORT),
        ("duthao-demo", TOO_SHORT),  # the old demo password
        ("123456789012", "danh sách mật khẩu phổ biến"),
        ("password1234", "danh sách mật khẩu phổ biến"),
        ("iloveyou2020", "danh sách mật khẩu phổ biến"),
        ("qwertyuiopas", "phổ biến"),
        ("aaaaaaaaaaaa", "lặp lại"),
        ("abcdefghijkl", "dãy liên tiếp"),
        ("hoa12345678901", HAS_NAME),
        ("duthao@2023!", "tên hệ thống"),
        ("Dự thảo 2023!!", "tên hệ thống"),
        ("duthao-duthao", "tên hệ thống"),
        (" " * 14, "dấu cách"),
        ("x" * 200, "dài quá"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(password: str, why: str) -> None:
    problem = password_problem(password, username="hoa", full_name="Lê Thị Hoa")
    assert problem is not None and why in problem


def test_the_full_name_counts_without_its_diacritics() -> None:
    problem = password_problem("Lethihoa-2023!", username="canbo", full_name="Lê Thị Hoa")
    assert problem is not None and "họ tên" in problem


@pytest.mark.parametrize(
    "password",
    ["mat-khau-9x-dai-hon", "correct horse battery staple", "Dự thảo xanh lá cây 7"],
)
def test_strong_passwords_pass(password: str) -> None:
    assert password_problem(password, username="hoa", full_name="Lê Thị Hoa") is None


def test_the_demo_password_passes_for_every_demo_account() -> None:
    assert data.DEMO_PASSWORD != "duthao-demo"
    for acc in data.ACCOUNTS:
        assert (
            password_problem(data.DEMO_PASSWORD, username=acc.username, full_name=acc.full_name)
            is None
        ), acc.username


LIMITS = LoginLimits(per_pair=5, per_address=20, window=timedelta(minutes=15))


def test_throttle_counts_the_pair_and_the_address_never_the_username_alone() -> None:
    four = [("hoa", NOW - timedelta(minutes=m)) for m in range(4)]
    assert wait_before_login(four, "hoa", NOW, LIMITS) == timedelta(0)
    five = [*four, ("hoa", NOW - timedelta(minutes=10))]
    # Blocked until the oldest of the five leaves the 15-minute window.
    assert wait_before_login(five, "hoa", NOW, LIMITS) == timedelta(minutes=5)
    assert wait_before_login(five, "nam", NOW, LIMITS) == timedelta(0)  # another name
    # Failures that aged out do not count.
    old = [("hoa", NOW - timedelta(minutes=16 + m)) for m in range(10)]
    assert wait_before_login(old, "hoa", NOW, LIMITS) == timedelta(0)
    # Spraying: one address, twenty names once each, blocks the address for every name.
    spray = [(f"u{i}", NOW - timedelta(seconds=i)) for i in range(20)]
    assert wait_before_login(spray, "hoa", NOW, LIMITS) > timedelta(0)
    assert wait_before_login(spray[:19], "hoa", NOW, LIMITS) == timedelta(0)


def test_too_many_attempts_says_when_in_minutes() -> None:
    exc = TooManyAttempts(timedelta(minutes=4, seconds=10))
    assert exc.status_code == 429 and exc.retry_after == 250
    assert "quá nhiều lần" in exc.message and "5 phút" in exc.message


def test_session_ends_on_version_idle_and_age() -> None:
    limits = SessionLimits(idle=timedelta(minutes=60), absolute=timedelta(hours=12))
    data_ = new_session(7, 3, NOW)
    assert end_reason(data_, version=3, now=NOW, limits=limits) is None
    assert end_reason(data_, version=4, now=NOW, limits=limits) == ENDED  # logged out
    assert end_reason(data_, version=None, now=NOW, limits=limits) == ENDED  # deactivated
    assert end_reason({"uid": 7}, version=0, now=NOW, limits=limits) == ENDED  # old cookie
    later = NOW + timedelta(minutes=59)
    assert end_reason(data_, version=3, now=later, limits=limits) is None
    assert end_reason(data_, version=3, now=NOW + timedelta(minutes=60), limits=limits) == IDLE
    # Activity moves the idle limit, at most once a minute; never the absolute one.
    assert touched(data_, later) and data_[SEEN] == int(later.timestamp())
    assert not touched(data_, later + timedelta(seconds=30))
    at = later
    while at < NOW + timedelta(hours=11, minutes=50):
        at += timedelta(minutes=50)
        if at >= NOW + timedelta(hours=12):
            break
        assert end_reason(data_, version=3, now=at, limits=limits) is None
        touched(data_, at)
    assert end_reason(data_, version=3, now=NOW + timedelta(hours=12), limits=limits) == TOO_OLD
