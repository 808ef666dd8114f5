"""The synthesis table (bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý) as plain data.

`synthesis(session, directive_id)` reads the records once; `build(...)` is pure: it groups the
comments by section of the draft (comments on the whole first), merges identical comments
(same text after `fold`) from several units into one row naming them all, and writes each
row's tiếp thu / giải trình. The documents and the web page show the same data. A grassroots
round adds its part: the meetings per level and the delegates of each reporting committee,
with the summary of opinions it sent, and the totals.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, col, select

from models.ids import id_of
from models.lifecycle import RoundKind
from models.queries.grassroots import grassroots_table
from models.tables import (
    Comment,
    CommentGroup,
    CommentGroupMember,
    Disposition,
    GrassrootsReport,
    Invitation,
    Round,
    Section,
    Unit,
)
from models.text import fold, number, short_date, sort_key

WHOLE = "Góp ý chung"
UNDECIDED = "Chưa có hướng tiếp thu, giải trình"
NOTED = "Ghi nhận ý kiến tán thành dự thảo"  # agreeing comments need no tiếp thu / giải trình
_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50}


@dataclass(frozen=True)
class Item:
    """One submitted comment with what the table needs of it."""

    comment_id: int
    section_key: str  # "" for the whole draft
    section_label: str
    subject: str  # "Huyện ủy Bù Đăng", or a conference speaker
    text: str
    decision: str | None  # accept | partial | explain | None
    response: str
    position: str = "agree_with_comments"  # agree | agree_with_comments | disagree
    group_id: int | None = None  # its confirmed comment group (models/tables/grouping.py)
    group_label: str = ""


@dataclass(frozen=True)
class Agreed:
    unit: str
    reply_number: str
    reply_date: str  # "20/7/2023"


@dataclass
class Row:
    subjects: list[str]
    text: str
    response: str
    comment_ids: list[int] = field(default_factory=list)


@dataclass
class Group:
    key: str
    label: str  # "Góp ý chung", "II. NHIỆM VỤ, GIẢI PHÁP"
    rows: list[Row] = field(default_factory=list)


@dataclass(frozen=True)
class GrassrootsRow:
    unit: str
    meetings: tuple[int, ...]  # per level of the part, 0 where none was held
    delegates: int
    summary: str


@dataclass(frozen=True)
class GrassrootsPart:
    """One grassroots round: its levels, one row per committee that reported, the totals."""

    ordinal: int  # the round's "lần"
    levels: tuple[str, ...]
    rows: tuple[GrassrootsRow, ...]
    totals: tuple[int, ...]  # per level
    delegates: int
    invited: int

    @property
    def meetings(self) -> int:
        return sum(self.totals)


@dataclass
class Synthesis:
    agreed: list[Agreed]
    commented_units: int  # units (or speakers) with at least one comment
    comments: int  # comments in the table (before merging)
    groups: list[Group]
    grassroots: list[GrassrootsPart] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(len(g.rows) for g in self.groups)


def disposition_text(decision: str | None, response: str) -> str:
    """ "Tiếp thu, chỉnh sửa", "Tiếp thu một phần: …", "Xin giữ nguyên như dự thảo: <lý do>"."""
    response = response.strip()
    if decision == "accept":
        return response or "Tiếp thu, chỉnh sửa"
    lead = {"partial": "Tiếp thu một phần", "explain": "Xin giữ nguyên như dự thảo"}.get(
        decision or ""
    )
    if lead is None:
        return UNDECIDED
    if fold(response).startswith(fold(lead)):
        return response
    return f"{lead}: {response}" if response else lead


def _roman(part: str) -> int | None:
    if not part or any(c not in _ROMAN for c in part):
        return None
    total = 0
    for a, b in zip(part, part[1:] + " ", strict=True):
        v = _ROMAN[a]
        total += -v if b in _ROMAN and _ROMAN[b] > v else v
    return total


def section_path(key: str) -> str:
    """ "II.2.a" → "Điểm a, mục 2, phần II": where in the draft, as officers say it."""
    names = []
    for part in key.split("~")[0].split("."):
        if part == "0":
            names.append("phần mở đầu")
        elif part.isdigit():
            names.append(f"mục {part}")
        elif _roman(part) is not None:
            names.append(f"phần {part}")
        else:
            names.append(f"điểm {part}")
    text = ", ".join(reversed(names))
    return text[:1].upper() + text[1:]


def section_order(key: str) -> tuple[tuple[int, int, str], ...]:
    """Natural order of section keys: "" (the whole) < "0" < "I" < "I.2" < "II" < "II.10"."""
    if not key:
        return ()
    out = []
    for part in re.split(r"[.~]", key):
        roman = _roman(part)
        if part == "0":  # the preamble, before part I
            out.append((-1, 0, ""))
        elif part.isdigit():
            out.append((1, int(part), ""))
        elif roman is not None:
            out.append((0, roman, ""))
        else:
            out.append((2, 0, part))
    return tuple(out)


def _join(row: Row, it: Item, answer: str) -> None:
    """One more comment on a row: its unit named once, its answer added when it differs."""
    row.comment_ids.append(it.comment_id)
    if it.subject not in row.subjects:
        row.subjects.append(it.subject)
    if answer not in row.response.split("\n"):
        row.response += "\n" + answer


def build(items: Iterable[Item], agreed: list[Agreed], *, group_rows: bool = True) -> Synthesis:
    """The table; with `group_rows`, a confirmed group of comments is one row (in the section
    of its first member) reading "12 ý kiến (Huyện ủy A, B, …): <the group's name>"."""
    groups: dict[str, Group] = {}
    rows: dict[tuple[str, str], Row] = {}
    grouped: dict[int, tuple[Row, str]] = {}
    subjects: set[str] = set()
    count = 0
    for it in items:
        if not it.text.strip():
            continue
        count += 1
        subjects.add(it.subject)
        group = groups.get(it.section_key)
        if group is None:
            group = groups[it.section_key] = Group(
                it.section_key, it.section_label if it.section_key else WHOLE
            )
        answer = disposition_text(it.decision, it.response)
        if it.decision is None and it.position == "agree":
            answer = NOTED
        if group_rows and it.group_id is not None:
            at = grouped.get(it.group_id)
            if at is None:
                row = Row([it.subject], it.group_label or it.text, answer, [it.comment_id])
                grouped[it.group_id] = (row, it.group_label or it.text)
                group.rows.append(row)
                continue
            _join(at[0], it, answer)
            continue
        key = (it.section_key, fold(it.text))
        same = rows.get(key)
        if same is None:
            rows[key] = Row([it.subject], it.text, answer, [it.comment_id])
            group.rows.append(rows[key])
            continue
        _join(same, it, answer)
    for row, label in grouped.values():
        if len(row.comment_ids) > 1:
            row.text = f"{len(row.comment_ids)} ý kiến ({', '.join(row.subjects)}): {label}"
    ordered = sorted(groups.values(), key=lambda g: section_order(g.key))
    return Synthesis(agreed=agreed, commented_units=len(subjects), comments=count, groups=ordered)


def _confirmed_groups(session: Session, directive_id: int) -> dict[int, tuple[int, str]]:
    """comment id → (group id, name) for the directive's confirmed groups."""
    found = session.exec(
        select(CommentGroupMember.comment_id, CommentGroup.id, CommentGroup.label)
        .join(CommentGroup, col(CommentGroup.id) == col(CommentGroupMember.group_id))
        .where(CommentGroup.directive_id == directive_id, col(CommentGroup.confirmed))
    ).all()
    return {cid: (gid or 0, label) for cid, gid, label in found}


