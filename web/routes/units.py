"""The unit tree: create, edit the contact email, deactivate, import from CSV.

Everyone signed in sees the tree; officers add units (owned by their body) and edit their
body's units; shared units are edited by administrators only (models/policy.py)."""

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import Session, select

from models.access import owner_for
from models.commands.units import unit_create, unit_update
from models.commands.units_import import units_import
from models.errors import DomainError, Invalid
from models.queries.links import open_invitations
from models.queries.records import get
from models.tables import Unit
from models.text import sort_key
from web.csrf import check_csrf
from web.forms import checked
from web.guard import page
from web.page import Page
from web.schemas import UnitIn, UnitPatch, UnitsCsvIn

router = APIRouter(include_in_schema=False)
LIST = "units/index.html"
IMPORT = "units/import.html"
EDIT = "units/edit.html"


def unit_line(fields: dict[str, str]) -> dict[str, Any]:
    """One line of a CSV import through the API's own schema for a new unit (UnitIn): the
    import refuses what POST /api/v1/units refuses, with the same message."""
    return checked(UnitIn, fields).model_dump()


def tree(session: Session) -> list[tuple[Unit, int]]:
    """Units depth-first with their depth, siblings in Vietnamese order."""
    children: dict[int | None, list[Unit]] = {}
    for u in session.exec(select(Unit)).all():
        children.setdefault(u.parent_id, []).append(u)
    out: list[tuple[Unit, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for u in sorted(children.get(parent, []), key=lambda x: sort_key(x.name)):
            out.append((u, depth))
            walk(u.id, depth + 1)

    walk(None, 0)
    return out


@router.get("/units")
def units_page(p: Page = page("unit.view")) -> Response:
    return p.render(LIST, {"units": tree(p.session)})


@router.post("/units", dependencies=[Depends(check_csrf)])
async def create(p: Page = page("unit.create")) -> Response:
    posted = await p.posted()
    try:
        body = posted.valid(UnitIn)
        owner = owner_for(p.user)
        unit = unit_create(p.session, **body.model_dump(), owner_id=owner, by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(LIST, lambda: {"units": tree(p.session)}, exc, posted.values)
    return p.redirect("/units", message=f"Đã thêm đơn vị “{unit.name}”.")


@router.get("/units/import")
def import_page(p: Page = page("unit.import")) -> Response:
    return p.render(IMPORT, {"lines": []})


@router.post("/units/import", dependencies=[Depends(check_csrf)])
async def import_csv(p: Page = page("unit.import")) -> Response:
    posted = await p.posted()
    values, upload = posted.values, posted.form.get("file")
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            try:
                values["csv"] = (await upload.read()).decode("utf-8-sig")
            except UnicodeDecodeError as exc:
                raise Invalid("Tệp CSV phải được lưu theo bảng mã UTF-8.", field="csv") from exc
        body = posted.valid(UnitsCsvIn, csv=posted.text("csv"))  # the upload, or the text
        created = units_import(
            p.session,
            csv_text=body.csv,
            check_line=unit_line,
            owner_id=owner_for(p.user),
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(IMPORT, {"lines": getattr(exc, "lines", [])}, exc, values)
    return p.redirect("/units", message=f"Đã nhập {len(created)} đơn vị.")


@router.get("/units/{unit_id:id}")
def edit_page(unit_id: int, p: Page = page("unit.edit")) -> Response:
    unit = get(p.session, Unit, unit_id)  # the guard answered 404 unless this user edits it
    return p.render(EDIT, {"unit": unit, "values": {"name": unit.name, "email": unit.email}})


@router.post("/units/{unit_id:id}", dependencies=[Depends(check_csrf)])
async def edit(unit_id: int, p: Page = page("unit.edit")) -> Response:
    unit = get(p.session, Unit, unit_id)
    posted = await p.posted()
    old_email, live = unit.email, len(open_invitations(p.session, unit_id))
    try:
        body = posted.valid(UnitPatch)
        active = body.active
        unit_update(p.session, unit_id=unit_id, **body.model_dump(), by=p.by, now=p.now)
    except DomainError as exc:
        ctx = lambda: {"unit": get(p.session, Unit, unit_id)}  # noqa: E731
        return p.failed(EDIT, ctx, exc, posted.values)
    if active is None:
        message = "Đã lưu."
        if live and unit.email.lower() != old_email.lower():
            message += (
                f" {live} liên kết góp ý đang mở vẫn gửi tới địa chỉ cũ; cơ quan soạn thảo đã"
                " được báo để cấp lại liên kết tới địa chỉ mới."
            )
    else:
        message = "Đã kích hoạt lại đơn vị." if active else "Đã ngừng sử dụng đơn vị."
    return p.redirect("/units", message=f"{unit.name}: {message}")
