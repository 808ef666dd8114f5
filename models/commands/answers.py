"""What a consulted unit does through its personal link: read, comment, submit, correct."""

from datetime import date, datetime
from typing import TypedDict

from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import Session, select

from models import audit
from models.clock import local_date
from models.commands.placement import place_comment
from models.db import begin_write
from models.errors import DomainError, Forbidden, Invalid
from models.event_log import record
from models.events import CommentSubmitted
from models.ids import id_of
from models.labels import POSITIONS
from models.outbox import enqueue
from models.queries.links import Access, access
from models.queries.records import get
from models.statuses import Position, status_of
from models.tables import Comment, Directive, Invitation, Section
from models.tables.comment import REQUEST_KEY_CHARS
from models.text import clean, clean_line, search_text, short_date, short_datetime

MAX_COMMENT_CHARS = 20_000


def writable_access(session: Session, raw_token: str, now: datetime, grace_days: int) -> Access:
    acc = access(session, raw_token, now=now, grace_days=grace_days)
    if not acc.writable:
        raise DomainError(acc.reason + " Không thể gửi hoặc sửa ý kiến.")
    # Lock the invitation row: a double submit from two tabs is serialised.
    session.exec(
        select(Invitation)
        .where(Invitation.id == acc.invitation.id)
        .with_for_update()
        .execution_options(populate_existing=True)  # see what the other tab committed
    )
    return acc


def invitation_opened(
    session: Session, *, raw_token: str, now: datetime, grace_days: int = 7
) -> Access:
    """Resolve the link and record the first opening (in a short write of its own)."""
    acc = access(session, raw_token, now=now, grace_days=grace_days)
    if acc.invitation.opened_at is None:
        try:
            # The page's session reads without the write lock; the mark asks for it for one
            # short transaction, and sees what another tab may have recorded meanwhile.
            begin_write(session)
            inv = session.exec(
                select(Invitation)
                .where(Invitation.id == acc.invitation.id)
                .with_for_update()
                .execution_options(populate_existing=True)
            ).one()
            if inv.opened_at is None:
                inv.opened_at = now
                inv.status = status_of(inv, acc.round, local_date(now))
                session.add(inv)
            session.commit()
        except OperationalError:
            # The write lock stayed taken (another process, SQLite): the mark is best-effort
            # and the next visit records it; the page still shows.
            session.rollback()
    return acc


def checked_comment_text(position: str, text: str, section: Section | None, version_id: int) -> str:
    if position not in POSITIONS:
        raise Invalid(
            "Vui lòng chọn ý kiến: tán thành, tán thành có ý kiến hoặc không tán thành.",
            field="position",
        )
    text = clean(text)
    if position != Position.AGREE and not text:
        raise Invalid("Vui lòng nhập nội dung góp ý.", field="text")
    if len(text) > MAX_COMMENT_CHARS:
        raise Invalid(f"Nội dung góp ý quá dài (tối đa {MAX_COMMENT_CHARS} ký tự).", field="text")
    if section is not None and section.version_id != version_id:
        raise Invalid("Phần được chọn không thuộc bản dự thảo đang lấy ý kiến.", field="section_id")
    return text


BAD_KEY = (
    f"Mã yêu cầu (Idempotency-Key) không hợp lệ: 1–{REQUEST_KEY_CHARS} ký tự ASCII in được,"
    " không có khoảng trắng."
)
KEY_REUSED = (
    "Mã yêu cầu này đã được dùng cho một ý kiến khác. Ý kiến trước đã được lưu;"
    " vui lòng tải lại trang (hoặc dùng mã mới) để thêm ý kiến mới."
)


def check_request_key(key: str | None) -> str | None:
    """A client's request key: printable ASCII without spaces, at most REQUEST_KEY_CHARS
    (a UUID, or the form token of the page); empty means none."""
    if not key:
        return None
    if len(key) > REQUEST_KEY_CHARS or not all("!" <= ch <= "~" for ch in key):
        raise Invalid(BAD_KEY, field="request_key")
    return key


def _by_key(session: Session, invitation_id: int, key: str) -> Comment | None:
    return session.exec(
        select(Comment).where(Comment.invitation_id == invitation_id, Comment.request_key == key)
    ).first()


