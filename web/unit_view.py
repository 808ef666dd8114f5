"""What a unit's invitation page shows: the read model (models/queries/invitation) and the
form state of this request (no `router`: not mounted)."""

import secrets
from typing import Any

from fastapi import Request
from sqlmodel import Session

from models.queries.invitation import invitation_view
from models.queries.links import Access
from models.queries.replies import files_of_invitation
from web.csrf import csrf_token


def form_key() -> str:
    return secrets.token_urlsafe(18)


def page_context(request: Request, session: Session, acc: Access) -> dict[str, Any]:
    view = invitation_view(session, acc)
    return {
        "acc": acc,
        "round": acc.round,
        "invitation": acc.invitation,
        "unit": acc.unit,
        "directive": view.directive,
        "drafting": view.drafting,
        "version": view.version,
        "sections": view.sections,
        "section_keys": {s.id: s.key for s in view.sections},
        "comments": view.comments,
        "drafts": view.drafts,
        "reply_files": files_of_invitation(session, acc.invitation.id or 0),
        "report": view.report,
        "levels": view.levels,
        "conference": view.conference,
        "base": f"/u/{request.path_params['token']}",
        "csrf": csrf_token(request),
        # One per rendered "add a comment" form: posting it twice still makes one comment.
        "form_key": form_key(),
        "errors": {},
        "values": {},
        "editing": None,
        "receipt": False,
        "title": view.directive.title,
    }
