"""The unit tree: create, edit the contact email, deactivate, import from CSV."""

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from models.commands.common import get
from models.commands.units import unit_create, unit_update
from models.commands.units_import import units_import
from models.errors import DomainError, Invalid
from models.tables import Unit, User
from models.text import sort_key
from web.auth import require_user
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.views import form_failed, form_values, redirect, render

router = APIRouter(include_in_schema=False)
LIST = "units/index.html"


def may_manage(user: User = Depends(require_user)) -> User:
    """Officers keep their consultation lists; leaders only read."""
    if user.role == "leader":
        raise HTTPException(403, detail="Vai trò của bạn chỉ xem được danh sách đơn vị.")
    return user


def tree(session: Session) -> list[tuple[Unit, int]]:
    """Units depth-first with their depth, siblings in Vietnamese order."""
    units = session.exec(select(Unit)).all()
    children: dict[int | None, list[Unit]] = {}
    for u in units:
        children.setdefault(u.parent_id, []).append(u)
    out: list[tuple[Unit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for u in sorted(children.get(parent, []), key=lambda x: sort_key(x.name)):
            out.append((u, depth))
            walk(u.id, depth + 1)

    walk(None, 0)
    return out


def _list_context(session: Session, user: User) -> dict:  # type: ignore[type-arg]
    return {"user": user, "units": tree(session), "values": {}, "errors": {}}


@router.get("/units")
def units_page(
    request: Request, session: Session = Depends(get_session), user: User = Depends(require_user)
) -> Response:
    return render(request, LIST, _list_context(session, user))


@router.post("/units", dependencies=[Depends(check_csrf)])
async def create(
    request: Request, session: Session = Depends(get_session), user: User = Depends(may_manage)
) -> Response:
    values = form_values(await request.form())
    parent = values.get("parent_id", "")
    try:
        unit = unit_create(
            session,
            name=values.get("name", ""),
            parent_id=int(parent) if parent.isdigit() else None,
            email=values.get("email", ""),
            category=values.get("category", ""),
            symbol=values.get("symbol", "") or None,
            by=user.username,
            now=get_now(request),
        )
    except DomainError as exc:
        session.rollback()
        return form_failed(request, LIST, _list_context(session, user), exc, values)
    return redirect(request, "/units", message=f"Đã thêm đơn vị “{unit.name}”.")


@router.get("/units/import")
def import_page(request: Request, user: User = Depends(may_manage)) -> Response:
    return render(
        request, "units/import.html", {"user": user, "values": {}, "errors": {}, "lines": []}
    )


@router.post("/units/import", dependencies=[Depends(check_csrf)])
async def import_csv(
    request: Request, session: Session = Depends(get_session), user: User = Depends(may_manage)
) -> Response:
    form = await request.form()
    values = form_values(form)
    upload = form.get("file")
    try:
        text = values.get("csv", "")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            data = await upload.read()
            try:
                text = data.decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise Invalid("Tệp CSV phải được lưu theo bảng mã UTF-8.", field="csv") from exc
            values["csv"] = text
        created = units_import(session, csv_text=text, by=user.username, now=get_now(request))
    except DomainError as exc:
        session.rollback()
        lines = getattr(exc, "lines", [])
        return form_failed(
            request, "units/import.html", {"user": user, "lines": lines}, exc, values
        )
    return redirect(request, "/units", message=f"Đã nhập {len(created)} đơn vị.")


@router.get("/units/{unit_id:int}")
def edit_page(
    unit_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(may_manage),
) -> Response:
    unit = get(session, Unit, unit_id)
    return render(
        request,
        "units/edit.html",
        {
            "user": user,
            "unit": unit,
            "values": {"name": unit.name, "email": unit.email},
            "errors": {},
        },
    )


@router.post("/units/{unit_id:int}", dependencies=[Depends(check_csrf)])
async def edit(
    unit_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(may_manage),
) -> Response:
    unit = get(session, Unit, unit_id)
    values = form_values(await request.form())
    active = None
    if "active" in values:
        active = values["active"] == "1"
    try:
        unit_update(
            session,
            unit_id=unit_id,
            name=values.get("name") if "name" in values else None,
            email=values.get("email") if "email" in values else None,
            active=active,
            by=user.username,
            now=get_now(request),
        )
    except DomainError as exc:
        session.rollback()
        return form_failed(
            request,
            "units/edit.html",
            {"user": user, "unit": get(session, Unit, unit_id)},
            exc,
            values,
        )
    message = (
        "Đã lưu."
        if active is None
        else ("Đã kích hoạt lại đơn vị." if active else "Đã ngừng sử dụng đơn vị.")
    )
    return redirect(request, "/units", message=f"{unit.name}: {message}")
