"""The comment list (the round page's comments and GET /api/v1/directives/{id}/comments): one
filter, one order (section, then as received), one page of rows with their units."""

from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import ColumnElement, case, func, or_
from sqlalchemy import select as sa_select
from sqlalchemy.exc import NoResultFound
from sqlmodel import Session, col, select

from models.labels import DECISIONS, POSITIONS
from models.statuses import Position
from models.tables import Comment, Disposition, Round, Section, Unit
from models.text import clean_line, search_key

PAGE_SIZE = 50
MAX_QUERY_CHARS = 200  # a search longer than any phrase worth typing is cut, not refused
GENERAL = "Ý kiến chung về toàn bộ dự thảo"  # the heading of comments on the whole draft
UNDECIDED = ("none", "pending")


@dataclass(frozen=True)
class CommentFilter:
    unit_id: int | None = None
    position: str = ""
    # accept | partial | explain | none (not yet decided) | pending (waiting for one: not
    # decided and not an "agree", which needs none; what blocks submitting the draft)
    decision: str = ""
    section_key: str = ""
    page: int = 1  # the page's pager; the API pages by offset instead
    q: str = ""  # words to find in the comment's text (or speaker), as typed

    @classmethod
    def parse(
        cls, unit: str = "", position: str = "", decision: str = "", page: str = "1", q: str = ""
    ) -> "CommentFilter":
        """From query-string values; anything unknown is ignored rather than refused."""
        return cls(
            unit_id=int(unit) if unit.isascii() and unit.isdigit() and len(unit) <= 9 else None,
            position=position if position in POSITIONS else "",
            decision=decision if decision in DECISIONS or decision in UNDECIDED else "",
            page=max(1, int(page)) if page.isascii() and page.isdigit() and len(page) < 7 else 1,
            q=clean_line(q[: MAX_QUERY_CHARS * 2])[:MAX_QUERY_CHARS],
        )

    @property
    def filtered(self) -> bool:
        return bool(
            self.unit_id or self.position or self.decision or self.section_key or self.search
        )

    @property
    def search(self) -> str:
        """The folded words the search column must contain ("" when nothing is searched)."""
        return search_key(self.q)

    def query(self, **change: object) -> str:
        """The query string for this filter with some values changed (for links)."""
        values: dict[str, object] = {
            "unit": self.unit_id or "",
            "position": self.position,
            "decision": self.decision,
            "q": self.q,
            "page": self.page,
        }
        values.update(change)
        return urlencode({k: v for k, v in values.items() if v not in ("", None)})


@dataclass(frozen=True)
class CommentRow:
    comment: Comment
    who: str  # the unit's name, or the speaker's for a conference
    # The heading of the section commented on; None: on the whole draft. Only the heading is
    # read (a page of 50 rows loaded 50 Section rows with their text for it).
    heading: str | None
    disposition: Disposition | None

    @property
    def unit_name(self) -> str:
        return self.who if self.comment.unit_id is not None else ""


@dataclass(frozen=True)
class CommentList:
    """A slice of the filtered comments in (section ordinal, id) order, and how many match."""

    rows: tuple[CommentRow, ...]
    total: int
    offset: int
    limit: int


@dataclass
class CommentPage:
    rows: list[CommentRow]
    total: int
    page: int
    pages: int
    groups: list[tuple[str, list[CommentRow]]] = field(default_factory=list)


