"""What a unit's invitation page shows, read from the records (no `router`: not mounted)."""

import secrets
from typing import Any

from fastapi import Request
from sqlmodel import Session, select

from models.lifecycle import RoundKind
from models.queries.links import Access
from models.queries.records import get
from models.tables import Comment, Conference, Directive, DraftVersion, GrassrootsReport, Section
from models.tables import Unit as UnitRow
from web.csrf import csrf_token

DEFAULT_LEVELS = ["Thôn, ấp, khu phố", "Xã, phường, thị trấn"]


def levels_for(report: GrassrootsReport | None) -> list[str]:
    """The default levels, then any other level the committee reported."""
    extra = [lvl for lvl in (report.meetings if report else {}) if lvl not in DEFAULT_LEVELS]
    return DEFAULT_LEVELS + extra


def form_key() -> str:
    return secrets.token_urlsafe(18)


def invitation_view(request: Request, session: Session, acc: Access) -> dict[str, Any]:
    rnd, inv = acc.round, acc.invitation
    directive = get(session, Directive, rnd.directive_id)
    sections = session.exec(
        select(Section).where(Section.version_id == rnd.draft_version_id).order_by(Section.ordinal)  # type: ignore[arg-type]
    ).all()
    comments = session.exec(
        select(Comment).where(Comment.invitation_id == inv.id).order_by(Comment.id)  # type: ignore[arg-type]
    ).all()
    report = None
    if rnd.kind == RoundKind.GRASSROOTS.value:
        report = session.exec(
            select(GrassrootsReport).where(GrassrootsReport.invitation_id == inv.id)
        ).first()
    conference = None
    if rnd.kind == RoundKind.CONFERENCE.value:
        conference = session.exec(select(Conference).where(Conference.round_id == rnd.id)).first()
    return {
        "acc": acc,
        "round": rnd,
        "invitation": inv,
        "unit": acc.unit,
        "directive": directive,
        "drafting": get(session, UnitRow, directive.drafting_unit_id),
        "version": get(session, DraftVersion, rnd.draft_version_id),
        "sections": sections,
        "section_keys": {s.id: s.key for s in sections},
        "comments": comments,
        "drafts": [c for c in comments if c.draft],
        "report": report,
        "levels": levels_for(report),
        "conference": conference,
        "base": f"/u/{request.path_params['token']}",
        "csrf": csrf_token(request),
        # One per rendered "add a comment" form: posting it twice still makes one comment.
        "form_key": form_key(),
        "errors": {},
        "values": {},
        "editing": None,
        "receipt": False,
        "title": directive.title,
    }
