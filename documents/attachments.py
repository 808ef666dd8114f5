"""The round's letter (công văn with the draft attached) on the invitation emails."""

from collections import OrderedDict
from threading import Lock

from sqlmodel import Session, col, select

from documents.common import context
from documents.docx_writer import render_docx
from documents.letters import round_letter
from documents.pdf_writer import render_pdf
from models.tables import Directive, Invitation, OutboxMessage, Round, Unit
from notifications.attachments import Attachment

TEMPLATES = {"invitation", "grassroots_request"}
DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"

# One round's letter goes to every invited unit: render it once, not once per email. The key
# holds what the letter shows, so a changed deadline or a unit added renders it again.
_cache: OrderedDict[tuple[object, ...], tuple[str, bytes, bytes]] = OrderedDict()
_lock = Lock()


def _fingerprint(session: Session, rnd: Round) -> tuple[object, ...]:
    directive = session.get(Directive, rnd.directive_id)
    units = session.exec(
        select(Unit.id, Unit.name)
        .join(Invitation, col(Invitation.unit_id) == Unit.id)
        .where(Invitation.round_id == rnd.id)
    ).all()
    return (
        rnd.id,
        rnd.letter_number,
        rnd.letter_date,
        rnd.deadline,
        rnd.abstract,
        rnd.draft_version_id,
        directive.title if directive else "",
        tuple(sorted(tuple(u) for u in units)),
    )


def round_letter_files(session: Session, round_id: int) -> tuple[str, bytes, bytes]:
    """(slug, pdf, docx) of the round's letter."""
    rnd = session.get(Round, round_id)
    assert rnd is not None
    key = _fingerprint(session, rnd)
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    doc = round_letter(session, round_id)
    rules = context(session, rnd.directive_id).rules
    files = (doc.slug, render_pdf(doc, rules), render_docx(doc, rules))
    with _lock:
        _cache[key] = files
        while len(_cache) > 8:
            _cache.popitem(last=False)
    return files


def round_letter_attachments(session: Session, message: OutboxMessage) -> list[Attachment]:
    """The letter as PDF and DOCX for "invitation"/"grassroots_request" emails; else none."""
    if message.template not in TEMPLATES or message.round_id is None:
        return []
    if session.get(Round, message.round_id) is None:
        return []
    slug, pdf, docx = round_letter_files(session, message.round_id)
    return [
        Attachment(f"{slug}.pdf", pdf, "application", "pdf"),
        Attachment(f"{slug}.docx", docx, "application", DOCX),
    ]