def _replay(done: Comment, position: str, text: str, section: Section | None) -> Comment:
    """The comment a repeated request created already. The same key with other content is
    refused (a client reusing its key by mistake), unless the comment was edited since."""
    same = (done.position, done.text, done.section_id) == (
        position,
        text,
        section.id if section else None,
    )
    if not same and done.updated_at is None:
        raise Invalid(KEY_REUSED, field="text")
    return done


class Anchor(TypedDict):
    """A comment's anchor columns (models/tables/comment.py)."""

    section_key: str
    quote: str
    quote_prefix: str
    quote_suffix: str


def anchor_fields(section: Section | None, quote: str = "") -> Anchor:
    """Where a comment points, stored so it survives a new version (key + quote + context)."""
    if section is None:
        return {"section_key": "", "quote": "", "quote_prefix": "", "quote_suffix": ""}
    quote = clean(quote)
    body = section.text
    at = body.find(quote) if quote else -1
    if at < 0:
        quote, at = body[:300], 0
    return {
        "section_key": section.key,
        "quote": quote,
        "quote_prefix": body[max(0, at - 60) : at],
        "quote_suffix": body[at + len(quote) : at + len(quote) + 60],
    }


def comment_save(
    session: Session,
    *,
    raw_token: str,
    position: str,
    text: str,
    section_id: int | None = None,
    quote: str = "",
    comment_id: int | None = None,
    request_key: str | None = None,
    now: datetime,
    grace_days: int = 7,
) -> Comment:
    """Add or edit one comment. Before the unit submits, it is a private draft; after, an
    edit (until the deadline) changes the submitted comment and is audited.

    Adding is idempotent per `request_key` (the page's form token, the API's Idempotency-Key):
    the same request again, or 50 at once, makes one comment and each gets it back."""
    key = check_request_key(request_key) if comment_id is None else None
    acc = writable_access(session, raw_token, now, grace_days)
    section = get(session, Section, section_id) if section_id else None
    text = checked_comment_text(position, text, section, acc.round.draft_version_id)
    if key is not None and (done := _by_key(session, id_of(acc.invitation), key)) is not None:
        return _replay(done, position, text, section)
    answered = acc.invitation.answered_at is not None
    if comment_id is not None:
        comment = get(session, Comment, comment_id)
        if comment.invitation_id != acc.invitation.id:
            raise Forbidden("Ý kiến này không thuộc đơn vị của bạn.")
        before = {"position": comment.position, "text": comment.text}
        change: dict[str, object] = {
            "position": position,
            "text": text,
            "search_text": search_text(text),
            "section_id": section.id if section else None,
        }
        change |= anchor_fields(section, quote)
        if all(getattr(comment, k) == v for k, v in change.items()):
            return comment  # the same edit again (a retried PUT): nothing to write or audit
        for k, v in change.items():
            setattr(comment, k, v)
        comment.updated_at = now
    else:
        before = None
        comment = Comment(
            round_id=id_of(acc.round),
            invitation_id=id_of(acc.invitation),
            unit_id=id_of(acc.unit),
            version_id=acc.round.draft_version_id,
            section_id=section.id if section else None,
            position=Position(position),
            text=text,
            search_text=search_text(text),
            draft=not answered,
            received_at=now,
            request_key=key,
            **anchor_fields(section, quote),
        )
    place_comment(session, comment, acc.round.directive_id)
    session.add(comment)
    try:
        session.flush()
    except IntegrityError:
        if key is None:
            raise
        # Another request with the key got in first (the unique index decides, whatever the
        # locks): answer with its comment.
        session.rollback()
        done = _by_key(session, id_of(acc.invitation), key)
        if done is None:
            raise
        return _replay(done, position, text, section)
    if answered:
        audit.record(
            session,
            actor=f"unit:{acc.unit.id}",
            at=now,
            action="comment.edit" if before else "comment.add",
            entity="comment",
            entity_id=comment.id,
            directive_id=acc.round.directive_id,
            before=before,
            after={"position": position, "text": text},
        )
    session.commit()
    return comment


def comment_delete(
    session: Session, *, raw_token: str, comment_id: int, now: datetime, grace_days: int = 7
) -> None:
    acc = writable_access(session, raw_token, now, grace_days)
    comment = get(session, Comment, comment_id)
    if comment.invitation_id != acc.invitation.id:
        raise Forbidden("Ý kiến này không thuộc đơn vị của bạn.")
    if not comment.draft:
        audit.record(
            session,
            actor=f"unit:{acc.unit.id}",
            at=now,
            action="comment.delete",
            entity="comment",
            entity_id=comment.id,
            directive_id=acc.round.directive_id,
            before={"position": comment.position, "text": comment.text},
        )
    session.delete(comment)
    session.commit()


