"""API: the unit tree (consulted units, drafting and issuing bodies) and contact emails."""

from datetime import date
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
from web.routes.units import reorganise_with, unit_line
from web.schemas import (
    MAX_ID,
    ReorganiseIn,
    ReorganiseOut,
    UnitIn,
    UnitOut,
    UnitPage,
    UnitPatch,
    UnitsCsvIn,
)

router = APIRouter(prefix="/api/v1", tags=["Đơn vị"], route_class=LimitedRoute, responses=ERRORS)
UnitId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã đơn vị")]


@router.get("/units", summary="Danh sách đơn vị (tìm không dấu theo tên)")
def unit_list(
    q: Annotated[str | None, Query(max_length=100, description="Tên, gõ có dấu hay không")] = None,
    category: Annotated[str | None, Query(max_length=40)] = None,
    parent_id: Annotated[int | None, Query(ge=1, le=MAX_ID)] = None,
    active: bool | None = None,
    in_force_on: Annotated[
        date | None, Query(description="Chỉ các đơn vị đang hoạt động ngày này (yyyy-mm-dd)")
    ] = None,
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
        in_force_on=in_force_on,
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
    summary="Sửa tên, thư điện tử, thời gian hoạt động, đơn vị kế thừa, ngừng/kích hoạt đơn "
    "vị (đơn vị của cơ quan mình; đơn vị dùng chung: quản trị)",
)
def unit_change(unit_id: UnitId, body: UnitPatch, o: Officer = api("unit.edit")) -> UnitOut:
    """Only the fields sent change; `null` clears a date or the successor."""
    unit = unit_update(
        o.session, unit_id=unit_id, **body.model_dump(exclude_unset=True), by=o.by, now=o.now
    )
    return UnitOut.model_validate(unit)


@router.post(
    "/units/reorganise",
    summary="Sắp xếp, sáp nhập đơn vị: các đơn vị thôi hoạt động từ một ngày, một đơn vị "
    "(có sẵn hay mới) kế thừa",
)
def unit_reorganise(body: ReorganiseIn, o: Officer = api("unit.edit")) -> ReorganiseOut:
    """Each unit that ceases must be one the caller may edit (another body's: 404). A unit
    with a live link (open round, open report period) is refused (409) unless
    `confirm_open`: the link keeps working until its round or period ends."""
    done = reorganise_with(o.session, o.user, body, o.now)
    return ReorganiseOut(
        successor=UnitOut.model_validate(done.successor),
        abolished=[UnitOut.model_validate(u) for u in done.abolished],
        created=done.created,
        open_links=len(done.open_links),
    )


@router.post("/units/import", status_code=201, summary="Nhập danh sách đơn vị từ CSV")
def unit_import(body: UnitsCsvIn, o: Officer = api("unit.import")) -> list[UnitOut]:
    """Columns name, parent, email, category, symbol, valid_from, valid_to, successor (or
    their Vietnamese headers: hiệu lực từ, hiệu lực đến, đơn vị kế thừa); a bad line
    refuses the whole file."""
    owner = owner_for(o.user)
    units = units_import(
        o.session, csv_text=body.csv, check_line=unit_line, owner_id=owner, by=o.by, now=o.now
    )
    return [UnitOut.model_validate(u) for u in units]
