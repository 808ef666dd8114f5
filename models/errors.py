"""Domain errors: each carries the Vietnamese message that the UI, API and CLI show as is."""

from dataclasses import dataclass
from typing import Any, Literal


@dataclass(frozen=True)
class Cause:
    """A record a refusal points at, so the officer can open what caused it ("Còn 2 ý kiến
    chưa có hướng tiếp thu" → those comments; a number already used → its holder). The web
    layer turns it into a link, shown only when the user may see that record."""

    label: str
    record: Literal["directive", "round", "comment"]
    id: int
    query: str = ""  # the round page's filter ("decision=none"), for a round


class DomainError(Exception):
    """A rule refused the action; nothing was changed."""

    status_code = 409

    def __init__(
        self, message: str, *, field: str | None = None, causes: tuple[Cause, ...] = ()
    ) -> None:
        super().__init__(message)
        self.message = message
        self.field = field
        self.causes = causes

    def details(self) -> dict[str, Any]:
        """What an API client gets besides the message, field and causes."""
        return {}


class NotFound(DomainError):
    status_code = 404


class Invalid(DomainError):
    """Malformed or out-of-range input."""

    status_code = 422


class Forbidden(DomainError):
    status_code = 403


class Conflict(DomainError):
    """Someone else changed the record first (concurrent edit or duplicate submission)."""

    status_code = 409


class NumberTaken(Conflict):
    """A document number typed by hand that the register already holds: the message and
    `holder` say which document has it."""

    def __init__(
        self, message: str, *, field: str, holder: dict[str, Any], causes: tuple[Cause, ...]
    ) -> None:
        super().__init__(message, field=field, causes=causes)
        self.holder = holder

    def details(self) -> dict[str, Any]:
        return {"holder": self.holder}
