"""Administration pages (issue 11, item 1): the bodies of the tree with their header line,
place and symbol, and the terms. Administrators only (models/policy.py: unit.admin,
term.manage); the accounts are on web/routes/account.py. The API twins are in
web/routes/api_admin.py; both call the commands of models/commands/units.py and terms.py
with the schemas of web/schemas.py."""

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from models.commands.terms import term_create, term_update
from models.commands.units import unit_create, unit_update
from models.errors import DomainError
from models.queries.records import get
from models.queries.register import issuer_symbol_used, term_used, terms_list
from models.queries.unit_validity import ceased_notes
from models.tables import Term, Unit
from models.text import short_date
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.routes.units import (
    listing,
    successor_choices,
    tree,
    validity_given,
    validity_values,
)
from web.schemas import TermIn, UnitEdit, UnitIn

router = APIRouter(include_in_schema=False)
INDEX = "admin/index.html"
UNITS = "admin/units.html"
UNIT = "admin/unit.html"
TERMS = "admin/terms.html"
TERM = "admin/term.html"
UNIT_FIELDS = ("name", "parent_id", "symbol", "category", "email", "superior", "place")


@router.get("/admin")
def index(p: Page = page("admin.area")) -> Response:
    return p.render(INDEX)


def _units_context(p: Page) -> dict[str, Any]:
    return listing(p.session, p.today)


@router.get("/admin/units")
def units_page(p: Page = page("unit.admin")) -> Response:
    return p.render(UNITS, _units_context(p))


@router.post("/admin/units", dependencies=[Depends(check_csrf)])
async def unit_add(p: Page = page("unit.admin")) -> Response:
    posted = await p.posted()
    try:
        body = posted.valid(UnitIn)
        # An administrator's body is shared (province-wide), as on /units.
        unit = unit_create(p.session, **body.model_dump(), by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(UNITS, lambda: _units_context(p), exc, posted.values)
    return p.redirect(f"/admin/units/{unit.id}", message=f"Đã thêm cơ quan “{unit.name}”.")


def _unit_context(p: Page, unit_id: int) -> dict[str, Any]:
    unit = get(p.session, Unit, unit_id)
    return {
        "unit": unit,
        "units": [(u, d) for u, d in tree(p.session) if u.id != unit_id],
        "symbol_locked": issuer_symbol_used(p.session, unit_id),
        "successors": successor_choices(p.session, unit),
        "note": ceased_notes(p.session, p.today, [unit_id]).get(unit_id, ""),
    }


@router.get("/admin/units/{unit_id:id}")
def unit_page(unit_id: int, p: Page = page("unit.admin")) -> Response:
    ctx = _unit_context(p, unit_id)
    unit = ctx["unit"]
    values = {f: "" if getattr(unit, f) is None else str(getattr(unit, f)) for f in UNIT_FIELDS}
    values |= validity_values(unit) | {"active": "1" if unit.active else ""}
    return p.render(UNIT, {**ctx, "values": values})


@router.post("/admin/units/{unit_id:id}", dependencies=[Depends(check_csrf)])
async def unit_edit(unit_id: int, p: Page = page("unit.admin")) -> Response:
    get(p.session, Unit, unit_id)
    posted = await p.posted()
    try:
        # Every field is on the form: a blank parent is "no parent", an unticked box "not
        # in use" (a form does not send either).
        body = posted.valid(
            UnitEdit,
            parent_id=posted.text("parent_id") or None,
            active=bool(posted.text("active")),
            **validity_given(posted),
        )
        unit = unit_update(
            p.session, unit_id=unit_id, **body.model_dump(exclude_unset=True), by=p.by, now=p.now
        )
    except DomainError as exc:
        return p.failed(UNIT, lambda: _unit_context(p, unit_id), exc, posted.values)
    return p.redirect("/admin/units", message=f"Đã lưu cơ quan “{unit.name}”.")


def _terms_context(p: Page) -> dict[str, Any]:
    return {"terms": terms_list(p.session)}


@router.get("/admin/terms")
def terms_page(p: Page = page("term.manage")) -> Response:
    return p.render(TERMS, _terms_context(p))


@router.post("/admin/terms", dependencies=[Depends(check_csrf)])
async def term_add(p: Page = page("term.manage")) -> Response:
    posted = await p.posted()
    try:
        body = posted.valid(TermIn)
        term = term_create(p.session, **body.model_dump(), by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(TERMS, lambda: _terms_context(p), exc, posted.values)
    return p.redirect("/admin/terms", message=f"Đã khai báo nhiệm kỳ {term.name}.")


def _term_context(p: Page, term_id: int) -> dict[str, Any]:
    return {"term": get(p.session, Term, term_id), "used": term_used(p.session, term_id)}


@router.get("/admin/terms/{term_id:id}")
def term_page(term_id: int, p: Page = page("term.manage")) -> Response:
    ctx = _term_context(p, term_id)
    term = ctx["term"]
    values = {
        "name": term.name,
        "starts_on": short_date(term.starts_on),
        "ends_on": short_date(term.ends_on),
    }
    return p.render(TERM, {**ctx, "values": values})


@router.post("/admin/terms/{term_id:id}", dependencies=[Depends(check_csrf)])
async def term_edit(term_id: int, p: Page = page("term.manage")) -> Response:
    get(p.session, Term, term_id)
    posted = await p.posted()
    try:
        body = posted.valid(TermIn)
        term = term_update(p.session, term_id=term_id, **body.model_dump(), by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(TERM, lambda: _term_context(p, term_id), exc, posted.values)
    return p.redirect("/admin/terms", message=f"Đã lưu nhiệm kỳ {term.name}.")
