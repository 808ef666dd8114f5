"""The composition root: the providers the flows use in this process (documents rendered
into the data folder, the outbox delivered with the round's letter or the issued directive
attached), and the drain every entry point ends with."""

import asyncio
from datetime import datetime
from functools import partial
from typing import Any

from sqlalchemy.engine import Engine

from models.settings import Settings


def delivery_providers() -> dict[str, Any]:
    """The outbox's sender and the digests, for flows/delivery.py."""
    from documents.attachments import mail_attachments
    from notifications.delivery import deliver_ready, worker_name
    from notifications.digest import gather_digests

    async def deliver(engine: Engine, settings: Settings, *, now: datetime) -> Any:
        return await deliver_ready(
            engine, settings, now=now, worker=worker_name(), attachments=mail_attachments
        )

    return {"deliver_ready": deliver, "gather_digests": gather_digests}


def flow_extras(settings: Settings) -> dict[str, Any]:
    """Every provider: delivery, and documents written under the settings' data folder."""
    from documents.provider import render_documents

    return {
        **delivery_providers(),
        "render_documents": partial(render_documents, data_dir=settings.data_dir),
    }


def drain_inline(settings: Settings, engine: Engine | None = None) -> int:
    """The CLI's end of every command: react to what is pending, in this process (or as
    deployment runs, distributed), until nothing is left. Returns the events reacted to."""
    from flows.drainer import Drainer, runner_for
    from flows.runtime import configure

    rt = configure(settings, engine, **flow_extras(settings))
    try:
        return asyncio.run(Drainer(rt.engine, runner_for(settings.topology)).drain())
    finally:
        if engine is None:
            rt.engine.dispose()
