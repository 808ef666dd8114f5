"""API: consultation rounds — open, close, extend, invitations, conference, grassroots."""

import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Path

from models.clock import local_date
from models.commands.conference import conference_close, conference_update, opinion_record
from models.commands.grassroots import report_enter
from models.commands.invitations import invitation_reissue, invitation_revoke
from models.commands.mail import conference_move, conference_notify
from models.commands.rounds import (
    ConferencePlan,
    round_close,
    round_extend,
    round_open,
)
from models.queries.grassroots import grassroots_table
from models.queries.records import get
from models.queries.round import round_view
from models.tables import Invitation, Round
from web.api_auth import ERRORS, Officer
from web.deps import get_links
from web.guard import api
from web.limited_route import LimitedRoute
from web.routes.api_directives import DirectiveId
from web.schemas import (
    MAX_ID,
    AttendanceIn,
    CommentOut,
    ConferenceCloseIn,
    ConferenceMoveIn,
    ConferenceOut,
    ExtendIn,
    InvitationOut,
    NoticeOut,
    OpinionIn,
    ReissueOut,
    ReportIn,
    ReportOut,
    ReportTable,
    RoundCloseIn,
    RoundDetail,
    RoundIn,
    RoundOut,
)

router = APIRouter(
    prefix="/api/v1", tags=["Đợt lấy ý kiến"], route_class=LimitedRoute, responses=ERRORS
)
RoundId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã đợt lấy ý kiến")]
InvitationId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã lời mời góp ý")]
IdempotencyKey = Annotated[
    str | None,
    Header(
        max_length=60,
        pattern=r"^[A-Za-z0-9._:-]+$",
        description="Gửi lại cùng khóa thì không mở thêm đợt (bấm hai lần, mạng chập chờn).",
    ),
]


def round_detail(o: Officer, rnd: Round) -> RoundDetail:
    """The round screen's read model (shared with the page), serialised."""
    view = round_view(o.session, rnd, local_date(o.now))
    invitations = [
        InvitationOut.model_validate({**r.invitation.model_dump(), "unit_name": r.unit.name})
        for r in view.in_sent_order
    ]
    return RoundDetail.model_validate(
        {
            **rnd.model_dump(),
            "invited": view.counts.invited,
            "answered": view.counts.answered,
            "comments": view.counts.comments,
            "invitations": invitations,
        }
    )


@router.post(
    "/directives/{directive_id}/rounds",
    status_code=201,
    summary="Mở đợt lấy ý kiến (văn bản, hội nghị, cơ sở): cấp số công văn, gửi thư mời",
)
def open_round(
    directive_id: DirectiveId,
    body: RoundIn,
    idempotency_key: IdempotencyKey = None,
    o: Officer = api("round.open"),
) -> RoundDetail:
    o.act(directive_id)
    key = idempotency_key or uuid.uuid4().hex
    plan = ConferencePlan(**body.conference.model_dump()) if body.conference else None
    opened = round_open(
        o.session,
        directive_id=directive_id,
        kind=body.kind,
        unit_ids=body.unit_ids,
        by=o.by,
        now=o.now,
        links=get_links(o.request),
        letter_date=body.letter_date,
        letter_number=body.letter_number or None,
        deadline=body.deadline,
        abstract=body.abstract,
        reminder_days=body.reminder_days,
        reply_days=o.request.app.state.settings.default_reply_days,
        conference=plan,
        request_key=f"api:{directive_id}:{key}",
        issuer_id=body.issuer_id,
        signer_id=body.signer_id,
        group_ids=body.group_ids,
        copies=body.copies,
        levels=body.levels,
    )
    return round_detail(o, opened.round)


@router.get("/rounds/{round_id}", summary="Đợt lấy ý kiến: trạng thái từng đơn vị được mời")
def round_get(round_id: RoundId, o: Officer = api("directive.view")) -> RoundDetail:
    return round_detail(o, o.round(round_id))


@router.post("/rounds/{round_id}/close", summary="Kết thúc đợt lấy ý kiến")
def close(
    round_id: RoundId, body: RoundCloseIn | None = None, o: Officer = api("round.manage")
) -> RoundOut:
    """A case entered in record mode gives the day it closed (`closed_on`)."""
    o.round(round_id, act=True)
    closed_on = body.closed_on if body else None
    rnd, _ = round_close(o.session, round_id=round_id, closed_on=closed_on, by=o.by, now=o.now)
    return RoundOut.model_validate(rnd)


@router.post("/rounds/{round_id}/extend", summary="Gia hạn trả lời")
def extend(round_id: RoundId, body: ExtendIn, o: Officer = api("round.manage")) -> RoundOut:
    o.round(round_id, act=True)
    rnd = round_extend(o.session, round_id=round_id, deadline=body.deadline, by=o.by, now=o.now)
    return RoundOut.model_validate(rnd)


