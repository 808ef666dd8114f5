"""The round page: invitations with each unit's status, and comments filtered and paginated."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_
from sqlmodel import Session, select

from models.labels import DECISIONS, POSITIONS
from models.queries.progress import RoundCounts
from models.statuses import InvitationStatus, status_of
from models.tables import Comment, Conference, Disposition, Invitation, Round, Section, Unit
from models.text import sort_key

PAGE_SIZE = 50


@dataclass
class InvitationRow:
    invitation: Invitation
    unit: Unit
    status: InvitationStatus  # as of today
    comments: int


def invitation_table(
    session: Session, rnd: Round, today: date
) -> tuple[list[InvitationRow], RoundCounts]:
    """Each invited unit with its status as of today, and the round's counts, from one
    pass over the comments (a round can hold 10,000)."""
    # Grouped in the order of ix_comment_round_section (read from the index alone, ten times
    # faster than grouping by unit directly), then summed per invitation.
    counts: dict[int, int] = {}
    for inv_id, n in session.exec(
        select(Comment.invitation_id, func.count())
        .where(Comment.round_id == rnd.id, Comment.draft == False)  # noqa: E712
        .group_by(Comment.section_id, Comment.invitation_id)
    ).all():
        counts[inv_id] = counts.get(inv_id, 0) + n  # type: ignore[index]
    rows = []
    for inv, unit in session.exec(
        select(Invitation, Unit)
        .join(Unit, Unit.id == Invitation.unit_id)
        .where(Invitation.round_id == rnd.id)
    ).all():
        rows.append(InvitationRow(inv, unit, status_of(inv, rnd, today), counts.get(inv.id, 0)))
    rows.sort(key=lambda r: sort_key(r.unit.name))
    answered = sum(1 for r in rows if r.invitation.answered_at is not None)
    return rows, RoundCounts(len(rows), answered, sum(counts.values()))


@dataclass(frozen=True)
class RoundView:
    """The round screen (page /rounds/{id} and GET /api/v1/rounds/{id}): the round, each
    invited unit with its status and comment count, the round's counts, its conference."""

    round: Round
    invitations: tuple[InvitationRow, ...]  # by unit name, as the page lists them
    counts: RoundCounts
    conference: Conference | None

    @property
    def in_sent_order(self) -> list[InvitationRow]:
        """As the API lists them: in the order the invitations were made."""
        return sorted(self.invitations, key=lambda r: r.invitation.id or 0)


def round_view(session: Session, rnd: Round, today: date) -> RoundView:
    rows, counts = invitation_table(session, rnd, today)
    conference = session.exec(select(Conference).where(Conference.round_id == rnd.id)).first()
    return RoundView(rnd, tuple(rows), counts, conference)


@dataclass(frozen=True)
class CommentFilter:
    unit_id: int | None = None
    position: str = ""
    decision: str = ""  # accept | partial | explain | none (not yet decided)
    page: int = 1

    @classmethod
    def parse(
        cls, unit: str = "", position: str = "", decision: str = "", page: str = "1"
    ) -> "CommentFilter":
        """From query-string values; anything unknown is ignored rather than refused."""
        return cls(
            unit_id=int(unit) if unit.isascii() and unit.isdigit() and len(unit) <= 9 else None,
            position=position if position in POSITIONS else "",
            decision=decision if decision in DECISIONS or decision == "none" else "",
            page=max(1, int(page)) if page.isascii() and page.isdigit() and len(page) < 7 else 1,
        )

    def query(self, **change: object) -> str:
        """The query string for this filter with some values changed (for links)."""
        values = {
            "unit": self.unit_id or "",
            "position": self.position,
            "decision": self.decision,
            "page": self.page,
        }
        values.update(change)
        return "&".join(f"{k}={v}" for k, v in values.items() if v not in ("", None))


@dataclass
class CommentRow:
    comment: Comment
    who: str
    section: Section | None
    disposition: Disposition | None


@dataclass
class CommentPage:
    rows: list[CommentRow]
    total: int
    page: int
    pages: int
    groups: list[tuple[str, list[CommentRow]]] = field(default_factory=list)