def _delegates(session: Session, directive_id: int) -> dict[int, int]:
    """invitation id → the delegates its grassroots report stands for."""
    found = session.exec(
        select(GrassrootsReport.invitation_id, GrassrootsReport.delegates)
        .join(Round, col(Round.id) == GrassrootsReport.round_id)
        .where(Round.directive_id == directive_id)
    ).all()
    return dict(found)


def _items(session: Session, directive_id: int) -> list[Item]:
    confirmed = _confirmed_groups(session, directive_id)
    delegates = _delegates(session, directive_id)
    rows = session.exec(
        select(Comment, Disposition, Unit, Section, Round)  # type: ignore[call-overload]  # sqlmodel types select() for at most four entities
        .join(Round, Round.id == Comment.round_id)
        .outerjoin(Disposition, Disposition.comment_id == Comment.id)
        .outerjoin(Unit, Unit.id == Comment.unit_id)
        .outerjoin(Section, Section.id == Comment.section_id)
        .where(Round.directive_id == directive_id, Comment.draft == False)  # noqa: E712
        .order_by(Round.ordinal, Comment.received_at, Comment.id)
    ).all()
    out = []
    for c, disp, unit, section, rnd in rows:
        subject = unit.name if unit else ""
        if rnd.kind == RoundKind.CONFERENCE.value and c.speaker:
            subject = f"Đồng chí {c.speaker}" + (f" ({unit.name})" if unit else "")
        elif rnd.kind == RoundKind.GRASSROOTS.value and unit and c.invitation_id in delegates:
            # A summarised opinion stands for the delegates of its committee's meetings.
            stood = delegates[c.invitation_id]
            subject = f"{unit.name} (cơ sở, {number(stood)} đại biểu)" if stood else unit.name
        label = section_path(c.section_key) if c.section_key else ""
        if section is not None and section.heading:
            heading = section.heading
            label += f"\n{heading[:117] + '…' if len(heading) > 120 else heading}"
        out.append(
            Item(
                comment_id=c.id,
                section_key=c.section_key if c.section_id or c.section_key else "",
                section_label=label,
                subject=subject or "Không rõ đơn vị",
                text=c.text,
                decision=disp.decision if disp else None,
                response=disp.response if disp else "",
                position=c.position,
                group_id=confirmed[c.id][0] if c.id in confirmed else None,
                group_label=confirmed[c.id][1] if c.id in confirmed else "",
            )
        )
    return out


