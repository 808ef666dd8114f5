"""The "Theo dõi thực hiện" stage of an issued directive: its overview (the plan in brief and
the cards other parts load into it) and the follow-up plan form, pre-filled from what the
signed text states on first use, from the current version afterwards."""

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from models.commands.follow_up import NOT_ISSUED, plan_save
from models.errors import DomainError
from models.follow_up.calendar import CADENCE_LABELS
from models.follow_up.plan import AGGREGATE_LABELS, EVERY_LABELS
from models.ids import id_of
from models.lifecycle import Stage
from models.queries.follow_up_plan import (
    offered_units,
    plan_start,
    unit_names,
    version_rows,
)
from models.queries.letters import groups_of
from models.tables import Directive, Unit
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.plan_form import PlanForm, form_of, plan_input, posted_form

router = APIRouter(include_in_schema=False)
OVERVIEW = "follow_up/overview.html"
PLAN = "follow_up/plan.html"
NOT_ISSUED_PAGE = "follow_up/not-issued.html"
# The cards of the overview, each served by the part that owns it (issue 12's spec):
# loaded by HTMX; one that does not answer is left out (app.js).
CARDS = [
    ("periods", "Các kỳ báo cáo"),
    ("rollup", "Tổng hợp"),
    ("briefings", "Hội nghị giao ban"),
    ("reviews", "Sơ kết, tổng kết"),
    ("don-doc", "Công văn đôn đốc"),
]


def _issued(p: Page, directive: Directive) -> Response | None:
    """The page that says why there is nothing to follow yet, for a directive not issued."""
    if directive.stage == Stage.ISSUED:
        return None
    return p.render(NOT_ISSUED_PAGE, {"directive": directive, "message": NOT_ISSUED}, status=409)


def _served_cards(p: Page, directive_id: int) -> list[tuple[str, str, str]]:
    """Every card, each asked from its part's route; one that answers other than 2xx (a part
    away, a refusal) leaves nothing on the page (app.js: data-optional-card)."""
    return [
        (key, label, f"/directives/{directive_id}/follow-up/cards/{key}") for key, label in CARDS
    ]


@router.get("/directives/{directive_id:id}/follow-up")
def follow_up_page(directive_id: int, p: Page = page("directive.view")) -> Response:
    directive = p.viewable(directive_id)
    if (refused := _issued(p, directive)) is not None:
        return refused
    start = plan_start(p.session, directive, today=p.today)
    values = start.values
    ids = set(values["reporting_unit_ids"]) | {values.get("report_to_id") or 0}
    return p.render(
        OVERVIEW,
        {
            "directive": directive,
            "plan": start.current,
            "values": values,
            "names": unit_names(p.session, ids),
            "cadence_labels": CADENCE_LABELS,
            "every_labels": EVERY_LABELS,
            "cards": _served_cards(p, directive_id),
            "can_plan": p.can("follow_up.plan", directive),
        },
    )


def _plan_context(p: Page, directive: Directive, form: PlanForm) -> dict[str, Any]:
    start = plan_start(p.session, directive, today=p.today)
    keep = list(form.unit_ids)
    if start.current is not None:
        keep += start.current.reporting_unit_ids
    units = offered_units(p.session, directive, p.today, keep)
    bodies = [
        u
        for u in (
            p.session.get(Unit, directive.drafting_unit_id),
            p.session.get(Unit, directive.issuer_id),
        )
        if u is not None
    ]
    groups = groups_of(p.session, directive.drafting_unit_id)
    return {
        "directive": directive,
        "form": form,
        "start": start,
        "units": units,
        "bodies": bodies,
        "briefing_units": [*bodies, *units],
        "groups": groups,
        "versions": version_rows(p.session, id_of(directive)),
        "cadence_labels": CADENCE_LABELS,
        "every_labels": EVERY_LABELS,
        "aggregate_labels": AGGREGATE_LABELS,
        "can_plan": p.can("follow_up.plan", directive),
        "today": p.today,
    }


@router.get("/directives/{directive_id:id}/follow-up/plan")
def plan_page(directive_id: int, p: Page = page("directive.view")) -> Response:
    directive = p.viewable(directive_id)
    if (refused := _issued(p, directive)) is not None:
        return refused
    start = plan_start(p.session, directive, today=p.today)
    form = form_of(start.values)
    return p.render(PLAN, {**_plan_context(p, directive, form), "values": form.values})


@router.post("/directives/{directive_id:id}/follow-up/plan", dependencies=[Depends(check_csrf)])
async def plan_post(directive_id: int, p: Page = page("follow_up.plan")) -> Response:
    directive = p.actionable(directive_id)
    if (refused := _issued(p, directive)) is not None:
        return refused
    posted = await p.posted()
    more = posted.text("more")  # "Thêm dòng": the form again with one more row, not saved
    form = posted_form(posted.form, more=more if more in ("ind", "sec", "br") else "")
    if more:
        return p.render(PLAN, {**_plan_context(p, directive, form), "values": form.values})
    groups = {id_of(g): list(g.unit_ids) for g in groups_of(p.session, directive.drafting_unit_id)}
    try:
        plan = plan_input(posted.form, groups)
        saved = plan_save(p.session, directive_id, plan, by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(PLAN, lambda: _plan_context(p, directive, form), exc, form.values)
    return p.redirect(
        f"/directives/{directive_id}/follow-up/plan",
        message=f"Đã lưu kế hoạch theo dõi thực hiện (phiên bản {saved.plan.version}).",
    )
