"""A unit's validity and successor are checked before they are stored (pure rule): each
refusal names its field, in Vietnamese."""

from dataclasses import dataclass
from datetime import date

import pytest

from models.errors import Invalid
from models.unit_validity import ceased_from, ceased_note, check_validity

END = date(2025, 6, 30)
ON = date(2025, 7, 1)


@dataclass
class U:
    id: int | None
    name: str
    valid_from: date | None = None
    valid_to: date | None = None
    successor_id: int | None = None


def _tree() -> dict[int, U]:
    return {
        1: U(1, "Huyện ủy Phước Long Thượng"),
        2: U(2, "Huyện ủy Bình Sơn Hạ"),
        3: U(3, "Đảng ủy xã Sơn Long", valid_from=ON),
    }


def _refused(unit: U, units: dict[int, U]) -> Invalid:
    with pytest.raises(Invalid) as caught:
        check_validity(unit, units)
    return caught.value


def test_a_consistent_handover_passes_and_reads_as_a_note() -> None:
    units = _tree()
    unit = U(1, "Huyện ủy Phước Long Thượng", valid_to=END, successor_id=3)
    check_validity(unit, units)  # no refusal
    assert ceased_from(unit) == ON
    assert ceased_note(unit, "Đảng ủy xã Sơn Long") == (
        "Đã thôi hoạt động từ 01/7/2025, kế thừa: Đảng ủy xã Sơn Long"
    )
    assert ceased_note(U(5, "X"), None) == "Đã thôi hoạt động"


def test_dates_out_of_order_are_refused_at_the_end_date() -> None:
    exc = _refused(U(1, "A", valid_from=date(2025, 1, 10), valid_to=date(2025, 1, 9)), _tree())
    assert exc.field == "valid_to"
    assert "Ngày hết hiệu lực phải cùng hoặc sau ngày bắt đầu hiệu lực (10/01/2025)" in exc.message
    # The same day is a one-day unit, allowed.
    check_validity(U(1, "A", valid_from=date(2025, 1, 10), valid_to=date(2025, 1, 10)), _tree())


@pytest.mark.parametrize(
    ("unit", "field", "words"),
    [
        (U(1, "A", valid_to=END, successor_id=1), "successor_id", "chính đơn vị này"),
        (
            U(1, "A", valid_to=END, successor_id=99),
            "successor_id",
            "Không tìm thấy đơn vị kế thừa #99",
        ),
        (U(1, "A", successor_id=3), "valid_to", "phải có ngày hết hiệu lực"),
        # Ends on 29/6: the successor, valid from 1/7, leaves 30/6 without anyone.
        (
            U(1, "A", valid_to=date(2025, 6, 29), successor_id=3),
            "successor_id",
            "“Đảng ủy xã Sơn Long” phải có hiệu lực từ ngày 30/6/2025",
        ),
    ],
)
def test_a_bad_successor_is_refused_at_its_field(unit: U, field: str, words: str) -> None:
    exc = _refused(unit, _tree())
    assert exc.field == field
    assert words in exc.message


def test_a_successor_chain_leading_back_is_refused() -> None:
    units = _tree()
    units[3] = U(3, "Đảng ủy xã Sơn Long", valid_from=ON, valid_to=date(2026, 1, 1), successor_id=2)
    units[2] = U(2, "Huyện ủy Bình Sơn Hạ", valid_to=date(2026, 1, 1), successor_id=1)
    # 1 → 3 → 2 → 1; 1 must be valid on 2/1/2026 for 2's handover, which it is (open end).
    exc = _refused(U(1, "Huyện ủy Phước Long Thượng", valid_to=END, successor_id=3), units)
    assert exc.field == "successor_id"
    assert "vòng lặp" in exc.message and "“Đảng ủy xã Sơn Long” → “Huyện ủy Bình Sơn Hạ”" in (
        exc.message
    )


def test_a_successor_cannot_move_its_start_past_a_handover() -> None:
    units = _tree()
    units[1] = U(1, "Huyện ủy Phước Long Thượng", valid_to=END, successor_id=3)
    exc = _refused(U(3, "Đảng ủy xã Sơn Long", valid_from=date(2025, 8, 1)), units)
    assert exc.field == "valid_from"
    assert "“Huyện ủy Phước Long Thượng” chuyển nhiệm vụ cho đơn vị này từ ngày 01/7/2025" in (
        exc.message
    )
    exc = _refused(U(3, "Đảng ủy xã Sơn Long", valid_from=date(2025, 5, 1), valid_to=END), units)
    assert exc.field == "valid_to" and "phải có hiệu lực vào ngày đó" in exc.message
    check_validity(U(3, "Đảng ủy xã Sơn Long", valid_from=ON), units)
