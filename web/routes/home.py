"""The dashboard, a new directive from its assignment, and a directive's audit trail."""

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from models.clock import local_date
from models.commands.directives import directive_create
from models.errors import DomainError, Invalid
from models.queries.dashboard import dashboard
from models.tables import AuditEvent, Round, Unit, User
from models.text import parse_date, sort_key
from web.auth import require_user, viewable
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.views import form_failed, form_values, redirect, render

router = APIRouter(include_in_schema=False)
NEW = "home/new.html"


@router.get("/")
def home(
    request: Request, session: Session = Depends(get_session), user: User = Depends(require_user)
) -> Response:
    rows = dashboard(session, user, local_date(get_now(request)))
    return render(request, "home/index.html", {"user": user, "rows": rows})


def _new_context(session: Session, user: User) -> dict:  # type: ignore[type-arg]
    units = sorted(
        session.exec(select(Unit).where(Unit.active == True)).all(),  # noqa: E712
        key=lambda u: sort_key(u.name),
    )
    return {
        "user": user,
        "issuers": [u for u in units if u.symbol],
        "drafting_units": [u for u in units if u.symbol] if user.role == "admin" else [],
    }


@router.get("/directives/new")
def new_directive(
    request: Request, session: Session = Depends(get_session), user: User = Depends(require_user)
) -> Response:
    ctx = _new_context(session, user)
    tu = next((u for u in ctx["issuers"] if u.symbol == "TU" and u.parent_id), None)
    values = {"kind": "CT", "issuer_id": str(tu.id) if tu else ""}
    return render(request, NEW, {**ctx, "values": values, "errors": {}})


def _int(value: str, field: str, what: str) -> int:
    if not value.strip().isdigit():
        raise Invalid(f"Vui lòng chọn {what}.", field=field)
    return int(value)


@router.post("/directives/new", dependencies=[Depends(check_csrf)])
async def create_directive(
    request: Request, session: Session = Depends(get_session), user: User = Depends(require_user)
) -> Response:
    values = form_values(await request.form())
    ctx = _new_context(session, user)
    try:
        if user.role == "leader":
            raise DomainError("Lãnh đạo không tạo hồ sơ dự thảo.")
        drafting = user.unit_id
        if user.role == "admin" or drafting is None:
            drafting = _int(
                values.get("drafting_unit_id", ""), "drafting_unit_id", "cơ quan soạn thảo"
            )
        assignment_date = None
        if values.get("assignment_date", "").strip():
            try:
                assignment_date = parse_date(values["assignment_date"])
            except ValueError as exc:
                raise Invalid(str(exc), field="assignment_date") from exc
        directive, _ = directive_create(
            session,
            title=values.get("title", ""),
            issuer_id=_int(values.get("issuer_id", ""), "issuer_id", "cơ quan ban hành"),
            drafting_unit_id=drafting,
            kind=values.get("kind", "CT"),
            assignment_number=values.get("assignment_number", ""),
            assignment_date=assignment_date,
            assignment_summary=values.get("assignment_summary", ""),
            by=user.username,
            now=get_now(request),
        )
    except DomainError as exc:
        session.rollback()
        return form_failed(request, NEW, ctx, exc, values)
    return redirect(request, f"/directives/{directive.id}", message="Đã tạo hồ sơ dự thảo.")


@router.get("/directives/{directive_id:int}/audit")
def audit_trail(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    directive = viewable(session, user, directive_id)
    rounds = session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(Round.ordinal)  # type: ignore[arg-type]
    ).all()
    events = session.exec(
        select(AuditEvent)
        .where(AuditEvent.directive_id == directive_id)
        .order_by(AuditEvent.at, AuditEvent.id)  # type: ignore[arg-type]
    ).all()
    return render(
        request,
        "home/audit.html",
        {"user": user, "directive": directive, "rounds": rounds, "events": events},
    )
