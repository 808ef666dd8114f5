"""The directive page: stages with dates, drafts, rounds with counts, legal actions."""

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import func, or_
from sqlalchemy import select as sa_select
from sqlmodel import Session, col, select

from models.anchoring import Anchor, reanchor
from models.clock import local_date
from models.ids import id_of
from models.lifecycle import Action, Facts, Stage, legal_actions
from models.numbers import file_number
from models.queries.progress import RoundCounts, round_counts
from models.queries.records import facts, get
from models.statuses import RoundStatus
from models.tables import (
    AuditEvent,
    Comment,
    Directive,
    Disposition,
    DraftVersion,
    Round,
    Section,
    Signing,
    Unit,
)

# Beyond this many comments the draft view shows counts per section only (the round page
# pages through them).
INLINE_COMMENTS = 300

EVENT_LABELS = {
    "directive.create": "Giao nhiệm vụ, tạo hồ sơ dự thảo",
    "draft.add": "Thêm bản dự thảo",
    "round.open": "Mở đợt lấy ý kiến",
    "round.close": "Kết thúc đợt lấy ý kiến",
    "round.extend": "Gia hạn trả lời",
    "stage.finalise": "Chuyển sang tiếp thu, hoàn chỉnh",
    "draft.final": "Chọn bản dự thảo hoàn chỉnh",
    "stage.submit": "Trình Ban Thường vụ",
    "stage.return": "Trả lại để hoàn chỉnh",
    "directive.sign": "Ghi nhận ký",
    "directive.issue": "Ban hành",
}


@dataclass
class PlacedComment:
    comment: Comment
    unit_name: str
    decision: str | None


@dataclass
class DirectiveView:
    directive: Directive
    drafting: Unit
    issuer: Unit
    facts: Facts
    actions: list[Action]
    versions: list[DraftVersion]
    current: DraftVersion | None
    sections: list[Section]
    rounds: list[Round]
    counts: dict[int, RoundCounts]
    # Stages reached, on the recorded day where there is one (None: no day on record).
    stage_dates: dict[str, date | datetime | None]
    events: list[tuple[date | datetime | None, str, str]]  # when, label, actor
    signing: Signing | None
    documents: list[str] = field(default_factory=list)
    by_section: dict[str, list[PlacedComment]] = field(default_factory=dict)
    counts_by_section: dict[str, int] = field(default_factory=dict)
    unplaced: list[PlacedComment] = field(default_factory=list)
    total_comments: int = 0

    @property
    def open_round(self) -> Round | None:
        return next((r for r in self.rounds if r.status == RoundStatus.OPEN), None)


def documents_of(data_dir: Path, directive_id: int) -> list[str]:
    """Files rendered for this directive (relative paths), if the documents step made any."""
    root = data_dir / "documents" / str(directive_id)
    if not root.is_dir():
        return []
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def issued_file(session: Session, data_dir: Path, directive_id: int, ext: str) -> Path | None:
    """The issued directive's own file ("chi-thi-22-CT-TU.pdf") as the documents step wrote
    it; None before issuance or before the file is written. Nothing else of the folder."""
    directive = session.get(Directive, directive_id)
    if directive is None or directive.stage != Stage.ISSUED.value or not directive.number:
        return None
    suffix = f"-{file_number(directive.number)}.{ext}"
    names = [n for n in documents_of(data_dir, directive_id) if "/" not in n]
    found = [n for n in names if n.endswith(suffix)]
    return data_dir / "documents" / str(directive_id) / found[0] if found else None


Day = date | datetime


def _recorded(e: AuditEvent, directive: Directive, rounds: dict[int, Round]) -> Day | None:
    """The day an event happened by the records (the letter's date, the round's close, the
    signature's date), not the clock's when it was entered: a case entered in record mode
    is entered long after, and even a live letter may be dated before it is registered."""
    rnd = rounds.get(int(e.entity_id)) if e.entity == "round" and e.entity_id else None
    if e.action == "round.open" and rnd is not None and rnd.letter_date:
        return rnd.letter_date
    if e.action == "round.close" and rnd is not None and rnd.closed_at:
        return local_date(rnd.closed_at)
    if e.action == "directive.sign" and directive.signed_on:
        return directive.signed_on
    if e.action == "directive.create" and directive.assignment_date and directive.record_mode:
        return directive.assignment_date
    return None if directive.record_mode else e.at  # the day it was typed in is no record