def _receipt(session: Session, acc: Access, now: datetime, comments: int, key: str) -> None:
    directive = get(session, Directive, acc.round.directive_id)
    enqueue(
        session,
        key=key,
        template="receipt",
        to_email=acc.unit.email,
        to_name=acc.unit.name,
        now=now,
        directive_id=directive.id,
        round_id=acc.round.id,
        context={
            "unit": acc.unit.name,
            "directive_title": directive.title,
            "letter_number": acc.round.letter_number or "",
            "submitted_at": short_datetime(now),
            "comments": comments,
            "no_further_comments": acc.invitation.no_further_comments,
            "deadline": short_date(acc.round.deadline),
        },
    )


def answer_submit(
    session: Session,
    *,
    raw_token: str,
    now: datetime,
    reply_number: str = "",
    reply_date: date | None = None,
    grace_days: int = 7,
) -> tuple[Invitation, list[CommentSubmitted]]:
    """Submit the unit's drafted comments, once; a second submit with nothing new is refused."""
    acc = writable_access(session, raw_token, now, grace_days)
    drafts = session.exec(
        select(Comment).where(
            Comment.invitation_id == acc.invitation.id,
            Comment.draft == True,  # noqa: E712
        )
    ).all()
    if acc.invitation.answered_at is not None and not drafts:
        raise DomainError(
            "Đơn vị đã gửi ý kiến lúc "
            f"{short_datetime(acc.invitation.answered_at)}; "
            "không có nội dung mới để gửi."
        )
    if not drafts:
        raise Invalid("Chưa có ý kiến nào. Hãy thêm ý kiến hoặc chọn “không có ý kiến thêm”.")
    for c in drafts:
        c.draft = False
        c.received_at = now
        session.add(c)
    inv = acc.invitation
    first = inv.answered_at is None
    inv.answered_at = inv.answered_at or now
    inv.status = status_of(inv, acc.round, local_date(now))
    inv.reply_number = clean_line(reply_number)[:40] or inv.reply_number
    inv.reply_date = reply_date or inv.reply_date or local_date(now)
    session.add(inv)
    total = len(session.exec(select(Comment.id).where(Comment.invitation_id == inv.id)).all())
    audit.record(
        session,
        actor=f"unit:{acc.unit.id}",
        at=now,
        action="answer.submit",
        entity="invitation",
        entity_id=inv.id,
        directive_id=acc.round.directive_id,
        after={"comments": len(drafts), "first": first},
    )
    _receipt(session, acc, now, total, key=f"receipt:{inv.id}:{now.isoformat()}")
    events = [CommentSubmitted(acc.round.directive_id, now, id_of(acc.round), id_of(inv))]
    record(session, events)
    session.commit()
    return inv, events


def answer_no_comments(
    session: Session,
    *,
    raw_token: str,
    now: datetime,
    reply_number: str = "",
    reply_date: date | None = None,
    grace_days: int = 7,
) -> Invitation:
    """ "Thống nhất với dự thảo, không có ý kiến thêm" in one click."""
    acc = writable_access(session, raw_token, now, grace_days)
    inv = acc.invitation
    if inv.answered_at is not None:
        raise DomainError("Đơn vị đã gửi ý kiến cho đợt này.")
    drafts = session.exec(select(Comment).where(Comment.invitation_id == inv.id)).all()
    for c in drafts:  # the unit chose to agree as a whole: its unsent drafts go
        session.delete(c)
    inv.no_further_comments = True
    inv.answered_at = now
    inv.status = status_of(inv, acc.round, local_date(now))
    inv.reply_number = clean_line(reply_number)[:40]
    inv.reply_date = reply_date or local_date(now)
    session.add(inv)
    audit.record(
        session,
        actor=f"unit:{acc.unit.id}",
        at=now,
        action="answer.agree",
        entity="invitation",
        entity_id=inv.id,
        directive_id=acc.round.directive_id,
    )
    _receipt(session, acc, now, 0, key=f"receipt:{inv.id}:{now.isoformat()}")
    event = CommentSubmitted(acc.round.directive_id, now, id_of(acc.round), id_of(inv))
    record(session, [event])
    session.commit()
    return inv
