"""The replay after the signing: Chỉ thị 22-CT/TU followed from 12/10/2023 to its sơ kết,
through the follow-up commands, with the clock moved from one recorded day to the next.

The officer confirms the plan (its periods scheduled by the calendar). The directive is in
record mode, so the sweep leaves it alone (no mail, no reminder: those went on paper long
ago); the officer does what the sweep does for a live one, on the calendar's days: she opens
each period on its opening day, closes it the day the next one opens, and drafts the công
văn đôn đốc when its day comes with units still missing. Between those, the day's facts of
duthao/demo/follow_up_data.py at their hours: the units' reports by their links, the paper
reports she enters, a return and an exemption, the giao ban, the sơ kết.

Every step looks at the records first and does nothing when it is already done, so an
interrupted replay resumes and a finished one is never duplicated.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from duthao.demo import follow_up_data as fud
from models.clock import at_local, local_date
from models.commands.briefings import BriefingData, briefing_record
from models.commands.don_doc import draft_don_doc
from models.commands.follow_up import close_period, open_period, plan_save
from models.commands.reviews import review_draft, review_edit, review_number, review_prepare
from models.commands.unit_reports import (
    PaperReportIn,
    ReportIn,
    report_enter_paper,
    report_exempt,
    report_return,
    report_save,
)
from models.follow_up.calendar import closing_days, is_working_day
from models.follow_up.don_doc import don_doc_day
from models.follow_up.holidays import Holidays
from models.follow_up.plan import BriefingIn, IndicatorIn, PlanIn, SectionIn
from models.follow_up.reminders import shift_days
from models.ids import id_of
from models.queries.don_doc import letter_of_period, missing_reports
from models.queries.reviews import review_facts
from models.statuses import PeriodPurpose, PeriodStatus, ReportStatus
from models.tables import (
    Briefing,
    FollowUpPlan,
    ReportPeriod,
    ReviewReport,
    Unit,
    UnitReport,
)

if TYPE_CHECKING:
    from duthao.demo.timeline import Timeline

OFFICER = fud.OFFICER
Command = Callable[[Session, datetime], object]  # one command at the step's moment
At = Callable[[date, int, str, Command], None]


@dataclass(frozen=True)
class Step:
    at: datetime
    what: str  # for a reader of a failed replay: which fact stopped it
    run: Callable[[Session], object]


class FollowUp:
    """The follow-up of the replayed directive, on the timeline's engine and runtime."""

    def __init__(self, timeline: "Timeline") -> None:
        self.tl = timeline
        self.ids = timeline.ids
        self.holidays = Holidays.load(range(fud.FIRST_YEAR, fud.LAST_YEAR + 2))
        self.names: dict[str, str] = {}

    # --- lookups ---------------------------------------------------------------------

    def unit_name(self, key: str) -> str:
        if key not in self.names:
            with self.tl.session() as s:
                self.names[key] = s.get_one(Unit, self.ids[key]).name
        return self.names[key]

    def periods(self, did: int) -> dict[str, ReportPeriod]:
        with self.tl.session() as s:
            rows = s.exec(select(ReportPeriod).where(ReportPeriod.directive_id == did)).all()
            return {p.key: p for p in rows}

    @staticmethod
    def report(s: Session, period_id: int, unit_id: int) -> UnitReport | None:
        return s.exec(
            select(UnitReport).where(
                UnitReport.period_id == period_id, UnitReport.unit_id == unit_id
            )
        ).first()

    def working(self, due: date, offset: int) -> date:
        """`offset` working days after `due` (before it when negative)."""
        return shift_days(due, offset, self.holidays) if offset else due

    def next_working(self, day: date) -> date:
        while not is_working_day(day, self.holidays):
            day += timedelta(days=1)
        return day

    # --- the plan --------------------------------------------------------------------

    def plan_in(self) -> PlanIn:
        return PlanIn(
            cadence=list(fud.CADENCE),
            first_year=fud.FIRST_YEAR,
            last_year=fud.LAST_YEAR,
            reporting_unit_ids=[self.ids[k] for k in fud.REPORTING_KEYS],
            report_to_id=self.ids["bdv"],
            indicators=[
                IndicatorIn(code=i.code, name=i.name, measure=i.measure, aggregate=i.aggregate)
                for i in fud.INDICATORS
            ],
            sections=[SectionIn(key=k, title=t) for k, t in fud.SECTIONS],
            cutoff_day=fud.CUTOFF_DAY,
            due_working_days=fud.DUE_WORKING_DAYS,
            reminder_before=list(fud.REMINDER_BEFORE),
            reminder_after=list(fud.REMINDER_AFTER),
            don_doc_after_days=fud.DON_DOC_AFTER_DAYS,
            briefings=[
                BriefingIn(category=category, every="quy", note=note)
                for category, note in fud.BRIEFING_DUTIES
            ]
            + [BriefingIn(unit_ids=[self.ids["bdv"]], every="quy", note=fud.BDV_BRIEFING)],
            so_ket_year=fud.SO_KET_YEAR,
            note=fud.PLAN_NOTE,
        )

    async def plan(self, did: int) -> None:
        with self.tl.session() as s:
            if s.exec(select(FollowUpPlan.id).where(FollowUpPlan.directive_id == did)).first():
                return
        await self.tl.command(
            lambda s: plan_save(s, did, self.plan_in(), by=OFFICER, now=at_local(fud.PLAN_ON, 9))
        )

    # --- a unit's report ---------------------------------------------------------------

    def report_in(
        self,
        unit: str,
        label: str,
        fig: dict[str, int],
        number: str,
        on: date,
        drop: tuple[str, ...],
    ) -> ReportIn:
        narrative = fud.narrative(self.unit_name(unit), label, fig)
        return ReportIn(
            figures={k: float(v) for k, v in fig.items()},
            narrative={k: v for k, v in narrative.items() if k not in drop},
            number=number,
            report_date=on,
        )

    def submit(
        self,
        period_id: int,
        unit: str,
        data: ReportIn,
        *,
        again: bool = False,
        paper: bool = False,
    ) -> Command:
        def run(s: Session, now: datetime) -> object:
            rep = self.report(s, period_id, self.ids[unit])
            if rep is None:
                return None  # not asked (the sweep has not opened the period)
            if again and rep.status != ReportStatus.RETURNED:
                return None
            if not again and rep.first_submitted_at is not None:
                return None
            if paper:
                paper_in = PaperReportIn(**data.model_dump(), received_on=local_date(now))
                return report_enter_paper(s, id_of(rep), paper_in, by=OFFICER, now=now)
            raw = self.tl.rt.links.report_token(rep.token_nonce)
            return report_save(s, raw, data, now=now, submit=True)

        return run

    # --- the agenda ------------------------------------------------------------------

    def agenda(self, did: int) -> dict[date, list[Step]]:
        periods = self.periods(did)
        out: dict[date, list[Step]] = defaultdict(list)

        def at(day: date, hour: int, what: str, fn: Command) -> None:
            moment = at_local(day, hour)
            out[day].append(Step(moment, what, lambda s: fn(s, moment)))

        for pi, key in enumerate(fud.PERIOD_KEYS):
            period = periods[key]
            pid, due = id_of(period), period.due_on
            facts = fud.FACTS.get(key, fud.PeriodFacts())
            returned = {r.unit: r for r in facts.returned}
            for unit in fud.REPORTING_KEYS:
                if unit in facts.missing:
                    continue
                if unit in facts.exempt:
                    reason = facts.exempt[unit]
                    at(
                        self.next_working(period.opens_on),
                        14,
                        f"{key}: {unit} miễn",
                        self.exempt(pid, unit, reason),
                    )
                    continue
                fig = fud.figures(unit, period.year, period.kind)
                if unit in facts.late:
                    day = self.working(due, facts.late[unit])
                else:
                    early = facts.early.get(unit, fud.submitted_offset(unit, pi))
                    day = self.working(due, -early)
                hour = fud.submitted_hour(unit, pi)
                signed = self.working(day, -1)
                number = fud.report_number(unit, pi)
                ret = returned.get(unit)
                if ret is not None:
                    first = fig | {"so_kien_nghi_giai_quyet": 0}
                    data = self.report_in(
                        unit, period.label, first, number, signed, ret.first_missing
                    )
                    at(day, hour, f"{key}: {unit} gửi", self.submit(pid, unit, data))
                    at(
                        self.working(due, ret.returned_at),
                        10,
                        f"{key}: {unit} trả lại",
                        self.give_back(pid, unit, ret.reason),
                    )
                    again_on = self.working(due, ret.resubmitted_at)
                    fixed = self.report_in(unit, period.label, fig, number, again_on, ())
                    at(
                        again_on,
                        9,
                        f"{key}: {unit} gửi lại",
                        self.submit(pid, unit, fixed, again=True),
                    )
                    continue
                data = self.report_in(unit, period.label, fig, number, signed, ())
                at(
                    day,
                    hour,
                    f"{key}: {unit} gửi",
                    self.submit(pid, unit, data, paper=unit in facts.paper),
                )
        for b in fud.briefings():
            at(
                b.held_on,
                16,
                f"giao ban {b.unit} {b.held_on}",
                self.briefing(did, b),
            )
        so_ket = next(p for p in periods.values() if p.purpose == PeriodPurpose.SO_KET)
        self.review_agenda(did, so_ket, at)
        self.calendar_agenda(did, at, max(out))
        return out

    # --- officer's acts ----------------------------------------------------------------

    def exempt(self, period_id: int, unit: str, reason: str) -> Command:
        def run(s: Session, now: datetime) -> object:
            rep = self.report(s, period_id, self.ids[unit])
            if rep is None or rep.status == ReportStatus.EXEMPT or rep.first_submitted_at:
                return None
            return report_exempt(s, id_of(rep), reason, by=OFFICER, now=now)

        return run

    def give_back(self, period_id: int, unit: str, reason: str) -> Command:
        def run(s: Session, now: datetime) -> object:
            rep = self.report(s, period_id, self.ids[unit])
            if rep is None or rep.returns or rep.status != ReportStatus.SUBMITTED:
                return None
            return report_return(s, id_of(rep), reason, by=OFFICER, now=now)

        return run

    def briefing(self, did: int, b: fud.BriefingFact) -> Command:
        def run(s: Session, now: datetime) -> object:
            unit_id = self.ids[b.unit]
            done = s.exec(
                select(Briefing.id).where(
                    Briefing.directive_id == did,
                    Briefing.unit_id == unit_id,
                    Briefing.held_on == b.held_on,
                )
            ).first()
            if done is not None:
                return None
            data = BriefingData(unit_id, b.held_on, b.chair, b.participants, b.issues)
            return briefing_record(s, directive_id=did, data=data, by=OFFICER, now=now)

        return run

    # --- the sơ kết ------------------------------------------------------------------

    def review_agenda(
        self,
        did: int,
        period: ReportPeriod,
        at: At,
    ) -> None:
        pid, due = id_of(period), period.due_on

        titles = [t for _, t in fud.SO_KET_OUTLINE]

        def prepare(open_now: bool) -> Command:
            def run(s: Session, now: datetime) -> object:
                fresh = s.get_one(ReportPeriod, pid)
                if fresh.status != PeriodStatus.SCHEDULED or (fresh.plan_number and not open_now):
                    return None
                return review_prepare(
                    s,
                    did,
                    pid,
                    outline=titles,
                    plan_number=fud.SO_KET_PLAN_NUMBER,
                    plan_date=local_date(now),
                    open_now=open_now,
                    by=OFFICER,
                    now=now,
                    links=self.tl.rt.links,
                )

            return run

        # The Kế hoạch and its đề cương a few days ahead; the units asked on the round's day
        # (by the sweep, or by the officer right after it when the sweep leaves review rounds
        # to her).
        at(
            self.next_working(period.opens_on - timedelta(days=4)),
            9,
            "sơ kết: kế hoạch",
            prepare(False),
        )
        at(period.opens_on, 8, "sơ kết: mở đợt", prepare(True))
        for i, unit in enumerate(fud.REPORTING_KEYS):
            fig = fud.review_figures(unit)
            late = fud.SO_KET_LATE.get(unit)
            day = self.working(due, late if late else -(i % 5))
            number = fud.report_number(unit, len(fud.PERIOD_KEYS))
            data = ReportIn(
                figures={k: float(v) for k, v in fig.items()},
                narrative=fud.review_narrative(self.unit_name(unit), fig),
                number=number,
                report_date=self.working(day, -1),
            )
            at(day, 10 + i % 6, f"sơ kết: {unit} gửi", self.submit(pid, unit, data))
        drafted_on = self.working(due, 5)
        numbered_on = self.working(due, fud.SO_KET_REPORT_AFTER)

        def draft(s: Session, now: datetime) -> object:
            if s.exec(select(ReviewReport.id).where(ReviewReport.period_id == pid)).first():
                return None
            review_draft(s, did, pid, by=OFFICER, now=now)
            return review_edit(s, did, pid, dict(fud.SO_KET_PROSE), by=OFFICER, now=now)

        def number_it(s: Session, now: datetime) -> object:
            review = s.exec(select(ReviewReport).where(ReviewReport.period_id == pid)).one()
            if review.number:
                return None
            return review_number(
                s,
                did,
                pid,
                report_date=numbered_on,
                number=fud.SO_KET_NUMBER,
                by=fud.LEADER,
                now=now,
            )

        at(drafted_on, 15, "sơ kết: dự thảo báo cáo", draft)
        at(numbered_on, 10, "sơ kết: báo cáo số", number_it)

    # --- what the sweep does for a live directive ------------------------------------

    def calendar_agenda(self, did: int, at: At, last_day: date) -> None:
        """Open each replayed period on its day, close it when its window ends (within the
        replay), draft its đôn đốc on the day the plan says."""
        periods = self.periods(did)
        closes = closing_days(periods.values())
        for key in fud.PERIOD_KEYS:
            period = periods[key]
            pid = id_of(period)
            at(period.opens_on, 7, f"{key}: mở kỳ", self.open_period(pid))
            if closes[key] <= last_day:
                at(closes[key], 6, f"{key}: kết thúc kỳ", self.close_period(pid))
            letter_day = don_doc_day(period.due_on, fud.DON_DOC_AFTER_DAYS, self.holidays)
            at(letter_day, 8, f"{key}: đôn đốc", self.don_doc(pid))

    def open_period(self, period_id: int) -> Command:
        def run(s: Session, now: datetime) -> object:
            if s.get_one(ReportPeriod, period_id).status != PeriodStatus.SCHEDULED:
                return None
            return open_period(s, period_id, now=now, links=self.tl.rt.links, by=OFFICER)

        return run

    def close_period(self, period_id: int) -> Command:
        def run(s: Session, now: datetime) -> object:
            if s.get_one(ReportPeriod, period_id).status != PeriodStatus.OPEN:
                return None
            return close_period(s, period_id, by=OFFICER, now=now)

        return run

    def don_doc(self, period_id: int) -> Command:
        def run(s: Session, now: datetime) -> object:
            if letter_of_period(s, period_id) or not missing_reports(s, period_id):
                return None
            return draft_don_doc(s, period_id, by=OFFICER, now=now)

        return run

    # --- the whole follow-up ---------------------------------------------------------

    async def run(self, did: int) -> None:
        await self.plan(did)
        agenda = self.agenda(did)
        for day in sorted(agenda):
            for step in sorted(agenda[day], key=lambda x: x.at):
                with self.tl.session() as s:
                    step.run(s)
            await self.tl.drainer.drain()


def follow_up_done(session: Session, directive_id: int) -> bool:
    """The follow-up replayed to its end: the Báo cáo sơ kết has its number."""
    return (
        session.exec(
            select(ReviewReport.id)
            .join(ReportPeriod, col(ReportPeriod.id) == col(ReviewReport.period_id))
            .where(ReportPeriod.directive_id == directive_id, ReviewReport.number != "")
        ).first()
        is not None
    )


def review_figures(session: Session, period: ReportPeriod) -> dict[str, float]:
    """The review's figures as its report prints them (computed from the unit reports)."""
    return {f.code: f.value for f in review_facts(session, period).figures if f.value is not None}