def comment_page(
    session: Session, rnd: Round, flt: CommentFilter, size: int = PAGE_SIZE
) -> CommentPage:
    """One page of the round's comments, ordered by section, then as received.

    Counting per section (one GROUP BY on an index) gives the total and tells which sections
    the page spans; only those sections' comments are then cut, so no query sorts all
    10,000 comments of a round joined with their sections."""
    where = [Comment.round_id == rnd.id, Comment.draft == False]  # noqa: E712
    if flt.unit_id:
        where.append(Comment.unit_id == flt.unit_id)
    if flt.position:
        where.append(Comment.position == flt.position)
    counted = select(Comment.section_id, func.count()).where(*where)
    if flt.decision:
        counted = counted.outerjoin(Disposition, Disposition.comment_id == Comment.id)
        where.append(
            Disposition.id == None  # noqa: E711
            if flt.decision == "none"
            else Disposition.decision == flt.decision
        )
        counted = counted.where(where[-1])
    per_section = dict(session.exec(counted.group_by(Comment.section_id)).all())
    total = sum(per_section.values())
    pages = max(1, -(-total // size))
    page = min(flt.page, pages)
    ids = _page_ids(session, where, bool(flt.decision), per_section, (page - 1) * size, size)
    found = {
        c.id: CommentRow(c, unit_name or c.speaker, s, d)
        for c, unit_name, s, d in session.exec(
            select(Comment, Unit.name, Section, Disposition)
            .outerjoin(Disposition, Disposition.comment_id == Comment.id)
            .outerjoin(Section, Section.id == Comment.section_id)
            .outerjoin(Unit, Unit.id == Comment.unit_id)
            .where(Comment.id.in_(ids))  # type: ignore[union-attr]
        ).all()
    }
    rows = [found[i] for i in ids]
    result = CommentPage(rows, total, page, pages)
    for row in rows:
        title = row.section.heading if row.section else "Ý kiến chung về toàn bộ dự thảo"
        if not result.groups or result.groups[-1][0] != title:
            result.groups.append((title, []))
        result.groups[-1][1].append(row)
    return result


def _page_ids(
    session: Session,
    where: list,  # type: ignore[type-arg]
    joins_disposition: bool,
    per_section: dict[int | None, int],
    offset: int,
    size: int,
) -> list[int]:
    """The ids of comments offset…offset+size in (section ordinal, id) order, comments on
    the whole draft counting as ordinal 0. Sections sharing an ordinal form one bucket."""
    ordinals = dict(
        session.exec(
            select(Section.id, Section.ordinal).where(
                Section.id.in_([k for k in per_section if k is not None])  # type: ignore[union-attr]
            )
        ).all()
    )
    buckets: dict[int, list[int | None]] = {}
    for sid in per_section:
        buckets.setdefault(ordinals.get(sid, 0) if sid is not None else 0, []).append(sid)
    ids: list[int] = []
    for ordinal in sorted(buckets):
        members = buckets[ordinal]
        n = sum(per_section[m] for m in members)
        if offset >= n:
            offset -= n
            continue
        named = [m for m in members if m is not None]
        in_bucket = []
        if named:
            in_bucket.append(Comment.section_id.in_(named))  # type: ignore[union-attr]
        if None in members:
            in_bucket.append(Comment.section_id == None)  # noqa: E711
        stmt = select(Comment.id).where(*where, or_(*in_bucket))
        if joins_disposition:
            stmt = stmt.outerjoin(Disposition, Disposition.comment_id == Comment.id)
        ids += session.exec(
            stmt.order_by(Comment.id).offset(offset).limit(size - len(ids))  # type: ignore[arg-type]
        ).all()
        offset = 0
        if len(ids) >= size:
            break
    return ids


def comment_row(session: Session, comment_id: int) -> CommentRow:
    c, unit_name, s, d = session.exec(
        select(Comment, Unit.name, Section, Disposition)
        .outerjoin(Disposition, Disposition.comment_id == Comment.id)
        .outerjoin(Section, Section.id == Comment.section_id)
        .outerjoin(Unit, Unit.id == Comment.unit_id)
        .where(Comment.id == comment_id)
    ).one()
    return CommentRow(c, unit_name or c.speaker, s, d)
