"""The account of a directive's implementation after its signing, in the style of seed 004's
last paragraphs, built from the follow-up records: the plan of duties, each period's reports
(on time, late, returned, exempt, missing), the reminders and đôn đốc letters, the giao ban
conferences and the sơ kết.

Counts come from the tables; the sơ kết's figures are the review's own (computed from the
unit reports by models/follow_up/review.py), so the story never says another number than
the Báo cáo sơ kết.
"""

from collections import defaultdict
from collections.abc import Callable
from datetime import date

from sqlmodel import Session, col, select

from documents.common import Context, context
from documents.narrative import GROUPS
from models.clock import local_date
from models.follow_up.calendar import CADENCE_LABELS, quarter_of
from models.ids import id_of
from models.queries.follow_up import current_plan, periods_of
from models.statuses import PeriodPurpose, PeriodStatus, ReportStatus
from models.tables import (
    Briefing,
    DonDocLetter,
    FollowUpPlan,
    ReportPeriod,
    ReportReminder,
    ReviewReport,
    Unit,
    UnitReport,
)
from models.text import lower_first, number, short_date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}
# A review's figures by indicator code, for its period (models/follow_up/review.py).
ReviewFigures = Callable[[Session, ReportPeriod], dict[str, float]]


def _two(n: int) -> str:
    """ "05": small counts are written with two digits in Party documents."""
    return f"{n:02d}" if 0 <= n < 10 else number(n)


def _names(units: list[Unit]) -> str:
    return ", ".join(u.name for u in units)


def _value(v: float) -> str:
    return number(int(v)) if float(v).is_integer() else f"{v:.1f}".replace(".", ",")


def _plan_paragraph(ctx: Context, plan: FollowUpPlan, units: dict[int, Unit]) -> str:
    d = ctx.directive
    kinds = [lower_first(CADENCE_LABELS.get(k, k)) for k in plan.cadence]
    cadence = ", ".join(kinds[:-1]) + f" và {kinds[-1]}" if len(kinds) > 1 else "".join(kinds)
    reporting = [units[i] for i in plan.reporting_unit_ids if i in units]
    groups = [GROUPS[c] for c in dict.fromkeys(u.category for u in reporting) if c in GROUPS]
    indicators = "; ".join(f"{lower_first(i['name'])} ({i['measure']})" for i in plan.indicators)
    text = (
        f"Sau khi {ctx.kind_name} số {d.number} được ban hành (ngày {short_date(d.signed_on)}), "
        f"ngày {short_date(local_date(plan.created_at))}, {ctx.drafting.name} đã xác lập kế "
        f"hoạch theo dõi việc thực hiện: định kỳ {cadence}, {_two(len(reporting))} cấp ủy"
    )
    if groups:
        text += f" ({', '.join(groups)})"
    text += (
        f" báo cáo về {ctx.issuer.name} (qua {ctx.drafting.name}); số liệu tính đến ngày "
        f"{plan.cutoff_day} của tháng cuối kỳ, báo cáo gửi chậm nhất {_two(plan.due_working_days)} "
        "ngày làm việc sau đó"
    )
    if indicators:
        text += f", với các chỉ tiêu: {indicators}"
    return text + "."


