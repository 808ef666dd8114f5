"""A refusal's causes (models/errors.Cause) as links for the pages and the API, each shown
only when the user may see the record it points at (the policy table decides, as for the
record's own page): one place, whatever handler or command raised the refusal."""

from typing import Any

from fastapi import Request
from sqlmodel import Session

from models.access import authorize
from models.db import open_session
from models.errors import Cause, DomainError
from models.tables import Comment, User

VIEWER = "viewer"  # request.state: who the guard let in (web/guard.py), for refusals


def href(session: Session, cause: Cause) -> str:
    if cause.record == "directive":
        return f"/directives/{cause.id}"
    if cause.record == "round":
        return f"/rounds/{cause.id}" + (f"?{cause.query}" if cause.query else "") + "#comments"
    comment = session.get(Comment, cause.id)
    return f"/rounds/{comment.round_id if comment else 0}#comment-{cause.id}"


def cause_links(session: Session, user: User, causes: tuple[Cause, ...]) -> list[dict[str, Any]]:
    """{label, href, record, id} for each cause this user may open; the others are left
    out (their label could name another body's directive)."""
    links = []
    for cause in causes:
        try:
            authorize(session, user, "directive.view", {f"{cause.record}_id": cause.id})
        except DomainError:
            continue
        links.append(
            {
                "label": cause.label,
                "href": href(session, cause),
                "record": cause.record,
                "id": cause.id,
            }
        )
    return links


def remember_viewer(request: Request, user: User) -> None:
    """Kept by the guard: a refusal is rendered after the request's session is closed (its
    objects may be expired by then), so what the policy needs is read now: role and body."""
    request.state.viewer = (user.id, user.username, user.role, user.unit_id, user.created_at)


def links_for(request: Request, exc: DomainError) -> list[dict[str, Any]]:
    """The causes' links for a refusal that reached the error handler: read in a short
    session of their own (only refusals that carry causes pay for it)."""
    viewer = getattr(request.state, VIEWER, None)
    if not exc.causes or viewer is None:
        return []
    uid, username, role, unit_id, created_at = viewer
    user = User(id=uid, username=username, role=role, unit_id=unit_id, created_at=created_at)
    with open_session(request.app.state.engine, read_only=True) as session:
        return cause_links(session, user, exc.causes)
