"""The flows' "render_documents" side effect: after a transition, (re)write the documents
it changed under <data_dir>/documents/<directive id>/. Rendering again writes the same files."""

from pathlib import Path
from typing import Any

from sqlmodel import Session

from documents.files import write_directive_documents
from models.queries.records import get
from models.tables import Round


def _families(kind: str, round_id: int | None) -> set[str] | None:
    later = {"synthesis", "report", "submission"}
    return {
        "round_opened": {f"letter:{round_id}"},
        "round_closed": {f"letter:{round_id}", "synthesis", "report"},
        "conference_recorded": {f"letter:{round_id}", f"minutes:{round_id}", *later},
        "synthesis": later,
        "signed": {*later, "directive"},
        "issued": {*later, "directive"},
    }.get(kind)


def documents_dir(data_dir: Path, directive_id: int) -> Path:
    return data_dir / "documents" / str(directive_id)


def render_for(session: Session, kind: str, **ids: Any) -> None:
    """Kinds: round_opened / round_closed / conference_recorded (round_id), synthesis /
    signed / issued (directive_id); any other kind (the sweep's) is ignored."""
    from flows.runtime import current

    round_id = ids.get("round_id")
    families = _families(kind, round_id)
    if families is None:
        return
    directive_id = ids.get("directive_id")
    if directive_id is None:
        directive_id = get(session, Round, round_id).directive_id
    out = documents_dir(current().settings.data_dir, directive_id)
    write_directive_documents(session, directive_id, out, families=families)
