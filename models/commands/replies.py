"""Replies kept as records (issue 11, item 7): a unit attaches its signed reply letter through
its link; an officer of the drafting body enters, for a written round, a reply received on
paper or by e-office on the unit's behalf. The file itself is stored by the caller before the
command (documents/replies.py) and removed again when the command refuses."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, select

from models import audit
from models.clock import local_date
from models.commands.answers import anchor_fields, checked_comment_text, writable_access
from models.commands.placement import place_comment
from models.errors import Invalid
from models.ids import id_of
from models.lifecycle import RoundKind
from models.queries.records import get
from models.statuses import Position, ReplySource, status_of
from models.tables import Comment, Invitation, ReplyFile, Round
from models.text import clean_line


@dataclass(frozen=True)
class ReceivedFile:
    """A reply file already written under the data folder (documents/replies.store_reply)."""

    stored_path: str  # relative to the data folder
    original_name: str  # as uploaded, for display only
    mime: str
    size: int
    sha256: str


def _file_row(
    inv: Invitation, file: ReceivedFile, *, by: str, source: ReplySource, now: datetime
) -> ReplyFile:
    return ReplyFile(
        invitation_id=id_of(inv),
        stored_path=file.stored_path,
        original_name=file.original_name,
        mime=file.mime,
        size=file.size,
        sha256=file.sha256,
        uploaded_at=now,
        uploaded_by=by,
        source=source,
    )


def _set_reply(inv: Invitation, reply_number: str, reply_date: date | None) -> None:
    inv.reply_number = clean_line(reply_number)[:40] or inv.reply_number
    inv.reply_date = reply_date or inv.reply_date


def reply_attach(
    session: Session,
    *,
    raw_token: str,
    file: ReceivedFile,
    now: datetime,
    reply_number: str = "",
    reply_date: date | None = None,
    grace_days: int = 7,
) -> ReplyFile:
    """The unit's signed reply letter, through its link while the link is writable."""
    acc = writable_access(session, raw_token, now, grace_days)
    inv = acc.invitation
    row = _file_row(inv, file, by="unit", source=ReplySource.LINK, now=now)
    _set_reply(inv, reply_number, reply_date)
    session.add_all([row, inv])
    session.flush()
    audit.record(
        session,
        actor=f"unit:{acc.unit.id}",
        at=now,
        action="reply.attach",
        entity="invitation",
        entity_id=inv.id,
        directive_id=acc.round.directive_id,
        after={"file": file.original_name, "sha256": file.sha256, "reply_number": inv.reply_number},
    )
    session.commit()
    return row


NOT_WRITTEN = (
    "Chỉ nhập công văn trả lời nhận bằng giấy hoặc qua hệ thống điện tử cho đợt góp ý bằng văn bản."
)
OFFICER_SOURCES = (ReplySource.PAPER, ReplySource.EOFFICE)


def reply_enter(
    session: Session,
    *,
    invitation_id: int,
    reply_number: str,
    reply_date: date,
    source: str,
    by: str,
    now: datetime,
    file: ReceivedFile | None = None,
    position: str = Position.AGREE,
    text: str = "",
) -> Invitation:
    """A reply received on paper or by e-office, entered by an officer for the unit: its number
    and date, its file, and (optionally) its comments as one comment on the whole draft.
    Agreeing with no text records "không có ý kiến thêm" when the unit has no comments."""
    inv = get(session, Invitation, invitation_id, lock=True)
    rnd = get(session, Round, inv.round_id)
    if rnd.kind != RoundKind.WRITTEN.value:
        raise Invalid(NOT_WRITTEN, field="source")
    if source not in OFFICER_SOURCES:
        raise Invalid("Chọn nơi nhận công văn: bản giấy hoặc hệ thống điện tử.", field="source")
    number = clean_line(reply_number)
    if not number:
        raise Invalid("Vui lòng nhập số công văn trả lời.", field="reply_number")
    text = checked_comment_text(position, text, None, rnd.draft_version_id)
    if file is not None:
        session.add(_file_row(inv, file, by=by, source=ReplySource(source), now=now))
    has_comments = session.exec(select(Comment.id).where(Comment.invitation_id == inv.id)).first()
    if text:
        comment = Comment(
            round_id=id_of(rnd),
            invitation_id=id_of(inv),
            unit_id=inv.unit_id,
            version_id=rnd.draft_version_id,
            position=Position(position),
            text=text,
            draft=False,
            received_at=now,
            **anchor_fields(None),
        )
        place_comment(session, comment, rnd.directive_id)
        session.add(comment)
    elif has_comments is None and position == Position.AGREE:
        inv.no_further_comments = True
    inv.reply_number, inv.reply_date = number[:40], reply_date
    inv.answered_at = inv.answered_at or now
    inv.status = status_of(inv, rnd, local_date(now))
    session.add(inv)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="reply.enter",
        entity="invitation",
        entity_id=inv.id,
        directive_id=rnd.directive_id,
        after={
            "source": str(source),
            "reply_number": inv.reply_number,
            "reply_date": reply_date.isoformat(),
            "file": file.original_name if file else None,
            "comment": bool(text),
        },
    )
    session.commit()
    return inv