def _invitation(o: Officer, invitation_id: int) -> Invitation:
    inv = get(o.session, Invitation, invitation_id)
    o.round(inv.round_id, act=True)
    return inv


@router.post(
    "/invitations/{invitation_id}/reissue",
    summary="Cấp lại liên kết cho đơn vị (liên kết cũ hết hiệu lực) và gửi lại thư",
)
def reissue(invitation_id: InvitationId, o: Officer = api("round.manage")) -> ReissueOut:
    _invitation(o, invitation_id)
    links = get_links(o.request)
    inv, _ = invitation_reissue(
        o.session, invitation_id=invitation_id, by=o.by, now=o.now, links=links
    )
    return ReissueOut(invitation_id=invitation_id, link=links.invitation_url(inv.token_nonce))


@router.post("/invitations/{invitation_id}/revoke", summary="Thu hồi liên kết của đơn vị")
def revoke(invitation_id: InvitationId, o: Officer = api("round.manage")) -> InvitationOut:
    inv = _invitation(o, invitation_id)
    invitation_revoke(o.session, invitation_id=invitation_id, by=o.by, now=o.now)
    o.session.refresh(inv)
    return InvitationOut.model_validate(inv)


@router.post(
    "/rounds/{round_id}/opinions", status_code=201, summary="Ghi ý kiến phát biểu tại hội nghị"
)
def opinion(
    round_id: RoundId, body: OpinionIn, o: Officer = api("conference.record")
) -> CommentOut:
    o.round(round_id, act=True)
    comment = opinion_record(o.session, round_id=round_id, **body.model_dump(), by=o.by, now=o.now)
    return CommentOut.model_validate(comment)


@router.post(
    "/rounds/{round_id}/conference/close",
    summary="Kết thúc hội nghị: số đại biểu, kết luận; đợt lấy ý kiến kết thúc",
)
def close_conference(
    round_id: RoundId, body: ConferenceCloseIn, o: Officer = api("conference.record")
) -> RoundOut:
    o.round(round_id, act=True)
    rnd, _ = conference_close(
        o.session,
        round_id=round_id,
        by=o.by,
        now=o.now,
        attendees=body.attendees,
        conclusion=body.conclusion,
        ended_at=o.now,
    )
    return RoundOut.model_validate(rnd)


@router.post("/rounds/{round_id}/attendance", summary="Hội nghị: số đại biểu dự, thư ký")
def attendance(
    round_id: RoundId, body: AttendanceIn, o: Officer = api("conference.record")
) -> ConferenceOut:
    o.round(round_id, act=True)
    conf = conference_update(
        o.session,
        round_id=round_id,
        attendees=body.attendees,
        secretary=body.secretary,
        by=o.by,
        now=o.now,
    )
    return ConferenceOut.model_validate(conf)


@router.post(
    "/rounds/{round_id}/conference/move",
    summary="Dời hội nghị: thời gian, địa điểm mới; các đơn vị nhận lịch (.ics) cập nhật",
)
def move_conference(
    round_id: RoundId, body: ConferenceMoveIn, o: Officer = api("round.manage")
) -> NoticeOut:
    o.round(round_id, act=True)
    queued = conference_move(
        o.session,
        round_id=round_id,
        held_at=body.held_at,
        place=body.place,
        by=o.by,
        now=o.now,
    )
    return NoticeOut(queued=queued)


@router.post(
    "/rounds/{round_id}/conference/cancel",
    summary="Báo hủy hội nghị cho các đơn vị được mời (.ics CANCEL)",
)
def cancel_conference(round_id: RoundId, o: Officer = api("round.manage")) -> NoticeOut:
    o.round(round_id, act=True)
    queued = conference_notify(o.session, round_id=round_id, by=o.by, now=o.now, cancel=True)
    return NoticeOut(queued=queued)


@router.put(
    "/invitations/{invitation_id}/report",
    summary="Nhập báo cáo lấy ý kiến cơ sở nhận bằng văn bản giấy",
)
def report(
    invitation_id: InvitationId, body: ReportIn, o: Officer = api("grassroots.enter")
) -> ReportOut:
    _invitation(o, invitation_id)
    saved = report_enter(
        o.session, invitation_id=invitation_id, **body.model_dump(), by=o.by, now=o.now
    )
    return ReportOut.model_validate(saved)


@router.get("/rounds/{round_id}/reports", summary="Bảng tổng hợp báo cáo cơ sở, tổng toàn tỉnh")
def reports(round_id: RoundId, o: Officer = api("directive.view")) -> ReportTable:
    table = grassroots_table(o.session, o.round(round_id))
    return ReportTable(
        levels=list(table.levels),
        reports=[
            ReportOut.model_validate({**r.report.model_dump(), "unit_name": r.unit.name})
            for r in table.reports
            if r.report
        ],
        meetings_total=table.reported_totals,
        delegates_total=table.delegates,
    )