def _agreed(session: Session, directive_id: int) -> list[Agreed]:
    rows = session.exec(
        select(Invitation, Unit)
        .join(Unit, col(Unit.id) == Invitation.unit_id)
        .join(Round, col(Round.id) == Invitation.round_id)
        .where(
            Round.directive_id == directive_id,
            Invitation.no_further_comments == True,  # noqa: E712
        )
        .order_by(col(Round.ordinal))
    ).all()
    seen: dict[int, Agreed] = {}
    for inv, unit in rows:
        seen.setdefault(
            id_of(unit),
            Agreed(unit.name, inv.reply_number, short_date(inv.reply_date)),
        )
    return sorted(seen.values(), key=lambda a: sort_key(a.unit))


def grassroots_parts(session: Session, directive_id: int) -> list[GrassrootsPart]:
    """The directive's grassroots rounds, in order, as the synthesis and the report show them."""
    rounds = session.exec(
        select(Round)
        .where(Round.directive_id == directive_id, Round.kind == RoundKind.GRASSROOTS)
        .order_by(col(Round.ordinal))
    ).all()
    parts = []
    for rnd in rounds:
        t = grassroots_table(session, rnd)
        rows = tuple(
            GrassrootsRow(
                r.unit.name,
                tuple(r.report.meetings.get(lv, 0) for lv in t.levels),
                r.report.delegates,
                r.report.summary,
            )
            for r in t.rows
            if r.report is not None
        )
        totals = tuple(t.meeting_totals[lv] for lv in t.levels)
        parts.append(GrassrootsPart(rnd.ordinal, t.levels, rows, totals, t.delegates, len(t.rows)))
    return parts


def synthesis(session: Session, directive_id: int, *, group_rows: bool = True) -> Synthesis:
    s = build(_items(session, directive_id), _agreed(session, directive_id), group_rows=group_rows)
    s.grassroots = grassroots_parts(session, directive_id)
    return s


def opening(s: Synthesis, drafting_name: str) -> list[str]:
    """The paragraphs above the table: units that fully agree, then how many commented."""
    out = []
    if s.agreed:
        out.append(
            f"Có {len(s.agreed)} cơ quan, đơn vị thống nhất với dự thảo, không có ý kiến bổ sung:"
        )
        for a in s.agreed:
            ref = f"Công văn số {a.reply_number}" if a.reply_number else "trả lời trực tuyến"
            when = f", ngày {a.reply_date}" if a.reply_date else ""
            out.append(f"- {a.unit} ({ref}{when}).")
    out.append(
        f"Có {s.commented_units} cơ quan, đơn vị, đại biểu có ý kiến góp ý; {drafting_name} "
        "tổng hợp, tiếp thu, giải trình như sau:"
    )
    return out


def last_decided(session: Session, directive_id: int) -> date | None:
    """The day of the latest disposition: the date the table is as of."""
    from models.clock import local_date

    at = session.exec(
        select(Disposition.decided_at)
        .join(Comment, col(Comment.id) == Disposition.comment_id)
        .join(Round, col(Round.id) == Comment.round_id)
        .where(Round.directive_id == directive_id)
        .order_by(col(Disposition.decided_at).desc())
    ).first()
    return local_date(at) if at else None