def comment_list(
    session: Session,
    flt: CommentFilter,
    *,
    round_id: int | None = None,
    directive_id: int | None = None,
    offset: int = 0,
    limit: int = PAGE_SIZE,
    clamp: bool = False,
    counted: dict[int | None, int] | None = None,
) -> CommentList:
    """The comments of a round or of a directive's rounds matching the filter (never a unit's
    private draft), `limit` of them from `offset`; with `clamp` an offset past the end gives
    the last full page instead of nothing.

    Counting per section (one GROUP BY on ix_comment_round_section) gives the total and tells
    which sections the slice spans; only those sections' comments are then cut, so no query
    sorts all 10,000 comments of a round joined with their sections. `counted`, when the
    caller already holds those counts per section for the same filter, spares the GROUP BY."""
    where: list[ColumnElement[bool]] = [col(Comment.draft).is_(False)]
    if round_id is not None:
        where.append(col(Comment.round_id) == round_id)
    if directive_id is not None:
        rounds = select(Round.id).where(Round.directive_id == directive_id)
        where.append(col(Comment.round_id).in_(rounds))
    if flt.unit_id:
        where.append(col(Comment.unit_id) == flt.unit_id)
    if flt.position:
        where.append(col(Comment.position) == flt.position)
    if flt.section_key:
        where.append(col(Comment.section_key) == flt.section_key)
    if flt.search:
        # The stored folded column, so one LIKE serves SQLite and PostgreSQL alike; % and _
        # typed in the search are escaped (autoescape), never wildcards.
        where.append(col(Comment.search_text).contains(flt.search, autoescape=True))
    if flt.decision in UNDECIDED:
        where.append(col(Disposition.id).is_(None))
        if flt.decision == "pending":
            where.append(col(Comment.position) != Position.AGREE)
    elif flt.decision:
        where.append(col(Disposition.decision) == flt.decision)
    per_section = counted if counted is not None else _per_section(session, where, flt)
    total = sum(per_section.values())
    if clamp and limit and offset >= total:
        offset = max(0, (total - 1) // limit * limit)
    ids = _slice_ids(session, where, bool(flt.decision), per_section, offset, limit)
    found = {row.comment.id: row for row in _rows(session, col(Comment.id).in_(ids))}
    return CommentList(tuple(found[i] for i in ids), total, offset, limit)


def _per_section(
    session: Session, where: list[ColumnElement[bool]], flt: CommentFilter
) -> dict[int | None, int]:
    counted = select(Comment.section_id, func.count()).where(*where)
    if flt.decision:
        counted = counted.outerjoin(Disposition, col(Disposition.comment_id) == Comment.id)
    return {sid: n for sid, n in session.exec(counted.group_by(col(Comment.section_id))).all()}


def comment_page(
    session: Session,
    rnd: Round,
    flt: CommentFilter,
    size: int = PAGE_SIZE,
    per_section: dict[int | None, int] | None = None,
) -> CommentPage:
    """The round page's comments: page `flt.page` (clamped to the last), grouped by section.
    `per_section` (the round's submitted comments per section, models/queries/round.py) is
    used when nothing is filtered: the same counts the list would query again."""
    unfiltered = not flt.filtered
    found = comment_list(
        session,
        flt,
        round_id=rnd.id,
        offset=(flt.page - 1) * size,
        limit=size,
        clamp=True,
        counted=per_section if unfiltered else None,
    )
    rows = list(found.rows)
    result = CommentPage(
        rows, found.total, found.offset // size + 1, max(1, -(-found.total // size))
    )
    for row in rows:
        title = row.heading if row.heading is not None else GENERAL
        if not result.groups or result.groups[-1][0] != title:
            result.groups.append((title, []))
        result.groups[-1][1].append(row)
    return result


def _slice_ids(
    session: Session,
    where: list[ColumnElement[bool]],
    joins_disposition: bool,
    per_section: dict[int | None, int],
    offset: int,
    size: int,
) -> list[int]:
    """The ids of comments offset…offset+size in (section ordinal, id) order, comments on
    the whole draft counting as ordinal 0. Sections sharing an ordinal form one bucket."""
    named_ids = [k for k in per_section if k is not None]
    ordinals: dict[int, int] = {
        sid: n
        for sid, n in session.exec(
            select(Section.id, Section.ordinal).where(col(Section.id).in_(named_ids))
        ).all()
        if sid is not None
    }
    buckets: dict[int, list[int | None]] = {}
    for sid in per_section:
        buckets.setdefault(ordinals.get(sid, 0) if sid is not None else 0, []).append(sid)
    # The buckets the slice spans, known from the counts; then one query for all of them
    # (a page over many small sections took a query per section).
    spanned: list[list[int | None]] = []
    skip = offset
    for ordinal in sorted(buckets):
        members = buckets[ordinal]
        n = sum(per_section[m] for m in members)
        if not spanned and skip >= n:
            skip -= n
            continue
        spanned.append(members)
        if sum(sum(per_section[m] for m in b) for b in spanned) - skip >= size:
            break
    if not spanned:
        return []
    members = [m for b in spanned for m in b]
    named = [m for m in members if m is not None]
    in_slice: list[ColumnElement[bool]] = []
    if named:
        in_slice.append(col(Comment.section_id).in_(named))
    if None in members:
        in_slice.append(col(Comment.section_id).is_(None))
    stmt = select(Comment.id).where(*where, or_(*in_slice))
    if joins_disposition:
        stmt = stmt.outerjoin(Disposition, col(Disposition.comment_id) == Comment.id)
    order: list[Any] = [col(Comment.id)]
    if len(spanned) > 1:
        rank = {sid: i for i, b in enumerate(spanned) for sid in b if sid is not None}
        unnamed = next((i for i, b in enumerate(spanned) if None in b), 0)
        order.insert(0, case(rank, value=col(Comment.section_id), else_=unnamed))
    return [
        i
        for i in session.exec(stmt.order_by(*order).offset(skip).limit(size)).all()
        if i is not None
    ]


def _rows(session: Session, where: ColumnElement[bool]) -> list[CommentRow]:
    """The comments `where` picks with their unit's name, heading and disposition."""
    # Five columns: past sqlmodel's typed select overloads, so a Core select.
    found = session.execute(
        sa_select(Comment, col(Unit.name), col(Section.id), col(Section.heading), Disposition)
        .outerjoin(Disposition, col(Disposition.comment_id) == Comment.id)
        .outerjoin(Section, col(Section.id) == Comment.section_id)
        .outerjoin(Unit, col(Unit.id) == Comment.unit_id)
        .where(where)
    ).all()
    return [
        CommentRow(c, unit_name or c.speaker, heading if sid is not None else None, d)
        for c, unit_name, sid, heading, d in found
    ]


def comment_row(session: Session, comment_id: int) -> CommentRow:
    found = _rows(session, col(Comment.id) == comment_id)
    if len(found) != 1:
        raise NoResultFound(f"comment #{comment_id}")
    return found[0]
