"""The round page: invitations with each unit's status, and comments filtered and paginated."""

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func
from sqlmodel import Session, select

from models.labels import DECISIONS, POSITIONS
from models.queries.progress import RoundCounts
from models.statuses import InvitationStatus, status_of
from models.tables import Comment, Disposition, Invitation, Round, Section, Unit
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
    counts = dict(
        session.exec(
            select(Comment.invitation_id, func.count())
            .where(Comment.round_id == rnd.id, Comment.draft == False)  # noqa: E712
            .group_by(Comment.invitation_id)
        ).all()
    )
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
    where = [Comment.round_id == rnd.id, Comment.draft == False]  # noqa: E712
    if flt.unit_id:
        where.append(Comment.unit_id == flt.unit_id)
    if flt.position:
        where.append(Comment.position == flt.position)
    if flt.decision == "none":
        where.append(Disposition.id == None)  # noqa: E711
    elif flt.decision:
        where.append(Disposition.decision == flt.decision)
    total = session.exec(
        select(func.count())
        .select_from(Comment)
        .outerjoin(Disposition, Disposition.comment_id == Comment.id)
        .where(*where)
    ).one()
    pages = max(1, -(-total // size))
    page = min(flt.page, pages)
    # Two steps: order and cut the page on narrow rows, then load the page's 50 full rows
    # (sorting 10,000 joined comments with their text costs several times more).
    ids = session.exec(
        select(Comment.id)
        .outerjoin(Disposition, Disposition.comment_id == Comment.id)
        .outerjoin(Section, Section.id == Comment.section_id)
        .where(*where)
        .order_by(func.coalesce(Section.ordinal, 0), Comment.id)
        .offset((page - 1) * size)
        .limit(size)
    ).all()
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


def comment_row(session: Session, comment_id: int) -> CommentRow:
    c, unit_name, s, d = session.exec(
        select(Comment, Unit.name, Section, Disposition)
        .outerjoin(Disposition, Disposition.comment_id == Comment.id)
        .outerjoin(Section, Section.id == Comment.section_id)
        .outerjoin(Unit, Unit.id == Comment.unit_id)
        .where(Comment.id == comment_id)
    ).one()
    return CommentRow(c, unit_name or c.speaker, s, d)
