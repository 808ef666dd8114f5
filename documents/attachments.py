"""The documents on the emails: the round's letter (công văn with the draft attached) on the
invitations, the issued directive on the issuance mail."""

from collections import OrderedDict
from collections.abc import Callable
from threading import Lock

from sqlmodel import Session, col, select

from documents.common import context
from documents.directive import issued_document
from documents.docx_writer import render_docx
from documents.letters import round_letter
from documents.model import Document
from documents.pdf_writer import render_pdf
from models.tables import Directive, Invitation, OutboxMessage, Round, Signing, Unit
from notifications.attachments import Attachment

TEMPLATES = {"invitation", "grassroots_request"}
DOCX = "vnd.openxmlformats-officedocument.wordprocessingml.document"

# One round's letter goes to every invited unit, the issued directive to every recipient:
# render each once, not once per email. The key holds what the document shows, so a changed
# deadline or a unit added renders the letter again.
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


Files = tuple[str, bytes, bytes]  # (slug, pdf, docx)


def _rendered(
    session: Session, key: tuple[object, ...], directive_id: int, build: Callable[[], Document]
) -> Files:
    """The document's two files, from the cache when `key` (what it shows) is unchanged."""
    with _lock:
        if key in _cache:
            _cache.move_to_end(key)
            return _cache[key]
    doc = build()
    rules = context(session, directive_id).rules
    files = (doc.slug, render_pdf(doc, rules), render_docx(doc, rules))
    with _lock:
        _cache[key] = files
        while len(_cache) > 8:
            _cache.popitem(last=False)
    return files


def round_letter_files(session: Session, round_id: int) -> Files:
    """(slug, pdf, docx) of the round's letter."""
    rnd = session.get(Round, round_id)
    assert rnd is not None
    key = ("letter", *_fingerprint(session, rnd))
    return _rendered(session, key, rnd.directive_id, lambda: round_letter(session, round_id))


def round_letter_attachments(session: Session, message: OutboxMessage) -> list[Attachment]:
    """The letter as PDF and DOCX for "invitation"/"grassroots_request" emails; else none."""
    if message.template not in TEMPLATES or message.round_id is None:
        return []
    if session.get(Round, message.round_id) is None:
        return []
    return _pair(*round_letter_files(session, message.round_id))


def _pair(slug: str, pdf: bytes, docx: bytes) -> list[Attachment]:
    return [
        Attachment(f"{slug}.pdf", pdf, "application", "pdf"),
        Attachment(f"{slug}.docx", docx, "application", DOCX),
    ]


def issued_files(session: Session, directive_id: int) -> Files | None:
    """(slug, pdf, docx) of the signed directive, rendered from the records as the
    render-documents flow writes it; None before signing. Rendered here rather than read
    from the data folder: the issuance mail may leave before that flow has run, and must
    never go without the directive."""
    signing = session.exec(select(Signing).where(Signing.directive_id == directive_id)).first()
    directive = session.get(Directive, directive_id)
    if signing is None or directive is None:
        return None
    key = ("issued", directive_id, signing.id, directive.final_version_id, directive.title)
    return _rendered(session, key, directive_id, lambda: issued_document(session, directive_id))


def mail_attachments(session: Session, message: OutboxMessage) -> list[Attachment]:
    """What each email carries: the round's letter on invitations, the directive on the
    issuance mail (duthao/wiring.py plugs this into the delivery)."""
    if message.template == "issuance" and message.directive_id is not None:
        files = issued_files(session, message.directive_id)
        return _pair(*files) if files else []
    return round_letter_attachments(session, message)
