"""A period asks the units valid then: an abolished unit's duties pass to its successor."""

from dataclasses import dataclass
from datetime import date

from models.unit_validity import in_force_on, reporting_on, valid_on


@dataclass
class U:
    id: int
    valid_from: date | None = None
    valid_to: date | None = None
    successor_id: int | None = None


def test_valid_on_includes_both_ends() -> None:
    u = U(1, date(2020, 1, 1), date(2025, 6, 30))
    assert not valid_on(u, date(2019, 12, 31))
    assert valid_on(u, date(2020, 1, 1)) and valid_on(u, date(2025, 6, 30))
    assert not valid_on(u, date(2025, 7, 1))


def test_merged_districts_report_once_through_their_successor() -> None:
    units = {
        1: U(1, valid_to=date(2025, 6, 30), successor_id=3),  # Huyện ủy A
        2: U(2, valid_to=date(2025, 6, 30), successor_id=3),  # Huyện ủy B
        3: U(3, valid_from=date(2025, 7, 1)),  # Đảng ủy xã mới
        4: U(4),
    }
    assert reporting_on([1, 2, 4], units, date(2025, 3, 14)) == [1, 2, 4]
    assert reporting_on([1, 2, 4], units, date(2025, 9, 14)) == [3, 4]


def test_a_chain_that_ends_or_loops_yields_none() -> None:
    units = {
        1: U(1, valid_to=date(2020, 1, 1), successor_id=2),
        2: U(2, valid_to=date(2020, 1, 1), successor_id=1),
    }
    assert in_force_on(1, units, date(2021, 1, 1)) is None
    assert in_force_on(9, units, date(2021, 1, 1)) is None


def test_units_in_force_reads_the_successor_chain_from_the_database(session) -> None:
    from models.queries.unit_validity import units_in_force
    from models.tables import Unit

    new = Unit(name="Đảng ủy xã Tân Lợi", valid_from=date(2025, 7, 1))
    session.add(new)
    session.flush()
    old = [
        Unit(name=f"Huyện ủy {n}", valid_to=date(2025, 6, 30), successor_id=new.id) for n in "AB"
    ]
    other = Unit(name="Ban Tuyên giáo")
    session.add_all([*old, other])
    session.flush()
    ids = [u.id for u in [*old, other] if u.id is not None]
    before = units_in_force(session, ids, date(2025, 3, 14))
    after = units_in_force(session, ids, date(2025, 9, 14))
    assert [u.name for u in before] == ["Huyện ủy A", "Huyện ủy B", "Ban Tuyên giáo"]
    assert [u.name for u in after] == ["Đảng ủy xã Tân Lợi", "Ban Tuyên giáo"]
