"""The pure status rules: a round's state and an invitation's status from their facts."""

from datetime import UTC, date, datetime, timedelta

import pytest

from models.errors import DomainError
from models.lifecycle import RoundKind
from models.statuses import (
    NOT_CONFERENCE,
    InvitationStatus,
    RoundState,
    RoundStatus,
    TokenStatus,
    invitation_status,
    require_kind,
    round_state,
    token_state,
)

TODAY = date(2023, 7, 12)
AT = datetime(2023, 7, 10, 2, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.mark.parametrize(
    ("status", "deadline", "state"),
    [
        (RoundStatus.OPEN, None, RoundState.OPEN),  # a conference has no deadline
        (RoundStatus.OPEN, TODAY + DAY, RoundState.OPEN),
        (RoundStatus.OPEN, TODAY, RoundState.OPEN),  # the deadline day itself still counts
        (RoundStatus.OPEN, TODAY - DAY, RoundState.OVERDUE),
        (RoundStatus.CLOSED, TODAY + DAY, RoundState.CLOSED),
        (RoundStatus.CLOSED, TODAY - DAY, RoundState.CLOSED),
        (RoundStatus.CLOSED, None, RoundState.CLOSED),
        ("closed", None, RoundState.CLOSED),  # the stored string works as well
    ],
)
def test_round_state(status: str, deadline: date | None, state: RoundState) -> None:
    assert round_state(status, deadline, TODAY) == state


@pytest.mark.parametrize(
    ("answered", "opened", "status", "deadline", "expected"),
    [
        (None, None, RoundStatus.OPEN, TODAY + DAY, InvitationStatus.SENT),
        (None, AT, RoundStatus.OPEN, TODAY + DAY, InvitationStatus.OPENED),
        (None, None, RoundStatus.OPEN, None, InvitationStatus.SENT),
        (None, AT, RoundStatus.OPEN, TODAY, InvitationStatus.OPENED),
        (None, None, RoundStatus.OPEN, TODAY - DAY, InvitationStatus.OVERDUE),
        (None, AT, RoundStatus.OPEN, TODAY - DAY, InvitationStatus.OVERDUE),
        (None, AT, RoundStatus.CLOSED, TODAY + DAY, InvitationStatus.OVERDUE),
        (None, None, RoundStatus.CLOSED, None, InvitationStatus.OVERDUE),
        (AT, AT, RoundStatus.OPEN, TODAY + DAY, InvitationStatus.ANSWERED),
        (AT, None, RoundStatus.OPEN, TODAY - DAY, InvitationStatus.ANSWERED),
        (AT, AT, RoundStatus.CLOSED, TODAY - DAY, InvitationStatus.ANSWERED),
    ],
)
def test_invitation_status(
    answered: datetime | None,
    opened: datetime | None,
    status: RoundStatus,
    deadline: date | None,
    expected: InvitationStatus,
) -> None:
    got = invitation_status(
        answered_at=answered, opened_at=opened, round_status=status, deadline=deadline, today=TODAY
    )
    assert got == expected


@pytest.mark.parametrize(
    ("revoked", "expires", "expected"),
    [
        (None, AT + DAY, TokenStatus.ACTIVE),
        (None, AT, TokenStatus.EXPIRED),  # expiry is exclusive
        (None, AT - DAY, TokenStatus.EXPIRED),
        (AT - DAY, AT + DAY, TokenStatus.REVOKED),
        (AT - DAY, AT - DAY, TokenStatus.REVOKED),  # revoked says more than expired
    ],
)
def test_token_state(revoked: datetime | None, expires: datetime, expected: TokenStatus) -> None:
    assert token_state(revoked, expires, AT) == expected


def test_require_kind() -> None:
    require_kind("conference", RoundKind.CONFERENCE)
    with pytest.raises(DomainError) as exc:
        require_kind(RoundKind.WRITTEN, RoundKind.CONFERENCE)
    assert str(exc.value) == NOT_CONFERENCE
    with pytest.raises(DomainError, match="cơ sở"):
        require_kind(RoundKind.CONFERENCE, RoundKind.GRASSROOTS)


def test_enum_values_are_the_stored_strings() -> None:
    # The columns hold the strings: a member must equal them, and convert back from them.
    assert InvitationStatus("overdue") is InvitationStatus.OVERDUE
    stored: str = "open"  # as a column reads it back
    assert RoundStatus.OPEN == stored
    assert f"{RoundStatus.CLOSED}" == "closed"
