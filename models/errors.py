"""Domain errors: each carries the Vietnamese message that the UI, API and CLI show as is."""


class DomainError(Exception):
    """A rule refused the action; nothing was changed."""

    status_code = 409

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


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
