"""The reporting calendar and its days off (models/follow_up/calendar.py, holidays.py)."""

from datetime import date

import pytest

from models.follow_up.calendar import (
    add_working_days,
    is_working_day,
    periods_for,
    quarter_of,
    review_spec,
)
from models.follow_up.holidays import Holidays, known_years, names
from models.statuses import PeriodPurpose

CADENCE = ["quy-1", "6-thang", "9-thang", "nam"]


def test_every_year_2023_to_2030_has_data_with_the_fixed_holidays() -> None:
    assert set(range(2023, 2031)) <= set(known_years())
    for year in range(2023, 2031):
        days = names([year])
        for fixed in (date(year, 1, 1), date(year, 4, 30), date(year, 5, 1), date(year, 9, 2)):
            assert fixed in days, (year, fixed)
        assert sum(1 for n in days.values() if n == "Tết Nguyên đán") >= 5, year
        assert any(n.startswith("Giỗ Tổ") for n in days.values()), year


def test_tet_days_off_as_decided() -> None:
    hol = Holidays.load([2023, 2024, 2025, 2026])
    for first, last in [
        (date(2023, 1, 20), date(2023, 1, 26)),
        (date(2024, 2, 8), date(2024, 2, 14)),
        (date(2025, 1, 25), date(2025, 2, 2)),
        (date(2026, 2, 14), date(2026, 2, 22)),
    ]:
        day = first
        while day <= last:
            assert not is_working_day(day, hol), day
            day = date.fromordinal(day.toordinal() + 1)
        assert is_working_day(date.fromordinal(last.toordinal() + 1), hol) or (
            date.fromordinal(last.toordinal() + 1).weekday() >= 5
        )


def test_compensatory_day_after_a_holiday_on_a_weekend() -> None:
    hol = Holidays.load([2023, 2026])
    assert not is_working_day(date(2023, 1, 2), hol)  # 1/1/2023 was a Sunday
    assert not is_working_day(date(2026, 4, 27), hol)  # Giỗ Tổ 26/4/2026, a Sunday
    assert is_working_day(date(2026, 4, 28), hol)


def test_working_days_skip_weekends() -> None:
    hol = Holidays.load([2024])
    assert add_working_days(date(2024, 3, 14), 5, hol) == date(2024, 3, 21)  # Thu → Thu
    assert add_working_days(date(2024, 3, 16), 0, hol) == date(2024, 3, 18)  # Sat → Mon
    assert add_working_days(date(2024, 3, 15), 0, hol) == date(2024, 3, 15)


def test_a_due_date_that_would_land_in_tet_2024_moves_after_it() -> None:
    without = add_working_days(date(2024, 2, 5), 4, Holidays())
    assert without == date(2024, 2, 9)  # would be the 30th of the lunar year
    assert add_working_days(date(2024, 2, 5), 4, Holidays.load([2024])) == date(2024, 2, 16)


def test_extra_days_of_a_body_are_skipped_too() -> None:
    hol = Holidays.load([2024], extra_days=[date(2024, 3, 19)])
    assert add_working_days(date(2024, 3, 14), 5, hol) == date(2024, 3, 22)


def test_missing_years_are_named() -> None:
    assert Holidays.missing([2024, 2099]) == [2099]
    assert Holidays.load([2099]) == frozenset()


def test_quarter_i_figures_run_from_15_december_of_the_year_before() -> None:
    hol = Holidays.load([2023, 2024])
    (q1,) = periods_for(
        ["quy-1"],
        2024,
        2024,
        cutoff_day=14,
        due_working_days=5,
        open_days_before=7,
        holidays=hol,
    )
    assert q1.key == "2024-quy-1" and q1.label == "Quý I năm 2024"
    assert q1.starts_on == date(2023, 12, 15)
    assert q1.cutoff_on == date(2024, 3, 14)
    assert q1.opens_on == date(2024, 3, 7)
    assert q1.due_on == date(2024, 3, 21)
    assert q1.purpose == PeriodPurpose.PERIODIC


