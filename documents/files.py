"""Writing a directive's documents to a folder: each as .docx and .pdf (and the synthesis
table also as .xlsx), for the records as they stand."""

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, select

from documents.common import context
from documents.directive import issued_document
from documents.docx_writer import render_docx
from documents.letters import round_letter
from documents.minutes import conference_minutes
from documents.model import Document
from documents.pdf_writer import render_pdf
from documents.report import consultation_report
from documents.submission import submission
from documents.synthesis import synthesis
from documents.synthesis_doc import synthesis_document, synthesis_xlsx
from models.errors import NotFound
from models.lifecycle import RoundKind, Stage
from models.rulesets import RuleSet
from models.tables import Comment, Conference, Invitation, Round, Signing

AFTER_FINALISING = {Stage.FINALISING.value, Stage.SUBMITTED.value, Stage.SIGNED.value}
AFTER_FINALISING |= {Stage.ISSUED.value}


@dataclass
class Planned:
    """One document to write: its family (what triggers it) and how to build it."""

    family: str  # "letter:12", "minutes:13", "synthesis", "report", "submission", "directive"
    build: Callable[[], Document]
    xlsx: Callable[[], bytes] | None = None


def write_atomic(path: Path, content: bytes) -> None:
    """Readers (a download, an email) never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(content)
    os.replace(tmp, path)


def _round_plans(session: Session, rnd: Round, conferences_before: int) -> list[Planned]:
    rid = rnd.id
    assert rid is not None
    plans = [Planned(f"letter:{rid}", lambda: round_letter(session, rid))]
    if rnd.kind != RoundKind.CONFERENCE.value:
        return plans
    suffix = f"-{conferences_before + 1}" if conferences_before else ""
    plans[0].build = lambda: _renamed(round_letter(session, rid), suffix)
    conf = session.exec(select(Conference).where(Conference.round_id == rid)).first()
    if rnd.status == "closed" or (conf is not None and conf.ended_at is not None):
        plans.append(
            Planned(f"minutes:{rid}", lambda: _renamed(conference_minutes(session, rid), suffix))
        )
    return plans


def _renamed(doc: Document, suffix: str) -> Document:
    doc.slug += suffix
    return doc


def plan(session: Session, directive_id: int) -> list[Planned]:
    """The documents the records support now, in the order of the case."""
    ctx = context(session, directive_id)
    rounds = session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(Round.ordinal)  # type: ignore[arg-type]
    ).all()
    plans: list[Planned] = []
    conferences = 0
    for rnd in rounds:
        plans += _round_plans(session, rnd, conferences)
        conferences += rnd.kind == RoundKind.CONFERENCE.value
    any_answer = (
        session.exec(
            select(func.count())
            .select_from(Comment)
            .join(Round, Round.id == Comment.round_id)
            .where(Round.directive_id == directive_id, Comment.draft == False)  # noqa: E712
        ).one()
        or session.exec(
            select(func.count())
            .select_from(Invitation)
            .join(Round, Round.id == Invitation.round_id)
            .where(Round.directive_id == directive_id, Invitation.no_further_comments == True)  # noqa: E712
        ).one()
    )
    if any_answer:
        cached: dict[str, object] = {}

        def table():  # type: ignore[no-untyped-def]
            if "s" not in cached:
                cached["s"] = synthesis(session, directive_id)
            return cached["s"]

        plans.append(
            Planned(
                "synthesis",
                lambda: synthesis_document(session, directive_id, table()),
                lambda: synthesis_xlsx(session, directive_id, table()),
            )
        )
    if any(r.status == "closed" for r in rounds):
        plans.append(Planned("report", lambda: consultation_report(session, directive_id)))
    if ctx.directive.stage in AFTER_FINALISING:
        plans.append(Planned("submission", lambda: submission(session, directive_id)))
    if session.exec(select(Signing).where(Signing.directive_id == directive_id)).first():
        plans.append(Planned("directive", lambda: issued_document(session, directive_id)))
    return plans


def write_document(doc: Document, rules: RuleSet, out_dir: Path) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = [out_dir / f"{doc.slug}.docx", out_dir / f"{doc.slug}.pdf"]
    write_atomic(paths[0], render_docx(doc, rules))
    write_atomic(paths[1], render_pdf(doc, rules))
    return paths


def write_directive_documents(
    session: Session,
    directive_id: int,
    out_dir: Path,
    *,
    families: Iterable[str] | None = None,
) -> list[Path]:
    """Write every document the records support (or only `families`) under `out_dir`:
    cong-van-490-CV-BDVTU, giay-moi-hoi-nghi, bien-ban-hoi-nghi, bang-tong-hop (+ .xlsx),
    bao-cao-ket-qua-lay-y-kien, to-trinh, chi-thi-22-CT-TU; each as .docx and .pdf."""
    rules = context(session, directive_id).rules
    wanted = set(families) if families is not None else None
    written: list[Path] = []
    for p in plan(session, directive_id):
        if wanted is not None and p.family not in wanted:
            continue
        doc = p.build()
        written += write_document(doc, rules, out_dir)
        if p.xlsx is not None:
            path = out_dir / f"{doc.slug}.xlsx"
            write_atomic(path, p.xlsx())
            written.append(path)
    return written


MEDIA_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _slug_of(p: Planned, session: Session, directive_id: int) -> str:
    """The file stem a plan writes, without rendering anything (cheap)."""
    if p.family.startswith(("letter:", "minutes:")):
        return p.build().slug  # builds the document model only: no DOCX/PDF rendering
    return {
        "synthesis": "bang-tong-hop",
        "report": "bao-cao-ket-qua-lay-y-kien",
        "submission": "to-trinh",
    }.get(p.family) or p.build().slug


def available_files(session: Session, directive_id: int) -> list[str]:
    """File names the records support now ("cong-van-490-CV-BDVTU.pdf", …), for a page to list."""
    out = []
    for p in plan(session, directive_id):
        stem = _slug_of(p, session, directive_id)
        out += [f"{stem}.docx", f"{stem}.pdf"] + ([f"{stem}.xlsx"] if p.xlsx else [])
    return out


def render_file(session: Session, directive_id: int, filename: str) -> tuple[bytes, str]:
    """One file rendered now from the records, for a download: (content, media type)."""
    stem, _, ext = filename.rpartition(".")
    for p in plan(session, directive_id):
        if ext not in MEDIA_TYPES or _slug_of(p, session, directive_id) != stem:
            continue
        rules = context(session, directive_id).rules
        if ext == "xlsx":
            if p.xlsx is None:
                break
            return p.xlsx(), MEDIA_TYPES[ext]
        doc = p.build()
        content = render_docx(doc, rules) if ext == "docx" else render_pdf(doc, rules)
        return content, MEDIA_TYPES[ext]
    raise NotFound(f"Không có văn bản “{filename}” cho dự thảo này.")
