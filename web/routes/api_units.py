"""API: the unit tree (consulted units, drafting and issuing bodies) and contact emails."""

from typing import Annotated

from fastapi import APIRouter, Path, Query

from models.access import owner_for
from models.commands.units import unit_create, unit_update
from models.commands.units_import import units_import
from models.queries.units import units_found
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.routes.api_directives import Limit, Offset
from web.routes.units import unit_line
from web.schemas import MAX_ID, UnitIn, UnitOut, UnitPage, UnitPatch, UnitsCsvIn

router = APIRouter(prefix="/api/v1", tags=["Đơn vị"], route_class=LimitedRoute, responses=ERRORS)
UnitId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã đơn vị")]


@router.get("/units", summary="Danh sách đơn vị (tìm không dấu theo tên)")
def unit_list(
    q: Annotated[str | None, Query(max_length=100, description="Tên, gõ có dấu hay không")] = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    parent_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    active: bool | None = None,
    limit: Limit = 100,
    offset: Offset = 0,
    o: Officer = api("unit.view"),
) -> UnitPage:
    total, items = units_found(
        o.session,
        q=q,
        category=category,
        parent_id=parent_id,
        active=active,
        limit=limit,
        offset=offset,
    )
    return UnitPage(
        total=total,
        offset=offset,
        limit=limit,
        items=[UnitOut.model_validate(u) for u in items],
    )


@router.post("/units", status_code=201, summary="Thêm đơn vị")
def unit_add(body: UnitIn, o: Officer = api("unit.create")) -> UnitOut:
    owner = owner_for(o.user)
    unit = unit_create(o.session, **body.model_dump(), owner_id=owner, by=o.by, now=o.now)
    return UnitOut.model_validate(unit)


@router.patch(
    "/units/{unit_id}",
    summary="Sửa tên, thư điện tử, ngừng/kích hoạt đơn vị (đơn vị của cơ quan mình; "
    "đơn vị dùng chung: quản trị)",
)
def unit_change(unit_id: UnitId, body: UnitPatch, o: Officer = api("unit.edit")) -> UnitOut:
    unit = unit_update(o.session, unit_id=unit_id, **body.model_dump(), by=o.by, now=o.now)
    return UnitOut.model_validate(unit)


@router.post("/units/import", status_code=201, summary="Nhập danh sách đơn vị từ CSV")
def unit_import(body: UnitsCsvIn, o: Officer = api("unit.import")) -> list[UnitOut]:
    """Columns name, parent, email, category, symbol; a bad line refuses the whole file."""
    owner = owner_for(o.user)
    units = units_import(
        o.session, csv_text=body.csv, check_line=unit_line, owner_id=owner, by=o.by, now=o.now
    )
    return [UnitOut.model_validate(u) for u in units]
