"""Reads behind the follow-up plan page and its API twin: what the form starts from (the
current version, or on first use what the signed text states: models/follow_up/extract.py,
completed from the records: the units offered, the directive's sections), and the versions
with what each changed."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, select

from models.follow_up.extract import PlanSuggestion, suggest_plan
from models.follow_up.plan import MAX_SECTIONS, plan_in_of, stored_fields
from models.follow_up.plan_changes import plan_changes
from models.ids import id_of
from models.queries.follow_up import plan_versions
from models.sections import section_label
from models.tables import Directive, DraftVersion, Section, Unit
from models.tables.follow_up import FollowUpPlan
from models.text import clean_line, search_key, sort_key
from models.unit_validity import valid_on

MAX_TITLE = 200  # a section's title in the plan: its heading, cut at a word


@dataclass(frozen=True)
class PlanStart:
    """What the plan form shows first: `values` has PlanIn's fields (not yet validated: a
    suggestion may lack units), `current` the version in force, `suggestion` the reading
    of the text when there is no version yet."""

    values: dict[str, Any]
    current: FollowUpPlan | None
    suggestion: PlanSuggestion | None


@dataclass(frozen=True)
class VersionRow:
    plan: FollowUpPlan
    changes: list[str]


def signed_text(session: Session, directive: Directive) -> tuple[str, list[Section]]:
    """The text the directive was issued with (its final draft) and its sections; the last
    version when none was marked final."""
    version = (
        session.get(DraftVersion, directive.final_version_id)
        if directive.final_version_id
        else session.exec(
            select(DraftVersion)
            .where(DraftVersion.directive_id == directive.id)
            .order_by(col(DraftVersion.number).desc())
        ).first()
    )
    if version is None:
        return "", []
    sections = session.exec(
        select(Section).where(Section.version_id == version.id).order_by(col(Section.ordinal))
    ).all()
    return version.text, list(sections)


def _title(key: str, heading: str) -> str:
    label = section_label(key, heading)
    shown = key.split("~")[0]
    title = clean_line(label[len(shown) + 2 :] if label.startswith(f"{shown}. ") else label)
    if len(title) > MAX_TITLE:
        title = title[: MAX_TITLE - 1].rsplit(" ", 1)[0] + "…"
    return title or shown


def plan_sections(sections: list[Section]) -> list[dict[str, str]]:
    """The directive's numbered sections a report's narrative follows: parts, articles and
    clauses (not the preamble nor the points under a clause)."""
    rows = [
        {"key": s.key[:20], "title": _title(s.key, s.heading)}
        for s in sections
        if s.key != "0" and s.level in ("phan", "dieu", "khoan") and s.heading
    ]
    return rows[:MAX_SECTIONS]


def offered_units(
    session: Session, directive: Directive, day: date, keep: list[int] | None = None
) -> list[Unit]:
    """The units the form offers as reporting units: active, in force on `day`, not the
    drafting body nor the issuer (they receive the reports); with those the plan already
    names (`keep`), so a version's choice is shown even after a unit ceased."""
    rows = session.exec(select(Unit).where(Unit.active == True)).all()  # noqa: E712
    kept = set(keep or [])
    own = {directive.drafting_unit_id, directive.issuer_id}
    units = [u for u in rows if u.id not in own and valid_on(u, day)]
    have = {u.id for u in units}
    missing = [i for i in kept if i not in have]
    if missing:
        units += list(session.exec(select(Unit).where(col(Unit.id).in_(missing))).all())
    return sorted(units, key=lambda u: sort_key(u.name))


def _named(name: str, units: list[Unit]) -> Unit | None:
    """The unit the text names ("Ban Dân vận Tỉnh ủy"), compared without accents or case."""
    wanted = search_key(name)
    if not wanted:
        return None
    exact = [u for u in units if search_key(u.name) == wanted]
    # The text often leaves out the province ("Ban Tuyên giáo Tỉnh ủy" for "… Cao Bằng").
    longer = [u for u in units if search_key(u.name).startswith(wanted + " ")]
    found = exact or (longer if len(longer) == 1 else [])
    return found[0] if found else None


