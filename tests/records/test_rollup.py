"""The roll-up read from the tables on both databases: totals per level are the sums (or the
max, or the last) of the unit reports, on-time rates as counted by hand, exempt units left
out, another directive's units never in it, a handful of statements however many units."""

from datetime import date

import pytest
from sqlmodel import Session

from models.commands.units import unit_create
from models.follow_up.rollup import ALL_LEVELS
from models.ids import id_of
from models.queries.rollup import rollup_of
from models.statuses import PeriodStatus, ReportState, ReportStatus
from models.tables import Unit
from tests.conftest import T0
from tests.rollup_kit import Office, office, period, report
from tests.web.test_page_queries import statements

TODAY = date(2024, 10, 1)  # 9 tháng is past due, năm not yet open
S, R, E, P = (
    ReportStatus.SUBMITTED,
    ReportStatus.RETURNED,
    ReportStatus.EXEMPT,
    ReportStatus.PENDING,
)


def _bodies(session: Session) -> tuple[Unit, Unit, Unit]:
    issuer = unit_create(
        session, name="Ban Thường vụ Tỉnh ủy Lâm Đồng", symbol="TU", by="t", now=T0
    )
    bdv = unit_create(session, name="Ban Dân vận Tỉnh ủy Lâm Đồng", symbol="BDVTU", by="t", now=T0)
    other = unit_create(
        session, name="Ban Tổ chức Tỉnh ủy Lâm Đồng", symbol="BTCTU", by="t", now=T0
    )
    return issuer, bdv, other


def _case(session: Session) -> Office:
    issuer, bdv, other = _bodies(session)
    o = office(session, drafting=bdv, issuer=issuer, now=T0)
    q1 = period(
        session,
        o,
        key="2024-quy-1",
        label="Quý I năm 2024",
        cutoff_on=date(2024, 3, 14),
        due_on=date(2024, 3, 21),
        status=PeriodStatus.CLOSED,
    )
    h1 = period(
        session,
        o,
        key="2024-6-thang",
        label="6 tháng đầu năm 2024",
        kind="6-thang",
        cutoff_on=date(2024, 6, 14),
        due_on=date(2024, 6, 21),
        status=PeriodStatus.CLOSED,
    )
    n9 = period(
        session,
        o,
        key="2024-9-thang",
        label="9 tháng năm 2024",
        kind="9-thang",
        cutoff_on=date(2024, 9, 14),
        due_on=date(2024, 9, 23),
    )
    period(
        session,
        o,
        key="2024-nam",
        label="Năm 2024",
        kind="nam",
        cutoff_on=date(2024, 12, 14),
        due_on=date(2024, 12, 20),
        status=PeriodStatus.SCHEDULED,
    )
    dh, ld, bl = (
        o.unit(n) for n in ("Huyện ủy Đạ Huoai", "Huyện ủy Lạc Dương", "Thành ủy Bảo Lộc")
    )
    btg, hnd = o.unit("Ban Tuyên giáo Tỉnh ủy Lâm Đồng"), o.unit("Hội Nông dân tỉnh Lâm Đồng")
    f = {"so_buoi_doi_thoai": 5, "so_vu_viec": 2, "ty_le_hai_long": 80}
    report(session, q1, dh, status=S, submitted=date(2024, 3, 20), figures=f, number="45-BC/HU")
    f = {"so_buoi_doi_thoai": 3, "so_vu_viec": 4, "ty_le_hai_long": 70}
    report(session, q1, ld, status=S, submitted=date(2024, 3, 25), figures=f)
    report(session, q1, bl, status=E)
    report(
        session, q1, btg, status=S, submitted=date(2024, 3, 18), figures={"so_buoi_doi_thoai": 1}
    )
    report(session, q1, hnd, status=P)
    report(session, h1, dh, status=S, submitted=date(2024, 6, 21), figures={"so_buoi_doi_thoai": 9})
    report(session, h1, ld, status=S, submitted=date(2024, 6, 19), figures={"so_buoi_doi_thoai": 6})
    # Returned for more: its figures wait for the resubmission.
    report(
        session, h1, bl, status=R, submitted=date(2024, 6, 28), figures={"so_buoi_doi_thoai": 50}
    )
    report(
        session, h1, btg, status=S, submitted=date(2024, 6, 24), figures={"so_buoi_doi_thoai": 2}
    )
    report(
        session, h1, hnd, status=S, submitted=date(2024, 6, 20), figures={"so_buoi_doi_thoai": 4}
    )
    report(
        session, n9, dh, status=S, submitted=date(2024, 9, 20), figures={"so_buoi_doi_thoai": 12}
    )
    for u in (ld, bl, btg, hnd):
        report(session, n9, u, status=P)
    # Another body's directive, with a unit of its own that reports: never in this roll-up.
    stray = unit_create(session, name="Huyện ủy Di Linh", category="huyen-uy", by="t", now=T0)
    o2 = office(
        session,
        drafting=other,
        issuer=issuer,
        now=T0,
        title="Chỉ thị khác",
        units=[("Huyện ủy Đơn Dương", "huyen-uy")],
    )
    p2 = period(
        session,
        o2,
        key="2024-quy-1",
        label="Quý I năm 2024",
        cutoff_on=date(2024, 3, 14),
        due_on=date(2024, 3, 21),
    )
    report(
        session, p2, stray, status=S, submitted=date(2024, 3, 1), figures={"so_buoi_doi_thoai": 99}
    )
    return o