def _day(d: Day | None) -> date:
    if d is None:
        return date.min
    return local_date(d) if isinstance(d, datetime) else d


def _history(
    session: Session, directive: Directive, rounds: list[Round]
) -> tuple[dict[str, Day | None], list]:
    # One read for both: the labelled events and every stage change.
    found = session.exec(
        select(AuditEvent)
        .where(
            AuditEvent.directive_id == directive.id,
            or_(
                col(AuditEvent.action).in_(list(EVENT_LABELS)),
                col(AuditEvent.action).like("stage.%"),
            ),
        )
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    by_id = {id_of(r): r for r in rounds}
    rows = [e for e in found if e.action in EVENT_LABELS]
    stage_dates: dict[str, Day | None] = {}
    for e in found:
        stage = (e.after or {}).get("stage") if e.action.startswith("stage.") else None
        if stage:  # reached; in record mode on no day the records tell, unless set below
            stage_dates.setdefault(stage, None if directive.record_mode else e.at)
    # The stages a recorded date marks: the first letter, the signature.
    first_letter = min((r.letter_date for r in rounds if r.letter_date), default=None)
    if first_letter is not None and Stage.CONSULTING.value in stage_dates:
        stage_dates[Stage.CONSULTING.value] = first_letter
    if directive.signed_on is not None and Stage.SIGNED.value in stage_dates:
        stage_dates[Stage.SIGNED.value] = directive.signed_on
    dated = [(_recorded(e, directive, by_id), EVENT_LABELS[e.action], e.actor) for e in rows]
    # A live case in the order of its days (a letter may be dated before it is entered); a
    # recorded one in the order it was entered, which is the case's own.
    events = dated if directive.record_mode else sorted(dated, key=lambda x: _day(x[0]))
    if rows and rows[0].action == "directive.create":
        stage_dates.setdefault(Stage.ASSIGNED.value, dated[0][0])
    return stage_dates, events


# (round id, placed version id, placed key, how many): the submitted comments of the rounds.
Placements = list[tuple[int, int | None, str | None, int]]


def _placements(session: Session, round_ids: list[int]) -> Placements:
    """The submitted comments counted per round and stored placement, from
    ix_comment_placement alone: the rounds' totals and the counts per section in one pass."""
    if not round_ids:
        return []
    return [
        (rid, version_id, key, n)
        for rid, version_id, key, n in session.execute(
            sa_select(
                col(Comment.round_id),
                col(Comment.placed_version_id),
                col(Comment.placed_key),
                func.count(),
            )
            .where(col(Comment.round_id).in_(round_ids), col(Comment.draft).is_(False))
            .group_by(
                col(Comment.round_id), col(Comment.placed_version_id), col(Comment.placed_key)
            )
        ).all()
    ]


def _place_comments(
    session: Session, view: DirectiveView, current_id: int, placements: Placements
) -> None:
    """Each comment on the section of the newest version it now belongs to.

    The placement stored with each comment (models/commands/placement.py) is used when it was
    computed on the newest version; any other comment is re-anchored here.
    """
    view.total_comments = sum(c.comments for c in view.counts.values())
    cache: dict[Anchor, str | None] = {}

    def place(a: Anchor) -> str | None:
        if a not in cache:
            cache[a] = reanchor(a, view.sections)
        return cache[a]

    submitted = (
        col(Comment.round_id).in_([r.id for r in view.rounds]),
        col(Comment.draft).is_(False),
    )
    if view.total_comments > INLINE_COMMENTS:
        stale = False
        for _, version_id, key, n in placements:
            if version_id == current_id:
                k = key or ""  # "" is what an unplaced comment counts under
                view.counts_by_section[k] = view.counts_by_section.get(k, 0) + n
            else:
                stale = True
        if not stale:
            return
        # Five columns: past sqlmodel's typed select overloads, so a Core select.
        groups = session.execute(
            sa_select(
                col(Comment.section_key),
                col(Comment.quote),
                col(Comment.quote_prefix),
                col(Comment.quote_suffix),
                func.count(),
            )
            .where(
                *submitted,
                or_(
                    col(Comment.placed_version_id).is_(None),
                    col(Comment.placed_version_id) != current_id,
                ),
            )
            .group_by(
                col(Comment.section_key),
                col(Comment.quote),
                col(Comment.quote_prefix),
                col(Comment.quote_suffix),
            )
        ).all()
        for key, quote, prefix, suffix, n in groups:
            k = place(Anchor(key, quote, prefix, suffix)) or ""
            view.counts_by_section[k] = view.counts_by_section.get(k, 0) + n
        return
    # Each comment with its unit's name and its decision, in one query.
    base = (
        select(Comment, Unit.name, Disposition.decision)
        .join(Round, col(Round.id) == Comment.round_id)
        .outerjoin(Unit, col(Unit.id) == Comment.unit_id)
        .outerjoin(Disposition, col(Disposition.comment_id) == Comment.id)
        .where(Round.directive_id == view.directive.id, col(Comment.draft).is_(False))
    )
    for comment, unit_name, decision in session.exec(base.order_by(col(Comment.id))).all():
        placed = PlacedComment(comment, unit_name or comment.speaker, decision)
        if comment.placed_version_id == current_id:
            on = comment.placed_key or None
        else:
            on = place(
                Anchor(
                    comment.section_key, comment.quote, comment.quote_prefix, comment.quote_suffix
                )
            )
        if on is None:
            view.unplaced.append(placed)
        else:
            view.by_section.setdefault(on, []).append(placed)
        view.counts_by_section[on or ""] = view.counts_by_section.get(on or "", 0) + 1


def directive_view(session: Session, directive_id: int, data_dir: Path) -> DirectiveView:
    directive = get(session, Directive, directive_id)
    # Both units in one query (held here: the identity map keeps only weak references, so
    # `get` below finds them there only while they are referenced).
    units = {
        u.id: u
        for u in session.exec(
            select(Unit).where(col(Unit.id).in_({directive.drafting_unit_id, directive.issuer_id}))
        ).all()
    }
    versions = list(
        session.exec(
            select(DraftVersion)
            .where(DraftVersion.directive_id == directive_id)
            .order_by(col(DraftVersion.number).desc())
        ).all()
    )
    current = versions[0] if versions else None
    sections = (
        list(
            session.exec(
                select(Section)
                .where(Section.version_id == current.id)
                .order_by(col(Section.ordinal))
            ).all()
        )
        if current
        else []
    )
    rounds = list(
        session.exec(
            select(Round).where(Round.directive_id == directive_id).order_by(col(Round.ordinal))
        ).all()
    )
    # The lifecycle facts from the versions and rounds read above, not counted again.
    f = facts(session, directive, loaded=(len(versions), rounds))
    stage_dates, events = _history(session, directive, rounds)
    round_ids = [id_of(r) for r in rounds]
    placements = _placements(session, round_ids)
    totals: dict[int, int] = {}
    for rid, _, _, n in placements:
        totals[rid] = totals.get(rid, 0) + n
    view = DirectiveView(
        directive=directive,
        drafting=units.get(directive.drafting_unit_id)
        or get(session, Unit, directive.drafting_unit_id),
        issuer=units.get(directive.issuer_id) or get(session, Unit, directive.issuer_id),
        facts=f,
        actions=legal_actions(f),
        versions=versions,
        current=current,
        sections=sections,
        rounds=rounds,
        counts=round_counts(session, round_ids, comments=totals),
        stage_dates=stage_dates,
        events=events,
        signing=session.exec(select(Signing).where(Signing.directive_id == directive_id)).first(),
        documents=documents_of(data_dir, directive_id),
    )
    if current is not None:
        _place_comments(session, view, id_of(current), placements)
    return view