def _period_paragraph(
    i: int,
    period: ReportPeriod,
    reports: list[UnitReport],
    units: dict[int, Unit],
    reminders: int,
    letter: DonDocLetter | None,
    drafting: Unit,
) -> str:
    def first_day(r: UnitReport) -> date | None:
        return local_date(r.first_submitted_at) if r.first_submitted_at else None

    due = [r for r in reports if r.status != ReportStatus.EXEMPT]
    sent = [r for r in due if r.status == ReportStatus.SUBMITTED]
    late = [units[r.unit_id] for r in sent if (first_day(r) or period.due_on) > period.due_on]
    text = (
        f"{i}. Báo cáo {lower_first(period.label)} (hạn gửi "
        f"{short_date(period.due_on)}): có {_two(len(sent))}/{_two(len(due))} đơn vị gửi báo "
        f"cáo, trong đó {_two(len(sent) - len(late))} đơn vị gửi đúng hạn"
    )
    text += f", {_two(len(late))} đơn vị gửi muộn ({_names(late)})." if late else "."
    for r in reports:
        if r.returns and r.returned_at:
            text += (
                f" Báo cáo của {units[r.unit_id].name} được trả lại, yêu cầu bổ sung ngày "
                f"{short_date(local_date(r.returned_at))} ({r.return_reason.rstrip('.')})"
            )
            text += (
                f" và đã được gửi lại ngày {short_date(local_date(r.submitted_at))}."
                if r.status == ReportStatus.SUBMITTED and r.submitted_at
                else "; đơn vị chưa gửi lại."
            )
    exempt = [units[r.unit_id] for r in reports if r.status == ReportStatus.EXEMPT]
    if exempt:
        text += f" {_names(exempt)} được miễn báo cáo kỳ này."
    paper = [units[r.unit_id] for r in sent if r.source == "paper"]
    if paper:
        text += f" Báo cáo bằng văn bản giấy của {_names(paper)} được cán bộ nhập vào hệ thống."
    if reminders:
        text += f" Hệ thống đã gửi {_two(reminders)} lượt nhắc hạn đến các đơn vị chưa báo cáo."
    if letter is not None:
        named = [units[u] for u in letter.unit_ids if u in units]
        text += (
            f" Ngày {short_date(letter.letter_date)}, {drafting.name} đã dự thảo, trình ký Công "
            f"văn số {letter.number} đôn đốc {_two(len(letter.unit_ids))} đơn vị chậm báo cáo"
            f" ({_names(named)})."
        )
    missing = [units[r.unit_id] for r in due if r.status != ReportStatus.SUBMITTED]
    if missing and period.status == PeriodStatus.CLOSED:
        text += f" Đến khi kỳ báo cáo khép lại, {_names(missing)} vẫn chưa gửi báo cáo."
    elif missing:
        text += f" Còn {_two(len(missing))} đơn vị chưa gửi báo cáo ({_names(missing)})."
    return text


def _briefing_paragraph(
    ctx: Context, briefings: list[Briefing], units: dict[int, Unit], district_ids: list[int]
) -> str | None:
    if not briefings:
        return None
    by_quarter: dict[tuple[int, int], set[int]] = defaultdict(set)
    for b in briefings:
        by_quarter[quarter_of(b.held_on)].add(b.unit_id)
    drafting_id = id_of(ctx.drafting)
    own = sum(1 for b in briefings if b.unit_id == drafting_id)
    others = len(briefings) - own
    text = (
        f"Thực hiện chế độ giao ban, {ctx.drafting.name} đã chủ trì {_two(own)} hội nghị giao "
        f"ban nắm tình hình Nhân dân cấp tỉnh; Thường trực các cấp ủy đã tổ chức "
        f"{_two(others)} hội nghị giao ban ở địa phương, cơ sở."
    )
    gaps = []
    for (year, q), held in sorted(by_quarter.items()):
        absent = [units[u] for u in district_ids if u not in held]
        if absent:
            gaps.append(f"quý {ROMAN[q]}/{year}: {_names(absent)}")
    if gaps:
        text += " Các đơn vị chưa tổ chức giao ban trong quý: " + "; ".join(gaps) + "."
    return text


