"""API for administrators (issue 11, item 1): the bodies with their header line, place and
symbol, and the terms. The twins of web/routes/admin.py: the same commands and schemas.
The accounts' twins are in web/routes/api_tokens.py (/api/v1/admin/users)."""

from datetime import date
from typing import Annotated

from fastapi import APIRouter, Path

from models.commands.terms import term_create, term_update
from models.commands.units import unit_create, unit_update
from models.ids import id_of
from models.queries.register import term_used, terms_list
from models.tables import Term
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.routes.units import tree
from web.schemas import MAX_ID, Out, TermIn, UnitEdit, UnitIn, UnitOut

router = APIRouter(
    prefix="/api/v1/admin", tags=["Quản trị"], route_class=LimitedRoute, responses=ERRORS
)
UnitId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã cơ quan, đơn vị")]
TermId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã nhiệm kỳ")]


class TermOut(Out):
    id: int
    name: str
    starts_on: date
    ends_on: date
    used: bool  # numbers were issued in it: only its end may move, later


def _term_out(term: Term, used: bool) -> TermOut:
    return TermOut(
        id=id_of(term), name=term.name, starts_on=term.starts_on, ends_on=term.ends_on, used=used
    )


@router.get("/units", summary="Mọi cơ quan, đơn vị theo cây (quản trị viên)")
def units(o: Officer = api("unit.admin")) -> list[UnitOut]:
    return [UnitOut.model_validate(u) for u, _ in tree(o.session)]


@router.post("/units", status_code=201, summary="Thêm cơ quan, đơn vị dùng chung")
def unit_add(body: UnitIn, o: Officer = api("unit.admin")) -> UnitOut:
    unit = unit_create(o.session, **body.model_dump(), by=o.by, now=o.now)
    return UnitOut.model_validate(unit)


@router.patch(
    "/units/{unit_id}",
    summary="Sửa cơ quan, đơn vị: tên, dòng cấp trên, địa danh, ký hiệu (khi chưa dùng), "
    "cấp trên, phân loại, thư điện tử, trạng thái",
)
def unit_change(unit_id: UnitId, body: UnitEdit, o: Officer = api("unit.admin")) -> UnitOut:
    unit = unit_update(
        o.session, unit_id=unit_id, **body.model_dump(exclude_unset=True), by=o.by, now=o.now
    )
    return UnitOut.model_validate(unit)


@router.get("/terms", summary="Các nhiệm kỳ, mới nhất trước")
def terms(o: Officer = api("term.manage")) -> list[TermOut]:
    return [_term_out(t, used) for t, used in terms_list(o.session)]


@router.post("/terms", status_code=201, summary="Khai báo nhiệm kỳ (không trùng nhiệm kỳ khác)")
def term_add(body: TermIn, o: Officer = api("term.manage")) -> TermOut:
    term = term_create(o.session, **body.model_dump(), by=o.by, now=o.now)
    return _term_out(term, False)


@router.put(
    "/terms/{term_id}",
    summary="Sửa tên, ngày của nhiệm kỳ (đã cấp số: chỉ kéo dài ngày kết thúc)",
)
def term_change(term_id: TermId, body: TermIn, o: Officer = api("term.manage")) -> TermOut:
    term = term_update(o.session, term_id=term_id, **body.model_dump(), by=o.by, now=o.now)
    return _term_out(term, term_used(o.session, term_id))