def test_year_report_due_across_the_new_year_skips_tet_duong_lich() -> None:
    hol = Holidays.load([2023, 2024])
    (nam,) = periods_for(
        ["nam"], 2023, 2023, cutoff_day=14, due_working_days=13, open_days_before=7, holidays=hol
    )
    # 15/12/2023 (Fri) … 13 working days: 29/12 is the 11th, 1/1/2024 is a holiday.
    assert nam.cutoff_on == date(2023, 12, 14)
    assert nam.due_on == date(2024, 1, 3)
    assert nam.starts_on == date(2022, 12, 15)


def test_four_periods_over_two_years_make_eight_with_keys_and_labels() -> None:
    specs = periods_for(
        ["nam", "quy-1", "9-thang", "6-thang", "nam"],
        2024,
        2025,
        cutoff_day=14,
        due_working_days=5,
        open_days_before=7,
        holidays=Holidays.load([2024, 2025]),
    )
    assert [s.key for s in specs] == [
        "2024-quy-1",
        "2024-6-thang",
        "2024-9-thang",
        "2024-nam",
        "2025-quy-1",
        "2025-6-thang",
        "2025-9-thang",
        "2025-nam",
    ]
    assert [s.label for s in specs[:4]] == [
        "Quý I năm 2024",
        "6 tháng đầu năm 2024",
        "9 tháng năm 2024",
        "Năm 2024",
    ]
    assert [s.cutoff_on for s in specs[4:]] == [
        date(2025, 3, 14),
        date(2025, 6, 14),
        date(2025, 9, 14),
        date(2025, 12, 14),
    ]
    # Figures are cumulative: every period of a year starts on the same day.
    assert {s.starts_on for s in specs[4:]} == {date(2024, 12, 15)}
    # 14/6/2025 is a Saturday: 5 working days after it end on Friday 20/6.
    assert specs[5].due_on == date(2025, 6, 20)
    assert all(s.opens_on < s.cutoff_on < s.due_on for s in specs)


def test_another_cutoff_day_moves_the_start_too() -> None:
    (q1,) = periods_for(
        ["quy-1"],
        2024,
        2024,
        cutoff_day=20,
        due_working_days=3,
        open_days_before=0,
        holidays=Holidays(),
    )
    assert (q1.starts_on, q1.cutoff_on, q1.opens_on) == (
        date(2023, 12, 21),
        date(2024, 3, 20),
        date(2024, 3, 20),
    )


def test_unknown_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="Kỳ báo cáo không hợp lệ"):
        periods_for(
            ["quy-2"],
            2024,
            2024,
            cutoff_day=14,
            due_working_days=5,
            open_days_before=7,
            holidays=Holidays(),
        )


def test_review_spec() -> None:
    hol = Holidays.load([2025, 2026])  # a December cut-off is due in the next year
    spec = review_spec(PeriodPurpose.SO_KET, 2025, first_year=2024, holidays=hol)
    assert spec.key == "2025-so-ket" and spec.kind == "so-ket"
    assert spec.label == "Sơ kết năm 2025"
    assert spec.starts_on == date(2023, 12, 15)
    assert spec.cutoff_on == date(2025, 12, 14)
    assert spec.opens_on == date(2025, 11, 14)
    assert spec.due_on == date(2026, 1, 5)  # 15 working days from Mon 15/12/2025; 1/1 off
    with pytest.raises(ValueError):
        review_spec(PeriodPurpose.PERIODIC, 2025, holidays=Holidays())


def test_quarter_of() -> None:
    assert quarter_of(date(2024, 3, 31)) == (2024, 1)
    assert quarter_of(date(2024, 4, 1)) == (2024, 2)
    assert quarter_of(date(2024, 12, 31)) == (2024, 4)