def test_totals_per_level_follow_each_indicators_aggregate(session):
    o = _case(session)
    r = rollup_of(session, o.directive_id, today=TODAY)
    q1, h1, n9, nam = (id_of(p) for p in o.periods)
    # Cấp huyện, quý I: đối thoại 5 + 3 (sum); vụ việc max(2, 4); hài lòng: the latest
    # report's (Lạc Dương, 25/3). Bảo Lộc is exempt.
    assert r.totals["huyen"][q1] == {"so_buoi_doi_thoai": 8, "so_vu_viec": 4, "ty_le_hai_long": 70}
    assert r.totals["tinh"][q1] == {
        "so_buoi_doi_thoai": 1,
        "so_vu_viec": None,
        "ty_le_hai_long": None,
    }
    assert r.totals[ALL_LEVELS][q1]["so_buoi_doi_thoai"] == 9
    # 6 tháng: the returned report's 50 is not counted; cấp tỉnh 2 + 4.
    assert r.totals["huyen"][h1]["so_buoi_doi_thoai"] == 15
    assert r.totals["tinh"][h1]["so_buoi_doi_thoai"] == 6
    assert r.trends["so_buoi_doi_thoai"] == [9, 21, 12, None]
    assert r.totals[ALL_LEVELS][nam]["so_buoi_doi_thoai"] is None
    # The totals per level are the sums of the cells shown for that level.
    for level in ("huyen", "tinh"):
        for pid in (q1, h1, n9):
            cells = [
                u.cells[pid]
                for u in r.units
                if u.level == level
                and pid in u.cells
                and u.cells[pid].state in (ReportState.ON_TIME, ReportState.LATE)
            ]
            total = sum(c.figures.get("so_buoi_doi_thoai", 0) for c in cells) if cells else None
            assert r.totals[level][pid]["so_buoi_doi_thoai"] == total