def suggested_values(
    s: PlanSuggestion,
    directive: Directive,
    units: list[Unit],
    bodies: list[Unit],
    sections: list[Section],
) -> dict[str, Any]:
    """The suggestion completed from the records, as PlanIn's fields."""
    if s.all_units:
        chosen = [id_of(u) for u in units]
    else:
        chosen = [id_of(u) for u in units if u.category and u.category in s.categories]
    report_to = _named(s.report_through, bodies) or _named(s.report_to, bodies)
    briefings = []
    for duty in s.briefings:
        unit = _named(duty.who, [*bodies, *units])
        briefings.append(
            {
                "unit_ids": [id_of(unit)] if unit else [],
                "category": "" if unit else (duty.who or "Đơn vị chủ trì theo chỉ thị")[:200],
                "every": duty.every,
                "note": f"Ít nhất {duty.times:02d} lần" if duty.times > 1 else "",
            }
        )
    first, last = s.first_year, s.last_year

    def within(year: int | None) -> int | None:
        return year if year is not None and first <= year <= last else None

    return {
        "cadence": s.cadence or ["quy-1", "6-thang", "9-thang", "nam"],
        "first_year": first,
        "last_year": last,
        "reporting_unit_ids": chosen,
        "report_to_id": id_of(report_to) if report_to else directive.drafting_unit_id,
        "indicators": [],
        "sections": plan_sections(sections),
        "cutoff_day": s.cutoff_day,
        "due_working_days": s.due_working_days,
        "reminder_before": [3, 1],
        "reminder_after": [1, 3, 7],
        "don_doc_after_days": 5,
        "briefings": briefings,
        "so_ket_year": within(s.so_ket_year),
        "tong_ket_year": within(s.tong_ket_year),
        "note": "",
    }


def version_values(row: FollowUpPlan) -> dict[str, Any]:
    """A stored version as PlanIn's fields (with the receiver it names)."""
    return {**stored_fields(plan_in_of(row)), "report_to_id": row.report_to_id}


def issued_on(directive: Directive) -> date:
    moment: datetime | date | None = directive.signed_on or directive.issued_at
    if isinstance(moment, datetime):
        return moment.date()
    return moment or directive.created_at.date()


def plan_start(session: Session, directive: Directive, *, today: date) -> PlanStart:
    versions = plan_versions(session, id_of(directive))
    if versions:
        current = versions[-1]
        return PlanStart(version_values(current), current, None)
    text, sections = signed_text(session, directive)
    suggestion = suggest_plan(text, issued_on=issued_on(directive))
    units = offered_units(session, directive, today)
    bodies = [
        u
        for u in (
            session.get(Unit, directive.drafting_unit_id),
            session.get(Unit, directive.issuer_id),
        )
        if u is not None
    ]
    values = suggested_values(suggestion, directive, units, bodies, sections)
    return PlanStart(values, None, suggestion)


def unit_names(session: Session, ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = session.exec(select(Unit).where(col(Unit.id).in_(sorted(ids)))).all()
    return {id_of(u): u.name for u in rows}


def _ids_in(values: Mapping[str, Any]) -> set[int]:
    ids = set(values["reporting_unit_ids"])
    ids |= {u for b in values["briefings"] for u in b.get("unit_ids") or []}
    if values.get("report_to_id"):
        ids.add(values["report_to_id"])
    return ids


def version_rows(session: Session, directive_id: int) -> list[VersionRow]:
    """The plan's versions, newest first, each with what it changed in the one before."""
    rows = plan_versions(session, directive_id)
    values = [version_values(r) for r in rows]
    names = unit_names(session, set().union(*(_ids_in(v) for v in values)) if values else set())
    out = [
        VersionRow(row, plan_changes(values[i - 1] if i else None, values[i], unit_names=names))
        for i, row in enumerate(rows)
    ]
    return out[::-1]
