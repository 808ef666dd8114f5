"""The page of a sơ kết / tổng kết round (/directives/{id}/follow-up/reviews/{period_id}):
the đề cương and Kế hoạch, the units' reports, the draft report with its editable prose,
every figure with the reports it comes from, the downloads; and the follow-up overview's
card listing the rounds. The API twin is web/routes/api_reviews.py."""

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from documents.review import review_file
from models.commands.reviews import review_draft, review_edit, review_number, review_prepare
from models.errors import DomainError
from models.follow_up.review import AGGREGATE_LABELS, default_outline, format_value
from models.queries.reviews import review_period, review_periods
from models.statuses import PeriodStatus
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.review_schemas import ReviewNumberIn, ReviewPlanIn, ReviewProseIn
from web.routes.api_reviews import review_out

router = APIRouter(include_in_schema=False)
PAGE = "follow_up/review.html"
BASE = "/directives/{directive_id:id}/follow-up/reviews/{period_id:id}"
ACTION = "follow_up.review"


def _context(p: Page, directive_id: int, period_id: int, which: str = "") -> dict[str, Any]:
    """`which` names the form that came back refused: only it shows the typed values."""
    directive = p.viewable(directive_id)
    period = review_period(p.session, directive_id, period_id)
    review = review_out(p.session, period)
    titles = [s.title for s in review.outline] or [s["title"] for s in default_outline()]
    return {
        "directive": directive,
        "period": period,
        "review": review,
        "which": which,
        "scheduled": period.status == PeriodStatus.SCHEDULED,
        "may_act": p.can(ACTION, directive),
        "outline_text": "\n".join(titles),
        "aggregates": AGGREGATE_LABELS,
        "fmt": format_value,
    }


def _url(directive_id: int, period_id: int) -> str:
    return f"/directives/{directive_id}/follow-up/reviews/{period_id}"


@router.get(BASE)
def review_page(directive_id: int, period_id: int, p: Page = page("directive.view")) -> Response:
    return p.render(PAGE, _context(p, directive_id, period_id))


@router.post(BASE + "/plan", dependencies=[Depends(check_csrf)])
async def plan_post(directive_id: int, period_id: int, p: Page = page(ACTION)) -> Response:
    p.actionable(directive_id)
    posted = await p.posted()
    try:
        lines = [line for line in posted.text("outline").splitlines() if line.strip()]
        body = posted.valid(
            ReviewPlanIn,
            outline=lines,
            open_now="open_now" in posted.form,
            renames={f"outline.{i}": "outline" for i in range(len(lines))},
        )
        done = review_prepare(
            p.session,
            directive_id,
            period_id,
            **body.model_dump(),
            by=p.by,
            now=p.now,
            links=p.links,
        )
    except DomainError as exc:
        ctx = lambda: _context(p, directive_id, period_id, "plan")  # noqa: E731
        return p.failed(PAGE, ctx, exc, posted.values)
    message = f"Đã lưu đề cương, Kế hoạch số {done.period.plan_number}."
    if done.period.status == PeriodStatus.OPEN:
        message += " Đã gửi đề nghị báo cáo đến các đơn vị."
    return p.redirect(_url(directive_id, period_id), message=message)


@router.post(BASE + "/draft", dependencies=[Depends(check_csrf)])
async def draft_post(directive_id: int, period_id: int, p: Page = page(ACTION)) -> Response:
    p.actionable(directive_id)
    posted = await p.posted()
    try:
        review_draft(p.session, directive_id, period_id, by=p.by, now=p.now)
    except DomainError as exc:
        ctx = lambda: _context(p, directive_id, period_id, "draft")  # noqa: E731
        return p.failed(PAGE, ctx, exc, posted.values)
    return p.redirect(_url(directive_id, period_id), message="Đã dự thảo báo cáo.")


@router.post(BASE + "/prose", dependencies=[Depends(check_csrf)])
async def prose_post(directive_id: int, period_id: int, p: Page = page(ACTION)) -> Response:
    p.actionable(directive_id)
    posted = await p.posted()
    try:
        prose = {
            name.removeprefix("prose_"): text
            for name, text in posted.values.items()
            if name.startswith("prose_")
        }
        renames = {f"prose.{k}": f"prose_{k}" for k in prose}
        body = posted.valid(ReviewProseIn, prose=prose, renames=renames)
        review_edit(p.session, directive_id, period_id, dict(body.prose), by=p.by, now=p.now)
    except DomainError as exc:
        ctx = lambda: _context(p, directive_id, period_id, "prose")  # noqa: E731
        return p.failed(PAGE, ctx, exc, posted.values)
    return p.redirect(_url(directive_id, period_id), message="Đã lưu lời văn báo cáo.")


@router.post(BASE + "/number", dependencies=[Depends(check_csrf)])
async def number_post(directive_id: int, period_id: int, p: Page = page(ACTION)) -> Response:
    p.actionable(directive_id)
    posted = await p.posted()
    try:
        body = posted.valid(ReviewNumberIn)
        done = review_number(
            p.session, directive_id, period_id, **body.model_dump(), by=p.by, now=p.now
        )
    except DomainError as exc:
        ctx = lambda: _context(p, directive_id, period_id, "number")  # noqa: E731
        return p.failed(PAGE, ctx, exc, posted.values)
    return p.redirect(
        _url(directive_id, period_id), message=f"Đã cấp số báo cáo {done.report.number}."
    )


@router.get(BASE + "/files/{name}")
def review_download(
    directive_id: int, period_id: int, name: str, p: Page = page("directive.view")
) -> Response:
    p.viewable(directive_id)
    period = review_period(p.session, directive_id, period_id)
    content, media, filename = review_file(p.session, period, name)
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@router.get("/directives/{directive_id:id}/follow-up/cards/reviews")
def reviews_card(directive_id: int, p: Page = page("directive.view")) -> Response:
    directive = p.viewable(directive_id)
    rounds = [review_out(p.session, r) for r in review_periods(p.session, directive_id)]
    return p.render("follow_up/reviews-card.html", {"directive": directive, "rounds": rounds})
