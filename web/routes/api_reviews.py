"""API: sơ kết and tổng kết of a directive (tag "Theo dõi thực hiện"): the round's outline
and plan, its units' reports, the review report's prose and its figures with their traces,
the documents. The page twin is web/routes/reviews.py; both call models/commands/reviews.py."""

from typing import Annotated

from fastapi import APIRouter, Path, Response
from sqlmodel import Session

from documents.review import FILES, review_file, review_files
from models.commands.reviews import review_draft, review_edit, review_number, review_prepare
from models.follow_up.review import figures_traced, fill_markers
from models.ids import id_of
from models.queries.reviews import review_facts, review_period, review_periods, round_reports
from models.tables import ReportPeriod
from web.api_auth import ERRORS, Officer
from web.deps import get_links
from web.guard import api
from web.limited_route import LimitedRoute
from web.review_schemas import (
    ContributionOut,
    FigureOut,
    ReviewNumberIn,
    ReviewOut,
    ReviewPlanIn,
    ReviewProseIn,
    ReviewSummaryOut,
    RoundReportOut,
    SectionOut,
)
from web.routes.api_directives import DirectiveId
from web.schemas import MAX_ID

TAG = "Theo dõi thực hiện"
router = APIRouter(prefix="/api/v1", tags=[TAG], route_class=LimitedRoute, responses=ERRORS)
PeriodId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã đợt sơ kết, tổng kết")]
BASE = "/directives/{directive_id}/follow-up/reviews"
ACTION = "follow_up.review"


def review_out(session: Session, period: ReportPeriod) -> ReviewOut:
    """The round as the page and the API show it: every figure computed now."""
    facts = review_facts(session, period)
    report = facts.report
    prose = report.prose if report else {}
    return ReviewOut(
        period_id=id_of(period),
        key=period.key,
        label=period.label,
        purpose=period.purpose.value,
        status=period.status.value,
        cutoff_on=period.cutoff_on,
        due_on=period.due_on,
        plan_number=period.plan_number,
        plan_date=period.plan_date,
        outline=[
            SectionOut(
                key=str(s["key"]),
                title=str(s["title"]),
                prose=prose.get(str(s["key"]), ""),
                text=fill_markers(prose.get(str(s["key"]), ""), facts.figures),
            )
            for s in period.outline
        ],
        reports=[
            RoundReportOut(
                report_id=id_of(r),
                unit_id=id_of(u),
                unit_name=u.name,
                status=r.status.value,
                number=r.number,
                report_date=r.report_date,
            )
            for r, u in round_reports(session, id_of(period))
        ],
        drafted=report is not None,
        number=report.number if report else "",
        report_date=report.report_date if report else None,
        updated_at=report.updated_at if report else None,
        figures=[
            FigureOut(
                code=f.code,
                name=f.name,
                measure=f.measure,
                aggregate=f.aggregate,
                value=f.value,
                traced=f.traced,
                trace=[ContributionOut.model_validate(c, from_attributes=True) for c in f.trace],
            )
            for f in facts.figures
        ],
        figures_traced=figures_traced(facts.figures),
        files=review_files(session, period),
    )


@router.get(BASE, summary="Các đợt sơ kết, tổng kết của chỉ thị")
def reviews_list(
    directive_id: DirectiveId, o: Officer = api("directive.view")
) -> list[ReviewSummaryOut]:
    o.view(directive_id)
    out = []
    for p in review_periods(o.session, directive_id):
        r = review_out(o.session, p)
        out.append(
            ReviewSummaryOut(
                period_id=r.period_id,
                label=r.label,
                status=r.status,
                plan_number=r.plan_number,
                drafted=r.drafted,
                number=r.number,
            )
        )
    return out


@router.get(
    BASE + "/{period_id}",
    summary="Đợt sơ kết, tổng kết: đề cương, báo cáo của đơn vị, dự thảo, số liệu và nguồn",
)
def review_get(
    directive_id: DirectiveId, period_id: PeriodId, o: Officer = api("directive.view")
) -> ReviewOut:
    o.view(directive_id)
    return review_out(o.session, review_period(o.session, directive_id, period_id))


@router.put(
    BASE + "/{period_id}/plan",
    summary="Đề cương và kế hoạch (số …-KH); open_now: gửi đề nghị báo cáo cho các đơn vị",
)
def review_plan(
    directive_id: DirectiveId, period_id: PeriodId, body: ReviewPlanIn, o: Officer = api(ACTION)
) -> ReviewOut:
    o.act(directive_id)
    done = review_prepare(
        o.session,
        directive_id,
        period_id,
        **body.model_dump(),
        by=o.by,
        now=o.now,
        links=get_links(o.request),
    )
    return review_out(o.session, done.period)


@router.post(
    BASE + "/{period_id}/draft",
    status_code=201,
    summary="Dự thảo báo cáo sơ kết, tổng kết từ báo cáo của các đơn vị",
)
def review_draft_api(
    directive_id: DirectiveId, period_id: PeriodId, o: Officer = api(ACTION)
) -> ReviewOut:
    o.act(directive_id)
    review_draft(o.session, directive_id, period_id, by=o.by, now=o.now)
    return review_out(o.session, review_period(o.session, directive_id, period_id))


@router.put(
    BASE + "/{period_id}/prose",
    summary="Sửa lời văn theo mục đề cương; số liệu ghi bằng [[mã chỉ tiêu]], luôn tính lại",
)
def review_prose(
    directive_id: DirectiveId, period_id: PeriodId, body: ReviewProseIn, o: Officer = api(ACTION)
) -> ReviewOut:
    o.act(directive_id)
    review_edit(o.session, directive_id, period_id, dict(body.prose), by=o.by, now=o.now)
    return review_out(o.session, review_period(o.session, directive_id, period_id))


@router.post(
    BASE + "/{period_id}/number",
    summary="Cấp số báo cáo (…-BC/<cơ quan ban hành>) và ngày; chỉ một lần",
)
def review_number_api(
    directive_id: DirectiveId, period_id: PeriodId, body: ReviewNumberIn, o: Officer = api(ACTION)
) -> ReviewOut:
    o.act(directive_id)
    review_number(o.session, directive_id, period_id, **body.model_dump(), by=o.by, now=o.now)
    return review_out(o.session, review_period(o.session, directive_id, period_id))


@router.get(
    BASE + "/{period_id}/files/{name}",
    summary="Tải báo cáo (bao-cao) hoặc kế hoạch kèm đề cương (ke-hoach), DOCX hoặc PDF",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}, "description": "Văn bản"}},
)
def review_download(
    directive_id: DirectiveId,
    period_id: PeriodId,
    name: Annotated[str, Path(description=", ".join(FILES))],
    o: Officer = api("directive.view"),
) -> Response:
    o.view(directive_id)
    period = review_period(o.session, directive_id, period_id)
    content, media, filename = review_file(o.session, period, name)
    return Response(
        content,
        media_type=media,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
