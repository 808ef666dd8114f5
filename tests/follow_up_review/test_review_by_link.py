"""The review's figures follow the units' reports as they come by link (fu-unit's commands):
a round report submitted, returned for more, and submitted again each move the figure."""

from datetime import timedelta

from models.commands.unit_reports import ReportIn, report_return, report_save
from models.ids import id_of
from models.queries.reviews import review_facts
from tests.review_kit import NOW, scenario, with_link


def _dialogues(session, sc):
    session.expire_all()
    f = next(f for f in review_facts(session, sc.round).figures if f.code == "so_buoi_doi_thoai")
    return f.value, {c.report_id for c in f.trace}


def test_submitted_returned_resubmitted(session, links):
    sc = scenario(session)
    r = sc.reports["so-ket/c"]  # Gia Nghĩa: asked, nothing sent yet
    raw = with_link(session, links, r)
    # Its periodic reports stand in: 6 tháng 2024 (1, no Năm 2024) and 6 tháng 2025 (2).
    before, trace = _dialogues(session, sc)
    assert id_of(r) not in trace
    data = ReportIn(
        figures={"so_buoi_doi_thoai": 9, "so_vu_viec": 1, "so_to_hoa_giai": 7},
        narrative={"1": "Đối thoại tại 9 phường, xã.", "2": "Còn hình thức."},
        number="60-BC/TU",
        report_date=NOW.date(),
    )
    report_save(session, raw, data, now=NOW, submit=True)
    submitted, trace = _dialogues(session, sc)
    assert submitted == before - (1 + 2) + 9
    assert id_of(r) in trace
    report_return(session, id_of(r), "Bổ sung số liệu quý IV.", by="dung", now=NOW)
    returned, trace = _dialogues(session, sc)
    assert returned == before and id_of(r) not in trace
    again = data.model_copy(update={"figures": {**data.figures, "so_buoi_doi_thoai": 11}})
    report_save(session, raw, again, now=NOW + timedelta(hours=2), submit=True)
    resubmitted, trace = _dialogues(session, sc)
    assert resubmitted == before - 3 + 11 and id_of(r) in trace
