"""Who owes a hội nghị giao ban in a quarter, and who has not held it (pure)."""

from datetime import date

from models.follow_up.briefings import duties, not_held, quarter_bounds, quarter_label

REPORTING = [(1, "huyen-uy"), (2, "huyen-uy"), (3, "ban-dang"), (4, "doan-the")]


def test_quarters_and_their_bounds() -> None:
    assert quarter_bounds(2024, 1) == (date(2024, 1, 1), date(2024, 3, 31))
    assert quarter_bounds(2024, 4) == (date(2024, 10, 1), date(2024, 12, 31))
    assert quarter_label(2025, 3) == "Quý III năm 2025"


def test_duties_by_kind_and_by_unit() -> None:
    owed = duties(
        [{"category": "huyen-uy", "every": "quy"}, {"unit_ids": [9], "every": "nam"}],
        REPORTING,
    )
    assert [(d.unit_id, d.every) for d in owed] == [(1, "quy"), (2, "quy"), (9, "nam")]
    # The most frequent duty wins; an unknown frequency is no duty.
    owed = duties([{"unit_ids": [1], "every": "nam"}, {"category": "huyen-uy"}], REPORTING)
    assert [(d.unit_id, d.every) for d in owed] == [(1, "quy"), (2, "quy")]
    assert duties([{"unit_ids": [1], "every": "tuan"}], REPORTING) == []


def test_not_held_counts_the_quarter_or_the_year() -> None:
    owed = duties(
        [{"category": "huyen-uy", "every": "quy"}, {"unit_ids": [3], "every": "nam"}],
        REPORTING,
    )
    held = [(1, date(2024, 6, 30)), (2, date(2024, 7, 1)), (3, date(2024, 2, 1))]
    # Quý III: unit 1 held its last in quý II; unit 3 owes one a year and held it in February.
    assert not_held(owed, held, 2024, 3) == [1]
    assert not_held(owed, held, 2024, 2) == [2]
    assert not_held(owed, held, 2025, 1) == [1, 2, 3]
