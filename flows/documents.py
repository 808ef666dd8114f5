"""The `render-documents` flow: a directive's document families, rendered by the provider
the composition root wired (documents/provider.render_documents, its data folder bound)."""

from typing import Any

from prefect import flow

from flows.runtime import current
from flows.tasks import in_session


@flow(name="render-documents")
async def render_documents_flow(directive_id: int, families: list[str]) -> dict[str, Any]:
    """(Re)write the families' files; a process with no renderer wired renders nothing."""
    render = current().extras.get("render_documents")
    if render is None:
        return {"written": []}
    written = await in_session(lambda s: render(s, directive_id, families))
    return {"written": [p.name for p in written]}
