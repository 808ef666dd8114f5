"""A unit's link as the sender builds it: the outbox keeps only the invitation's id, so tests
that answer as a unit read the link the way notifications/links.py does."""

from typing import Any

from sqlalchemy.engine import Engine

from models.db import session_scope
from models.tables import OutboxMessage
from models.tokens import Links
from notifications.links import link_for


def unit_link(engine: Engine, row: OutboxMessage, settings: Any) -> str:
    """The link in `row`'s message ('' when it is not about an invitation)."""
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    with session_scope(engine, read_only=True) as session:
        return link_for(session, row, links)


def unit_token(engine: Engine, row: OutboxMessage, settings: Any) -> str:
    return unit_link(engine, row, settings).rsplit("/", 1)[-1]
