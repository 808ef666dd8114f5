"""The `place-comments` flow: after a new version, where each comment of the directive sits
on it (models/commands/placement.py), off the request that added the version."""

from typing import Any

from prefect import flow

from flows.tasks import command
from models.commands.placement import comments_place


@flow(name="place-comments")
async def place_comments_flow(directive_id: int, version_id: int) -> dict[str, Any]:
    placed = await command(
        lambda s: comments_place(s, directive_id=directive_id, version_id=version_id),
        label="place-comments",
    )
    return {"placed": placed}
