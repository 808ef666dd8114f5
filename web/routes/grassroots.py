"""The grassroots round: district reports with province totals; paper reports entered."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from models.access import can_act
from models.commands.common import get
from models.commands.grassroots import report_enter
from models.errors import DomainError, Invalid
from models.lifecycle import RoundKind
from models.queries.grassroots import DEFAULT_LEVELS, grassroots_table
from models.tables import GrassrootsReport, Invitation, Unit, User
from web import events
from web.auth import require_user
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.routes.rounds import load_round
from web.views import form_failed, form_values, redirect, render

router = APIRouter(include_in_schema=False)
FORM = "grassroots/report.html"


@router.get("/rounds/{round_id:int}/grassroots")
def grassroots_page(
    round_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    rnd, directive = load_round(session, user, round_id)
    if rnd.kind != RoundKind.GRASSROOTS.value:
        raise DomainError("Đợt này không phải đợt lấy ý kiến cơ sở.")
    return render(
        request,
        "grassroots/page.html",
        {
            "user": user,
            "rnd": rnd,
            "directive": directive,
            "t": grassroots_table(session, rnd),
            "can_act": can_act(user, directive) and rnd.status == "open",
        },
    )


def _form_context(session: Session, user: User, invitation_id: int) -> dict:  # type: ignore[type-arg]
    inv = get(session, Invitation, invitation_id)
    rnd, directive = load_round(session, user, inv.round_id, act=True)
    if rnd.kind != RoundKind.GRASSROOTS.value:
        raise DomainError("Đợt này không phải đợt lấy ý kiến cơ sở.")
    report = session.exec(
        select(GrassrootsReport).where(GrassrootsReport.invitation_id == inv.id)
    ).first()
    levels = list(DEFAULT_LEVELS) + [
        lv for lv in (report.meetings if report else {}) if lv not in DEFAULT_LEVELS
    ]
    return {
        "user": user,
        "rnd": rnd,
        "directive": directive,
        "inv": inv,
        "unit": get(session, Unit, inv.unit_id),
        "report": report,
        "levels": levels,
    }


@router.get("/invitations/{invitation_id:int}/report")
def report_form(
    invitation_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    ctx = _form_context(session, user, invitation_id)
    report = ctx["report"]
    values: dict[str, str] = {}
    if report is not None:
        values = {f"m{i}": str(report.meetings.get(lv, "")) for i, lv in enumerate(ctx["levels"])}
        values.update(delegates=str(report.delegates), summary=report.summary)
    return render(request, FORM, {**ctx, "values": values, "errors": {}})


def _count(raw: str, field: str, what: str) -> int:
    raw = raw.strip().replace(".", "").replace(" ", "")
    if not raw:
        return 0
    if not raw.isdigit() or len(raw) > 9:
        raise Invalid(f"{what} phải là số nguyên không âm.", field=field)
    return int(raw)


@router.post("/invitations/{invitation_id:int}/report", dependencies=[Depends(check_csrf)])
async def enter_report(
    invitation_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    ctx = _form_context(session, user, invitation_id)
    values = form_values(await request.form())
    try:
        meetings = {
            lv: _count(values.get(f"m{i}", ""), f"m{i}", f"Số hội nghị cấp “{lv}”")
            for i, lv in enumerate(ctx["levels"])
        }
        extra = values.get("extra_level", "").strip()
        if extra:
            meetings[extra] = _count(values.get("extra_count", ""), "extra_count", "Số hội nghị")
        report_enter(
            session,
            invitation_id=invitation_id,
            meetings=meetings,
            delegates=_count(values.get("delegates", ""), "delegates", "Số đại biểu"),
            summary=values.get("summary", ""),
            by=user.username,
            now=get_now(request),
        )
    except DomainError as exc:
        session.rollback()
        return form_failed(request, FORM, _form_context(session, user, invitation_id), exc, values)
    return redirect(
        request,
        f"/rounds/{ctx['rnd'].id}/grassroots",
        message=f"Đã nhập báo cáo của {ctx['unit'].name}.",
        trigger=events.REPORT_ENTERED,
    )
