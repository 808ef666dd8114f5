"""Read-only overview of the directives, their stages and audit trail, from the records."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import HTMLResponse
from sqlmodel import Session, select

from models.commands.common import get
from models.tables import AuditEvent, Directive, Round
from web.deps import get_session

router = APIRouter()


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home(request: Request, session: Session = Depends(get_session)) -> HTMLResponse:
    directives = session.exec(select(Directive).order_by(Directive.id.desc())).all()  # type: ignore[union-attr]
    return request.app.state.templates.TemplateResponse(
        request, "home/index.html", {"directives": directives}
    )


@router.get(
    "/directives/{directive_id}/audit", response_class=HTMLResponse, include_in_schema=False
)
def audit_trail(
    directive_id: int, request: Request, session: Session = Depends(get_session)
) -> HTMLResponse:
    directive = get(session, Directive, directive_id)
    rounds = session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(Round.ordinal)  # type: ignore[arg-type]
    ).all()
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.directive_id == directive_id)
        .order_by(AuditEvent.at, AuditEvent.id)  # type: ignore[arg-type]
    ).all()
    return request.app.state.templates.TemplateResponse(
        request, "home/audit.html", {"directive": directive, "rounds": rounds, "events": events}
    )