def _review_paragraph(
    session: Session,
    ctx: Context,
    period: ReportPeriod,
    plan: FollowUpPlan,
    figures: ReviewFigures,
) -> str | None:
    review = session.exec(select(ReviewReport).where(ReviewReport.period_id == period.id)).first()
    reports = session.exec(select(UnitReport).where(UnitReport.period_id == period.id)).all()
    sent = [r for r in reports if r.status == ReportStatus.SUBMITTED]
    due = [r for r in reports if r.status != ReportStatus.EXEMPT]
    text = "Thực hiện"
    if period.plan_number:
        text += f" Kế hoạch số {period.plan_number}"
        if period.plan_date:
            text += f", ngày {short_date(period.plan_date)}"
        text += f" của {ctx.drafting.name}"
    text += (
        f" về {lower_first(period.label)}, {_two(len(sent))}/{_two(len(due))} "
        "đơn vị đã gửi báo cáo theo đề cương."
    )
    if review is None or not review.number:
        return text
    values = figures(session, period)
    results = "; ".join(
        f"{lower_first(i['name'])}: {_value(values[i['code']])} {i['measure']}"
        for i in plan.indicators
        if i["code"] in values
    )
    text += (
        f" Ngày {short_date(review.report_date)}, {ctx.issuer.name} ban hành Báo cáo số "
        f"{review.number} về {lower_first(period.label)}"
    )
    return text + (f"; kết quả: {results}." if results else ".")


def opened_periods(session: Session, directive_id: int) -> list[ReportPeriod]:
    """The periods the units were asked in (open or closed), in calendar order."""
    return [p for p in periods_of(session, directive_id) if p.status != PeriodStatus.SCHEDULED]


def reports_by_period(session: Session, periods: list[ReportPeriod]) -> dict[int, list[UnitReport]]:
    """Each period's unit reports, in the order they were asked."""
    out: dict[int, list[UnitReport]] = {id_of(p): [] for p in periods}
    for r in session.exec(
        select(UnitReport)
        .where(col(UnitReport.period_id).in_(list(out)))
        .order_by(col(UnitReport.id))
    ).all():
        out[r.period_id].append(r)
    return out


def implementation_narrative(
    session: Session, directive_id: int, *, review_figures: ReviewFigures
) -> list[str]:
    """Vietnamese paragraphs on the directive's implementation, from the follow-up records;
    empty before a plan is confirmed."""
    plan = current_plan(session, directive_id)
    if plan is None:
        return []
    ctx = context(session, directive_id)
    periods = opened_periods(session, directive_id)
    period_ids = [id_of(p) for p in periods]
    reports = reports_by_period(session, periods)
    reminded: dict[int, int] = defaultdict(int)
    for period_id in session.exec(
        select(UnitReport.period_id)
        .join(ReportReminder, col(ReportReminder.report_id) == col(UnitReport.id))
        .where(col(UnitReport.period_id).in_(period_ids))
    ).all():
        reminded[period_id] += 1
    letters = {
        letter.period_id: letter
        for letter in session.exec(
            select(DonDocLetter).where(DonDocLetter.directive_id == directive_id)
        ).all()
    }
    unit_ids = {r.unit_id for rs in reports.values() for r in rs} | set(plan.reporting_unit_ids)
    briefings = session.exec(
        select(Briefing)
        .where(Briefing.directive_id == directive_id)
        .order_by(col(Briefing.held_on), col(Briefing.id))
    ).all()
    unit_ids |= {b.unit_id for b in briefings}
    units = {
        id_of(u): u for u in session.exec(select(Unit).where(col(Unit.id).in_(unit_ids))).all()
    }
    out = [_plan_paragraph(ctx, plan, units)]
    periodic = [p for p in periods if p.purpose == PeriodPurpose.PERIODIC]
    out += [
        _period_paragraph(
            i,
            p,
            reports[id_of(p)],
            units,
            reminded[id_of(p)],
            letters.get(id_of(p)),
            ctx.drafting,
        )
        for i, p in enumerate(periodic, 1)
    ]
    districts = [i for i in plan.reporting_unit_ids if units[i].category == "huyen-uy"]
    giao_ban = _briefing_paragraph(ctx, list(briefings), units, districts)
    out += [giao_ban] if giao_ban else []
    for p in periods:
        if p.purpose != PeriodPurpose.PERIODIC:
            review = _review_paragraph(session, ctx, p, plan, review_figures)
            out += [review] if review else []
    return out
