"""Writing a directive's documents to a folder: each as .docx and .pdf (and the synthesis
table also as .xlsx), for the records as they stand."""

import os
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, partial
from pathlib import Path

from sqlalchemy import func
from sqlmodel import Session, col, select

from documents.common import context, slug
from documents.directive import issued_document
from documents.docx_writer import render_docx
from documents.don_doc import don_doc_letter, don_doc_stem
from documents.letters import letter_stem, round_letter
from documents.minutes import conference_minutes
from documents.model import Document
from documents.pdf_writer import render_pdf
from documents.report import consultation_report
from documents.review import plan_document, plan_stem, review_document, stem
from documents.submission import submission
from documents.synthesis import synthesis
from documents.synthesis_doc import synthesis_document, synthesis_xlsx
from models.errors import NotFound
from models.ids import id_of
from models.lifecycle import RoundKind, Stage
from models.numbers import file_number
from models.queries.reviews import review_periods, review_report
from models.rulesets import RuleSet
from models.tables import Comment, Conference, DonDocLetter, Invitation, Round, Signing

AFTER_FINALISING = {Stage.FINALISING.value, Stage.SUBMITTED.value, Stage.SIGNED.value}
AFTER_FINALISING |= {Stage.ISSUED.value}


@dataclass
class Planned:
    """One document to write: its family (what triggers it), its file stem, how to build it."""

    family: str  # "letter:12", "minutes:13", "synthesis", "report", "submission", "directive"
    slug: str  # "cong-van-490-CV-BDVTU"
    build: Callable[[], Document]
    xlsx: Callable[[], bytes] | None = None

    def document(self) -> Document:
        doc = self.build()
        doc.slug = self.slug  # a second conference's papers get "-2"
        return doc


def write_atomic(path: Path, content: bytes) -> None:
    """Readers (a download, an email) never see half a file."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    with os.fdopen(fd, "wb") as f:
        f.write(content)
    os.replace(tmp, path)


def _round_plans(session: Session, rnd: Round, conferences_before: int) -> list[Planned]:
    rid = rnd.id
    assert rid is not None
    if rnd.kind != RoundKind.CONFERENCE.value:
        return [Planned(f"letter:{rid}", letter_stem(rnd), lambda: round_letter(session, rid))]
    suffix = f"-{conferences_before + 1}" if conferences_before else ""
    plans = [
        Planned(f"letter:{rid}", letter_stem(rnd) + suffix, lambda: round_letter(session, rid))
    ]
    conf = session.exec(select(Conference).where(Conference.round_id == rid)).first()
    if rnd.status == "closed" or (conf is not None and conf.ended_at is not None):
        plans.append(
            Planned(
                f"minutes:{rid}",
                f"bien-ban-hoi-nghi{suffix}",
                lambda: conference_minutes(session, rid),
            )
        )
    return plans


def _answered(session: Session, directive_id: int) -> bool:
    in_directive = (Round.directive_id == directive_id,)
    comments = session.exec(
        select(func.count())
        .select_from(Comment)
        .join(Round, col(Round.id) == Comment.round_id)
        .where(*in_directive, Comment.draft == False)  # noqa: E712
    ).one()
    agreed = session.exec(
        select(func.count())
        .select_from(Invitation)
        .join(Round, col(Round.id) == Invitation.round_id)
        .where(*in_directive, Invitation.no_further_comments == True)  # noqa: E712
    ).one()
    return bool(comments or agreed)


def plan(session: Session, directive_id: int) -> list[Planned]:
    """The documents the records support now, in the order of the case."""
    ctx = context(session, directive_id)
    rounds = session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(col(Round.ordinal))
    ).all()
    plans: list[Planned] = []
    conferences = 0
    for rnd in rounds:
        plans += _round_plans(session, rnd, conferences)
        conferences += rnd.kind == RoundKind.CONFERENCE.value
    if _answered(session, directive_id):
        table = cache(lambda: synthesis(session, directive_id))  # read once for both formats
        plans.append(
            Planned(
                "synthesis",
                "bang-tong-hop",
                lambda: synthesis_document(session, directive_id, table()),
                lambda: synthesis_xlsx(session, directive_id, table()),
            )
        )
    if any(r.status == "closed" for r in rounds):
        plans.append(
            Planned(
                "report",
                "bao-cao-ket-qua-lay-y-kien",
                lambda: consultation_report(session, directive_id),
            )
        )
    if ctx.directive.stage in AFTER_FINALISING:
        plans.append(Planned("submission", "to-trinh", lambda: submission(session, directive_id)))
    signing = session.exec(select(Signing).where(Signing.directive_id == directive_id)).first()
    if signing is not None:
        stem = f"{slug(ctx.kind_name)}-{file_number(signing.number)}"
        plans.append(Planned("directive", stem, lambda: issued_document(session, directive_id)))
    plans += review_plans(session, directive_id)
    plans += _follow_up_plans(session, directive_id)
    return plans


def review_plans(session: Session, directive_id: int) -> list[Planned]:
    """A review round's Kế hoạch once numbered, its Báo cáo once drafted: "review:<period>"."""
    out: list[Planned] = []
    for period in review_periods(session, directive_id):
        pid = id_of(period)
        if period.plan_number:
            out.append(
                Planned(
                    f"review:{pid}",
                    plan_stem(period),
                    partial(plan_document, session, pid),
                )
            )
        if review_report(session, pid) is not None:
            out.append(
                Planned(
                    f"review:{pid}",
                    stem(period, "bao-cao"),
                    partial(review_document, session, pid),
                )
            )
    return out


def _follow_up_plans(session: Session, directive_id: int) -> list[Planned]:
    """After issuance: each period's công văn đôn đốc (family "don-doc:<period id>")."""
    letters = session.exec(
        select(DonDocLetter)
        .where(DonDocLetter.directive_id == directive_id)
        .order_by(col(DonDocLetter.id))
    ).all()
    return [
        Planned(f"don-doc:{letter.period_id}", don_doc_stem(letter), _build(session, id_of(letter)))
        for letter in letters
    ]


def _build(session: Session, letter_id: int) -> Callable[[], Document]:
    return lambda: don_doc_letter(session, letter_id)


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
        doc = p.document()
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


def available_files(session: Session, directive_id: int) -> list[str]:
    """File names the records support now ("cong-van-490-CV-BDVTU.pdf", …), for a page to list."""
    out = []
    for p in plan(session, directive_id):
        stem = p.slug
        out += [f"{stem}.docx", f"{stem}.pdf"] + ([f"{stem}.xlsx"] if p.xlsx else [])
    return out


def render_file(session: Session, directive_id: int, filename: str) -> tuple[bytes, str]:
    """One file rendered now from the records, for a download: (content, media type)."""
    stem, _, ext = filename.rpartition(".")
    for p in plan(session, directive_id):
        if ext not in MEDIA_TYPES or p.slug != stem:
            continue
        rules = context(session, directive_id).rules
        if ext == "xlsx":
            if p.xlsx is None:
                break
            return p.xlsx(), MEDIA_TYPES[ext]
        doc = p.document()
        content = render_docx(doc, rules) if ext == "docx" else render_pdf(doc, rules)
        return content, MEDIA_TYPES[ext]
    raise NotFound(f"Không có văn bản “{filename}” cho dự thảo này.")
