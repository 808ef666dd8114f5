"""The `group-comments` flow: a directive's comments grouped as suggestions
(models/commands/grouping.groups_recompute) after a round closes or when an officer asks,
off the request."""

from dataclasses import asdict
from typing import Any

from prefect import flow

from flows.tasks import command, when
from models.commands.grouping import groups_recompute


@flow(name="group-comments")
async def group_comments_flow(directive_id: int, now: str | None = None) -> dict[str, Any]:
    done = await command(
        lambda s: groups_recompute(s, directive_id=directive_id, now=when(now)),
        label="group-comments",
    )
    return asdict(done)
