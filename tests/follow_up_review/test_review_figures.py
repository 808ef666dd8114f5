"""The review's figures from the unit reports (both databases): sums, maxima and latest
values with the trace of exactly the contributing reports; a returned then resubmitted
report moves the figure; editing the prose never does."""

from datetime import date, timedelta

import pytest

from models.commands.reviews import review_draft, review_edit, review_number
from models.errors import Conflict, Invalid
from models.follow_up.review import figures_traced
from models.ids import id_of
from models.queries.reviews import review_facts
from models.statuses import ReportStatus
from models.tables import ReportFigure, ReviewReport, UnitReport
from tests.review_kit import NOW, scenario, set_figure


def _figures(session, sc):
    return {f.code: f for f in review_facts(session, sc.round).figures}


def _expected(session, sc, code, aggregate):
    """What the figure must be, read straight from the stored rows: the round's own report
    when a unit gave it, else per the aggregate over that unit's periodic reports."""
    own: dict[int, list[tuple[date, int, int, float]]] = {}
    periodic: dict[int, list[tuple[date, int, int, float]]] = {}
    for r in session.exec(__import__("sqlmodel").select(UnitReport)).all():
        if r.status != ReportStatus.SUBMITTED:
            continue
        f = session.get(ReportFigure, (r.id, code))
        if f is None:
            continue
        per = session.get(type(sc.round), r.period_id)
        (own if per.id == sc.round.id else periodic).setdefault(r.unit_id, []).append(
            (per.cutoff_on, per.year, r.id, f.value)
        )
    picked = []
    for unit in {*own, *periodic}:
        if unit in own:
            picked += [own[unit][-1]]
            continue
        rows = sorted(periodic[unit])
        if aggregate == "max":
            picked += rows
        elif aggregate == "last":
            picked += [rows[-1]]
        else:
            picked += [
                max((x for x in rows if x[1] == y), key=lambda x: x[0])
                for y in {x[1] for x in rows}
            ]
    values = [p[3] for p in picked]
    return (max(values) if aggregate == "max" else sum(values)), sorted(p[2] for p in picked)


@pytest.mark.parametrize(
    "code, aggregate",
    [("so_buoi_doi_thoai", "sum"), ("so_vu_viec", "max"), ("so_to_hoa_giai", "last")],
)
def test_figure_equals_the_unit_reports_and_traces_exactly_them(session, code, aggregate):
    sc = scenario(session)
    fig = _figures(session, sc)[code]
    value, ids = _expected(session, sc, code, aggregate)
    assert fig.aggregate == aggregate
    assert fig.value == value
    assert sorted(c.report_id for c in fig.trace) == ids
    for c in fig.trace:
        r = session.get(UnitReport, c.report_id)
        assert (c.number, c.report_date, c.unit_id) == (r.number, r.report_date, r.unit_id)
        assert c.value == session.get(ReportFigure, (c.report_id, code)).value


def test_the_numbers_of_the_case(session):
    """The scenario worked by hand: Cư Jút's round report (20) stands for its span; Krông
    Nô's years add up (Năm 2024: 7, 6 tháng 2025: 4); Gia Nghĩa has no Năm 2024, so its
    6 tháng 2024 (1) counts, then 2; a pending round report gives nothing."""
    sc = scenario(session)
    figs = _figures(session, sc)
    assert figs["so_buoi_doi_thoai"].value == 20 + 7 + 4 + 1 + 2
    assert len(figs["so_buoi_doi_thoai"].trace) == 5
    assert figs["so_vu_viec"].value == 6  # Krông Nô, 6 tháng 2025
    assert len(figs["so_vu_viec"].trace) == 8
    assert figs["so_to_hoa_giai"].value == 13 + 9 + 7  # each unit's latest
    assert {c.period_label for c in figs["so_to_hoa_giai"].trace} == {"6 tháng đầu năm 2025"}
    assert figures_traced(list(figs.values())) == 3


