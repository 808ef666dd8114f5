"""The follow-up plan's input (models/follow_up/plan.py): each refusal a Vietnamese message at
its field, as the page and the API show it."""

from types import SimpleNamespace
from typing import Any, cast

import pytest
from pydantic import ValidationError

from models.follow_up.plan import PlanFacts, PlanIn, plan_in_of, stored_fields
from web.forms import field_errors

GOOD: dict[str, Any] = {
    "cadence": ["quy-1", "6-thang", "9-thang", "nam"],
    "first_year": 2024,
    "last_year": 2027,
    "reporting_unit_ids": [11, 12],
    "indicators": [
        {
            "code": "so_buoi_doi_thoai",
            "name": "Số buổi đối thoại với Nhân dân",
            "measure": "buổi",
            "aggregate": "sum",
        }
    ],
    "sections": [{"key": "1", "title": "Tăng cường công tác dân vận"}],
    "briefings": [{"category": "Ban Thường vụ các huyện ủy", "every": "quy"}],
    "so_ket_year": 2025,
    "tong_ket_year": 2027,
}


def errors_of(**changes: Any) -> dict[str, str]:
    with pytest.raises(ValidationError) as exc:
        PlanIn.model_validate({**GOOD, **changes})
    return field_errors(exc.value, PlanIn)


def test_a_good_plan_is_kept_in_calendar_order() -> None:
    plan = PlanIn.model_validate({**GOOD, "cadence": ["nam", "quy-1", "nam"]})
    assert plan.cadence == ["quy-1", "nam"]
    assert plan.reminder_before == [3, 1] and plan.reminder_after == [1, 3, 7]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"cadence": []}, "cadence", "Vui lòng chọn ít nhất một kỳ báo cáo."),
        ({"cadence": ["quy-2"]}, "cadence", "Kỳ báo cáo không hợp lệ: quy-2"),
        ({"last_year": 2023}, "last_year", "Năm kết thúc không được trước năm bắt đầu."),
        ({"first_year": 1900}, "first_year", "Năm bắt đầu phải từ 2000"),
        ({"cutoff_day": 31}, "cutoff_day", "Ngày chốt số liệu phải từ 1 đến 28."),
        ({"cutoff_day": 0}, "cutoff_day", "Ngày chốt số liệu phải từ 1 đến 28."),
        ({"due_working_days": 61}, "due_working_days", "Hạn nộp phải từ 1 đến 60"),
        ({"due_working_days": 0}, "due_working_days", "Hạn nộp phải từ 1 đến 60"),
        ({"reminder_before": [3, 3]}, "reminder_before", "Số ngày nhắc trước hạn bị trùng."),
        ({"reminder_after": [0]}, "reminder_after", "Số ngày nhắc sau hạn phải từ 1 đến 60."),
        ({"reporting_unit_ids": []}, "reporting_unit_ids", "ít nhất một đơn vị báo cáo"),
        ({"so_ket_year": 2030}, "so_ket_year", "Năm sơ kết phải trong thời gian theo dõi"),
        ({"tong_ket_year": 2023}, "tong_ket_year", "Năm tổng kết phải trong thời gian"),
        ({"tong_ket_year": 2025}, "tong_ket_year", "Năm tổng kết phải sau năm sơ kết."),
        ({"don_doc_after_days": 0}, "don_doc_after_days", "công văn đôn đốc"),
        (
            {"indicators": [{"code": "Số buổi", "name": "Số buổi"}]},
            "indicators",
            "Mã chỉ tiêu chỉ gồm chữ thường không dấu",
        ),
        (
            {"indicators": [{"code": "a", "name": "A"}, {"code": "a", "name": "B"}]},
            "indicators",
            "Mã chỉ tiêu “a” bị trùng.",
        ),
        ({"indicators": [{"code": "a", "name": " "}]}, "indicators", "không được để trống"),
        (
            {"indicators": [{"code": "a", "name": "A", "aggregate": "avg"}]},
            "indicators",
            "Vui lòng chọn một giá trị trong danh sách.",
        ),
        (
            {"sections": [{"key": "1", "title": "A"}, {"key": "1", "title": "B"}]},
            "sections",
            "Mục “1” bị trùng.",
        ),
        ({"briefings": [{"every": "quy"}]}, "briefings", "Vui lòng chọn đơn vị hoặc ghi nhóm"),
        ({"note": "a\x00b"}, "note", "ký tự điều khiển"),
    ],
)
def test_each_refusal_names_its_field_in_vietnamese(
    changes: dict[str, Any], field: str, message: str
) -> None:
    errors = errors_of(**changes)
    assert field in errors, errors
    assert message in errors[field]


def test_a_stored_plan_reads_back_as_the_same_input() -> None:
    plan = PlanIn.model_validate(GOOD)
    # A row as the command stores it; report_to_id is the drafting body, set by the command.
    row = cast(PlanFacts, SimpleNamespace(**stored_fields(plan), report_to_id=5))
    again = plan_in_of(row)
    assert again.model_dump(exclude={"report_to_id"}) == plan.model_dump(exclude={"report_to_id"})
    assert again.report_to_id == 5
