"""A unit's personal link, built when its message is sent.

The outbox row keeps the invitation's id (`context["invitation_id"]`), or a period report's
(`context["report_id"]`, issue 12), never the link: the link is the HMAC of the record's
current nonce (models/tokens.py), so a message queued before a re-issue carries the new link,
and no table holds a live token. A revoked report gets no link (its mail is not sent).
"""

from collections.abc import Iterable

from sqlalchemy import select
from sqlmodel import Session

from models.db import table_of
from models.ids import id_of
from models.tables import Invitation, OutboxMessage, UnitReport
from models.tokens import Links


def invitation_of(row: OutboxMessage) -> int | None:
    value = (row.context or {}).get("invitation_id")
    return value if isinstance(value, int) else None


def report_of(row: OutboxMessage) -> int | None:
    value = (row.context or {}).get("report_id")
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
    found_links = issued | _report_links(session, rows, links)
    wanted: dict[int, int] = {
        id_of(row): iid for row in rows if (iid := invitation_of(row)) is not None
    }
    if not wanted:
        return found_links
    table = table_of(Invitation)
    found = session.execute(
        select(table.c.id, table.c.token_nonce).where(table.c.id.in_(set(wanted.values())))
    ).all()
    nonces: dict[int, str] = {iid: nonce for iid, nonce in found}
    return found_links | {
        row_id: links.invitation_url(nonces[iid]) for row_id, iid in wanted.items() if iid in nonces
    }


def _report_links(session: Session, rows: list[OutboxMessage], links: Links) -> dict[int, str]:
    """Row id → the unit's report link (/r/<token>) for rows about a period report."""
    wanted = {id_of(row): rid for row in rows if (rid := report_of(row)) is not None}
    if not wanted:
        return {}
    table = table_of(UnitReport)
    found = session.execute(
        select(table.c.id, table.c.token_nonce).where(
            table.c.id.in_(set(wanted.values())), table.c.revoked_at.is_(None)
        )
    ).all()
    nonces: dict[int, str] = {rid: nonce for rid, nonce in found}
    return {
        row_id: links.report_url(nonces[rid]) for row_id, rid in wanted.items() if rid in nonces
    }


def link_for(session: Session, row: OutboxMessage, links: Links) -> str:
    """One row's link ('' when the message is about no invitation nor report)."""
    return links_for(session, [row], links).get(id_of(row), "")
