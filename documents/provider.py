"""The documents the reactions render: (re)write a directive's document families under
<data_dir>/documents/<directive id>/. Rendering again writes the same files.

The data folder is passed in by the composition root (duthao/wiring.py), never looked up."""

from collections.abc import Iterable
from pathlib import Path

from sqlmodel import Session

from documents.files import write_directive_documents

LATER = ("synthesis", "report", "submission")


def documents_dir(data_dir: Path, directive_id: int) -> Path:
    return data_dir / "documents" / str(directive_id)


def render_documents(
    session: Session, directive_id: int, families: Iterable[str], *, data_dir: Path
) -> list[Path]:
    """Families: `letter:<round id>`, `minutes:<round id>`, synthesis, report, submission,
    directive, `don-doc:<period id>` (documents/files.py)."""
    out = documents_dir(data_dir, directive_id)
    return write_directive_documents(session, directive_id, out, families=set(families))