def test_on_time_rates_by_hand_exempt_left_out(session):
    o = _case(session)
    r = rollup_of(session, o.directive_id, today=TODAY)
    by_label = {s.period.label: s for s in r.summaries}
    # Quý I: due 4 (Bảo Lộc exempt), on time Đạ Huoai and Ban Tuyên giáo.
    assert (by_label["Quý I năm 2024"].rate.on_time, by_label["Quý I năm 2024"].rate.due) == (2, 4)
    assert by_label["Quý I năm 2024"].rate.percent == 50.0
    assert by_label["Quý I năm 2024"].exempt == 1
    # 6 tháng: Đạ Huoai on the due day itself, Lạc Dương, Hội Nông dân: 3 of 5.
    assert by_label["6 tháng đầu năm 2024"].rate.percent == 60.0
    assert by_label["9 tháng năm 2024"].rate.percent == 20.0
    assert by_label["Năm 2024"].rate.due == 0 and by_label["Năm 2024"].rate.percent is None
    units = {u.name: u.rate for u in r.units}
    assert (units["Huyện ủy Đạ Huoai"].on_time, units["Huyện ủy Đạ Huoai"].due) == (3, 3)
    assert (units["Huyện ủy Lạc Dương"].on_time, units["Huyện ủy Lạc Dương"].due) == (1, 3)
    assert (units["Thành ủy Bảo Lộc"].on_time, units["Thành ủy Bảo Lộc"].due) == (0, 2)
    missing = {s.period.label: [m.unit_name for m in s.missing] for s in r.summaries}
    assert missing["Quý I năm 2024"] == ["Hội Nông dân tỉnh Lâm Đồng"]
    assert missing["6 tháng đầu năm 2024"] == ["Thành ủy Bảo Lộc"]  # returned, not resubmitted
    assert "Thành ủy Bảo Lộc" not in missing["Quý I năm 2024"]  # exempt is never missing
    assert len(missing["9 tháng năm 2024"]) == 4


def test_another_directives_units_never_appear(session):
    o = _case(session)
    r = rollup_of(session, o.directive_id, today=TODAY)
    names = {u.name for u in r.units}
    assert "Huyện ủy Di Linh" not in names and "Huyện ủy Đơn Dương" not in names
    assert len(names) == 5
    assert r.totals[ALL_LEVELS][id_of(o.periods[0])]["so_buoi_doi_thoai"] == 9  # not + 99


def test_filters_by_level_kind_and_period(session):
    o = _case(session)
    r = rollup_of(session, o.directive_id, today=TODAY, level="tinh")
    assert {u.name for u in r.units} == {
        "Ban Tuyên giáo Tỉnh ủy Lâm Đồng",
        "Hội Nông dân tỉnh Lâm Đồng",
    }
    r = rollup_of(session, o.directive_id, today=TODAY, kind="doan-the", period_id=o.periods[1].id)
    assert [u.name for u in r.units] == ["Hội Nông dân tỉnh Lâm Đồng"]
    assert [p.label for p in r.periods] == ["6 tháng đầu năm 2024"]
    assert len(r.all_periods) == 4 and "huyen-uy" in r.kinds


@pytest.mark.parametrize("units", [30])
def test_the_rollup_reads_in_a_few_statements(engine, session, units):
    issuer, bdv, _ = _bodies(session)
    many = [(f"Đảng ủy xã Số {i}", "dang-uy-xa") for i in range(units)]
    o = office(session, drafting=bdv, issuer=issuer, now=T0, units=many)
    for month in (3, 6, 9, 12):
        p = period(
            session,
            o,
            key=f"2024-{month}",
            label=f"Kỳ {month}/2024",
            cutoff_on=date(2024, month, 14),
            due_on=date(2024, month, 20),
        )
        for u in o.units:
            report(
                session,
                p,
                u,
                status=S,
                submitted=date(2024, month, 19),
                figures={"so_buoi_doi_thoai": 1},
            )
    with statements(engine) as sent:
        r = rollup_of(session, o.directive_id, today=TODAY)
    assert (
        len(r.units) == units and r.totals["xa"][id_of(o.periods[0])]["so_buoi_doi_thoai"] == units
    )
    selects = [s for s in sent if s.lstrip().upper().startswith("SELECT")]
    assert len(selects) <= 4, "\n".join(sent)