def test_returned_then_resubmitted_report_changes_the_figure(session):
    sc = scenario(session)
    r = sc.reports["2025-6-thang/Huyện ủy Krông Nô"]
    before = _figures(session, sc)
    assert before["so_vu_viec"].value == 6
    r.status, r.returned_at, r.returns = ReportStatus.RETURNED, NOW, 1
    session.add(r)
    session.commit()
    returned = _figures(session, sc)
    assert id_of(r) not in {c.report_id for f in returned.values() for c in f.trace}
    assert returned["so_vu_viec"].value == 5  # Krông Nô's 6 tháng 2024 is the max now
    assert returned["so_buoi_doi_thoai"].value == before["so_buoi_doi_thoai"].value - 4
    set_figure(session, r, "so_vu_viec", 8)
    r.status, r.submitted_at = ReportStatus.SUBMITTED, NOW + timedelta(days=1)
    session.add(r)
    session.commit()
    again = _figures(session, sc)
    assert again["so_vu_viec"].value == 8
    assert id_of(r) in {c.report_id for c in again["so_vu_viec"].trace}


def test_editing_the_prose_never_changes_a_figure(session):
    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    drafted = review_draft(session, did, pid, by="dung", now=NOW)
    assert "[[so_buoi_doi_thoai]]" in drafted.report.prose["1"]
    assert "Tổ chức 20 buổi đối thoại" in drafted.report.prose["1"]
    before = [(f.code, f.value, f.trace) for f in review_facts(session, sc.round).figures]
    text = "Toàn tỉnh tổ chức 999 buổi đối thoại ([[so_buoi_doi_thoai]]), vượt kế hoạch."
    review_edit(session, did, pid, {"1": text}, by="dung", now=NOW)
    session.expire_all()
    stored = session.get(ReviewReport, id_of(drafted.report))
    assert stored.prose["1"] == text
    after = [(f.code, f.value, f.trace) for f in review_facts(session, sc.round).figures]
    assert after == before


def test_prose_with_a_figure_of_no_indicator_is_refused_at_its_section(session):
    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    drafted = review_draft(session, did, pid, by="dung", now=NOW)
    with pytest.raises(Invalid) as exc:
        review_edit(session, did, pid, {"2": "Có [[so_gia]] vụ."}, by="dung", now=NOW)
    assert exc.value.field == "prose_2" and "[[so_gia]]" in exc.value.message
    with pytest.raises(Invalid) as exc:
        review_edit(session, did, pid, {"9": "x"}, by="dung", now=NOW)
    assert exc.value.field == "prose_9"
    session.rollback()
    assert session.get(ReviewReport, id_of(drafted.report)).prose == drafted.report.prose


def test_numbered_from_the_issuers_register_once(session):
    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    review_draft(session, did, pid, by="dung", now=NOW)
    with pytest.raises(Conflict):
        review_draft(session, did, pid, by="dung", now=NOW)
    session.rollback()
    done = review_number(session, did, pid, report_date=NOW.date(), by="dung", now=NOW)
    assert done.report.number == "01-BC/TU"
    assert done.report.report_date == NOW.date()
    with pytest.raises(Conflict) as exc:
        review_number(session, did, pid, report_date=NOW.date(), by="dung", now=NOW)
    assert "01-BC/TU" in exc.value.message
    session.rollback()
    with pytest.raises(Conflict):
        review_edit(session, did, pid, {"1": "Sửa sau khi cấp số."}, by="dung", now=NOW)


def test_a_number_typed_must_be_the_issuers_report(session):
    sc = scenario(session)
    pid, did = id_of(sc.round), sc.office.directive_id
    review_draft(session, did, pid, by="dung", now=NOW)
    for typed in ("12-KH/TU", "12-BC/BDVTU", "không phải số"):
        with pytest.raises(Invalid) as exc:
            review_number(
                session, did, pid, report_date=NOW.date(), number=typed, by="dung", now=NOW
            )
        assert exc.value.field == "number"
        session.rollback()
    with pytest.raises(Invalid) as exc:
        review_number(
            session, did, pid, report_date=NOW.date() + timedelta(days=3), by="dung", now=NOW
        )
    assert exc.value.field == "report_date"
    session.rollback()
    done = review_number(
        session, did, pid, report_date=NOW.date(), number="125-BC/TU", by="dung", now=NOW
    )
    assert done.report.number == "125-BC/TU"
