"""The audit trail: one row per change, in the same transaction as the change."""

from datetime import date, datetime
from typing import Any

from sqlmodel import Session

from models.tables import AuditEvent


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date):
        return value.isoformat()
    return value


def snapshot(obj: Any, *fields: str) -> dict[str, Any]:
    return {f: _plain(getattr(obj, f)) for f in fields}


def record(
    session: Session,
    *,
    actor: str,
    at: datetime,
    action: str,
    entity: str,
    entity_id: int | None,
    directive_id: int | None = None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
) -> None:
    session.add(
        AuditEvent(
            at=at,
            actor=actor,
            directive_id=directive_id,
            entity=entity,
            entity_id=entity_id,
            action=action,
            before={k: _plain(v) for k, v in before.items()} if before else None,
            after={k: _plain(v) for k, v in after.items()} if after else None,
        )
    )
