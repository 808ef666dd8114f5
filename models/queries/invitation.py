"""The unit's invitation view (page /u/{token} and GET /api/v1/u/{token}): the round, the
draft's sections, the unit's own comments (drafts included), its report, the conference."""

from dataclasses import dataclass

from sqlmodel import Session, col, select

from models.lifecycle import RoundKind
from models.queries.grassroots import form_levels
from models.queries.links import Access
from models.queries.records import get
from models.tables import (
    Comment,
    Conference,
    Directive,
    DraftVersion,
    GrassrootsReport,
    Section,
    Unit,
)


@dataclass(frozen=True)
class InvitationView:
    access: Access
    directive: Directive
    drafting: Unit  # the body that drafts the directive (it wrote the letter)
    version: DraftVersion  # the draft the round consults on
    sections: tuple[Section, ...]  # in the draft's order
    comments: tuple[Comment, ...]  # the unit's own, as made, its private drafts included
    report: GrassrootsReport | None  # a grassroots round's report, once made
    conference: Conference | None  # a conference round's meeting

    @property
    def drafts(self) -> list[Comment]:
        return [c for c in self.comments if c.draft]

    @property
    def levels(self) -> list[str]:
        """The round's meeting levels, then any other level the committee reported."""
        return form_levels(self.access.round, self.report)


def invitation_view(session: Session, acc: Access) -> InvitationView:
    rnd, inv = acc.round, acc.invitation
    directive = get(session, Directive, rnd.directive_id)
    sections = session.exec(
        select(Section)
        .where(Section.version_id == rnd.draft_version_id)
        .order_by(col(Section.ordinal))
    ).all()
    comments = session.exec(
        select(Comment).where(Comment.invitation_id == inv.id).order_by(col(Comment.id))
    ).all()
    report = None
    if rnd.kind == RoundKind.GRASSROOTS:
        report = session.exec(
            select(GrassrootsReport).where(GrassrootsReport.invitation_id == inv.id)
        ).first()
    conference = None
    if rnd.kind == RoundKind.CONFERENCE:
        conference = session.exec(select(Conference).where(Conference.round_id == rnd.id)).first()
    return InvitationView(
        acc,
        directive,
        get(session, Unit, directive.drafting_unit_id),
        get(session, DraftVersion, rnd.draft_version_id),
        tuple(sections),
        tuple(comments),
        report,
        conference,
    )
