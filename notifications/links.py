"""A unit's personal link, built when its message is sent.

The outbox row keeps the invitation's id (`context["invitation_id"]`), never the link: the
link is the HMAC of the invitation's current nonce (models/tokens.py), so a message queued
before a re-issue carries the new link, and no table holds a live token.
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from models.db import table_of
from models.ids import id_of
from models.tables import Invitation, OutboxMessage
from models.tokens import Links


def invitation_of(row: OutboxMessage) -> int | None:
    value = (row.context or {}).get("invitation_id")
    return value if isinstance(value, int) else None


def issued_link(row: OutboxMessage, links: Links) -> str | None:
    """A recipient's link to the issued directive (the team reads it on its page instead)."""
    if row.template != "issuance" or row.directive_id is None or (row.context or {}).get("team"):
        return None
    return links.issued_url(row.directive_id)


def links_for(session: Session, rows: Iterable[OutboxMessage], links: Links) -> dict[int, str]:
    """Row id → the unit's link, for the rows about an invitation (one query) or about an
    issued directive."""
    rows = list(rows)
    issued = {id_of(row): url for row in rows if (url := issued_link(row, links))}
    wanted: dict[int, int] = {
        id_of(row): iid for row in rows if (iid := invitation_of(row)) is not None
    }
    if not wanted:
        return issued
    table = table_of(Invitation)
    found = session.execute(
        select(table.c.id, table.c.token_nonce).where(table.c.id.in_(set(wanted.values())))
    ).all()
    nonces: dict[int, str] = {iid: nonce for iid, nonce in found}
    return issued | {
        row_id: links.invitation_url(nonces[iid]) for row_id, iid in wanted.items() if iid in nonces
    }


def link_for(session: Session, row: OutboxMessage, links: Links) -> str:
    """One row's link ('' when the message is not about an invitation)."""
    return links_for(session, [row], links).get(id_of(row), "")
