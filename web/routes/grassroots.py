"""The grassroots round: district reports with province totals; paper reports entered."""

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import select

from models.commands.grassroots import report_enter
from models.errors import DomainError
from models.lifecycle import RoundKind
from models.queries.grassroots import form_levels, grassroots_table
from models.queries.records import get
from models.statuses import RoundStatus, require_kind
from models.tables import GrassrootsReport, Invitation, Round, Unit
from web import triggers
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.routes.rounds import load_round
from web.schemas import ReportIn

router = APIRouter(include_in_schema=False)
FORM = "grassroots/report.html"


def _grassroots(rnd: Round) -> Round:
    require_kind(rnd.kind, RoundKind.GRASSROOTS)
    return rnd


@router.get("/rounds/{round_id:id}/grassroots")
def grassroots_page(round_id: int, p: Page = page("directive.view")) -> Response:
    rnd, directive = load_round(p.session, p.user, round_id)
    ctx = {
        "rnd": _grassroots(rnd),
        "directive": directive,
        "t": grassroots_table(p.session, rnd),
        "can_act": p.can("grassroots.enter", directive) and rnd.status == RoundStatus.OPEN,
    }
    return p.render("grassroots/page.html", ctx)


def _form_context(p: Page, invitation_id: int) -> dict[str, Any]:
    inv = get(p.session, Invitation, invitation_id)
    rnd, directive = load_round(p.session, p.user, inv.round_id, action=p.action)
    report = p.session.exec(
        select(GrassrootsReport).where(GrassrootsReport.invitation_id == inv.id)
    ).first()
    return {
        "rnd": _grassroots(rnd),
        "directive": directive,
        "inv": inv,
        "unit": get(p.session, Unit, inv.unit_id),
        "report": report,
        "levels": form_levels(rnd, report),
    }


@router.get("/invitations/{invitation_id:id}/report")
def report_form(invitation_id: int, p: Page = page("grassroots.enter")) -> Response:
    ctx = _form_context(p, invitation_id)
    report = ctx["report"]
    values: dict[str, str] = {}
    if report is not None:
        values = {f"m{i}": str(report.meetings.get(lv, "")) for i, lv in enumerate(ctx["levels"])}
        values.update(delegates=str(report.delegates), summary=report.summary)
    return p.render(FORM, {**ctx, "values": values})


@router.post("/invitations/{invitation_id:id}/report", dependencies=[Depends(check_csrf)])
async def enter_report(invitation_id: int, p: Page = page("grassroots.enter")) -> Response:
    ctx = _form_context(p, invitation_id)
    posted = await p.posted()
    try:
        # One count field per level row (m0, m1, …; blank: none held) and one extra row:
        # the schema's `meetings` map, each error shown at its row's field.
        levels = {f"m{i}": lv for i, lv in enumerate(ctx["levels"])}
        extra = posted.text("extra_level").strip()
        if extra:
            levels["extra_count"] = extra
        meetings = {lv: posted.text(name).strip() or "0" for name, lv in levels.items()}
        renames = {f"meetings.{lv}": name for name, lv in levels.items()}
        renames[f"meetings.{extra}.[key]"] = "extra_level"
        body = posted.valid(ReportIn, meetings=meetings, renames=renames)
        report_enter(
            p.session, invitation_id=invitation_id, **body.model_dump(), by=p.by, now=p.now
        )
    except DomainError as exc:
        return p.failed(FORM, lambda: _form_context(p, invitation_id), exc, posted.values)
    return p.redirect(
        f"/rounds/{ctx['rnd'].id}/grassroots",
        message=f"Đã nhập báo cáo của {ctx['unit'].name}.",
        trigger=triggers.REPORT_ENTERED,
    )
