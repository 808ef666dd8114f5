"""The dashboard, a new directive from its assignment, and a directive's audit trail."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import Session, col, select

from models.access import drafting_body, reaches_other_bodies
from models.commands.directives import directive_create
from models.errors import DomainError
from models.queries.dashboard import dashboard
from models.queries.unit_validity import in_force_clause
from models.tables import AuditEvent, Round, Unit, User
from models.text import sort_key
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.schemas import DirectiveIn

router = APIRouter(include_in_schema=False)
NEW = "home/new.html"


@router.get("/")
def home(p: Page = page("dashboard.view")) -> Response:
    return p.render("home/index.html", {"rows": dashboard(p.session, p.user, p.today)})


def _new_context(session: Session, user: User, today: date) -> dict[str, Any]:
    units = sorted(
        session.exec(select(Unit).where(Unit.active == True, in_force_clause(today))).all(),  # noqa: E712
        key=lambda u: sort_key(u.name),
    )
    issuers = [u for u in units if u.symbol]
    names_body = reaches_other_bodies(user, "directive.create")
    return {"issuers": issuers, "drafting_units": issuers if names_body else []}


@router.get("/directives/new")
def new_directive(p: Page = page("directive.create")) -> Response:
    ctx = _new_context(p.session, p.user, p.today)
    tu = next((u for u in ctx["issuers"] if u.symbol == "TU" and u.parent_id), None)
    values = {"kind": "CT", "issuer_id": str(tu.id) if tu else ""}
    return p.render(NEW, {**ctx, "values": values})


@router.post("/directives/new", dependencies=[Depends(check_csrf)])
async def create_directive(p: Page = page("directive.create")) -> Response:
    posted = await p.posted()
    try:
        # An officer's own body needs no field (offered only to those who name another).
        named = posted.text("drafting_unit_id").strip()
        body = posted.valid(DirectiveIn, drafting_unit_id=named or drafting_body(p.user, None))
        drafting_body(p.user, body.drafting_unit_id)  # the one rule, as in the API and CLI
        directive, _ = directive_create(p.session, **body.model_dump(), by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(NEW, lambda: _new_context(p.session, p.user, p.today), exc, posted.values)
    return p.redirect(f"/directives/{directive.id}", message="Đã tạo hồ sơ dự thảo.")


@router.get("/directives/{directive_id:id}/audit")
def audit_trail(directive_id: int, p: Page = page("directive.view")) -> Response:
    directive = p.viewable(directive_id)
    rounds = p.session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(col(Round.ordinal))
    ).all()
    events = p.session.exec(
        select(AuditEvent)
        .where(AuditEvent.directive_id == directive_id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    return p.render("home/audit.html", {"directive": directive, "rounds": rounds, "events": events})
