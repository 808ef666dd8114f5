"""The unit tree: create, edit the contact email and validity, deactivate, import from CSV,
reorganise (sắp xếp, sáp nhập: several units end, one successor takes over).

Everyone signed in sees the tree; officers add units (owned by their body) and edit their
body's units; shared units are edited by administrators only (models/policy.py). Units no
longer in force are listed apart, with the day they ceased and their successor."""

from datetime import date
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import Session, select

from models.access import may, owner_for
from models.commands.reorganise import NewUnit, Reorganised, reorganise
from models.commands.units import unit_create, unit_update
from models.commands.units_import import units_import
from models.errors import DomainError, Invalid
from models.queries.links import open_invitations
from models.queries.records import get
from models.queries.unit_validity import ceased_notes
from models.tables import Unit, User
from models.text import short_date, sort_key
from models.unit_validity import valid_on
from web.csrf import check_csrf
from web.forms import Posted, checked
from web.guard import page
from web.page import Page
from web.schemas import ReorganiseIn, UnitIn, UnitPatch, UnitsCsvIn

router = APIRouter(include_in_schema=False)
LIST = "units/index.html"
IMPORT = "units/import.html"
EDIT = "units/edit.html"
REORGANISE = "units/reorganise.html"
VALIDITY = ("valid_from", "valid_to", "successor_id")


def unit_line(fields: dict[str, str]) -> dict[str, Any]:
    """One line of a CSV import through the API's own schema for a new unit (UnitIn): the
    import refuses what POST /api/v1/units refuses, with the same message."""
    return checked(UnitIn, fields).model_dump()


def tree(session: Session, *, skip: set[int] | None = None) -> list[tuple[Unit, int]]:
    """Units depth-first with their depth, siblings in Vietnamese order; the units in
    `skip` are left out, their children listed at their depth."""
    children: dict[int | None, list[Unit]] = {}
    for u in session.exec(select(Unit)).all():
        children.setdefault(u.parent_id, []).append(u)
    out: list[tuple[Unit, int]] = []
    left_out = skip or set()

    def walk(parent: int | None, depth: int) -> None:
        for u in sorted(children.get(parent, []), key=lambda x: sort_key(x.name)):
            if u.id in left_out:
                walk(u.id, depth)
            else:
                out.append((u, depth))
                walk(u.id, depth + 1)

    walk(None, 0)
    return out


def listing(session: Session, day: date) -> dict[str, Any]:
    """The lists' context: `units`, the tree of the units not ceased on `day`; `ceased`,
    the others with their note ("Đã thôi hoạt động từ …, kế thừa: …"), by name."""
    notes = ceased_notes(session, day)
    ceased = sorted(
        ((get(session, Unit, uid), note) for uid, note in notes.items()),
        key=lambda x: sort_key(x[0].name),
    )
    return {"units": tree(session, skip=set(notes)), "ceased": ceased, "today": day}


def successor_choices(session: Session, unit: Unit | None) -> list[tuple[str, str]]:
    """The successor select's options: none, then every other unit by name (the rule of
    models/unit_validity.check_validity says which one fits the dates)."""
    others = sorted(
        (u for u in session.exec(select(Unit)).all() if unit is None or u.id != unit.id),
        key=lambda u: sort_key(u.name),
    )
    return [("", "— (không có)")] + [(str(u.id), u.name) for u in others]


def validity_values(unit: Unit) -> dict[str, str]:
    return {
        "valid_from": short_date(unit.valid_from),
        "valid_to": short_date(unit.valid_to),
        "successor_id": str(unit.successor_id or ""),
    }


def validity_given(posted: Posted) -> dict[str, Any]:
    """The validity fields of a unit's form: a blank one clears the value (a form leaves a
    blank field out); nothing when the form posted is not the one carrying them."""
    if "valid_from" not in posted.values:
        return {}
    return {f: posted.text(f) or None for f in VALIDITY}


@router.get("/units")
def units_page(p: Page = page("unit.view")) -> Response:
    return p.render(LIST, listing(p.session, p.today))


@router.post("/units", dependencies=[Depends(check_csrf)])
async def create(p: Page = page("unit.create")) -> Response:
    posted = await p.posted()
    try:
        body = posted.valid(UnitIn)
        owner = owner_for(p.user)
        unit = unit_create(p.session, **body.model_dump(), owner_id=owner, by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(LIST, lambda: listing(p.session, p.today), exc, posted.values)
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


def _edit_context(p: Page, unit_id: int) -> dict[str, Any]:
    unit = get(p.session, Unit, unit_id)
    note = ceased_notes(p.session, p.today, [unit_id]).get(unit_id, "")
    return {"unit": unit, "note": note, "successors": successor_choices(p.session, unit)}


@router.get("/units/{unit_id:id}")
def edit_page(unit_id: int, p: Page = page("unit.edit")) -> Response:
    ctx = _edit_context(p, unit_id)  # the guard answered 404 unless this user edits it
    unit = ctx["unit"]
    values = {"name": unit.name, "email": unit.email, **validity_values(unit)}
    return p.render(EDIT, {**ctx, "values": values})


@router.post("/units/{unit_id:id}", dependencies=[Depends(check_csrf)])
async def edit(unit_id: int, p: Page = page("unit.edit")) -> Response:
    unit = get(p.session, Unit, unit_id)
    posted = await p.posted()
    old_email, live = unit.email, len(open_invitations(p.session, unit_id))
    try:
        body = posted.valid(UnitPatch, **validity_given(posted))
        active = body.active
        unit_update(
            p.session, unit_id=unit_id, **body.model_dump(exclude_unset=True), by=p.by, now=p.now
        )
    except DomainError as exc:
        return p.failed(EDIT, lambda: _edit_context(p, unit_id), exc, posted.values)
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


# --- sắp xếp, sáp nhập (issue 12, item 7) ---


def reorganise_with(session: Session, user: User, body: ReorganiseIn, now: Any) -> Reorganised:
    """The page's and the API's one call: an existing successor or a new one, not both."""
    if (body.successor_id is None) == (body.successor is None):
        raise Invalid(
            "Chọn một đơn vị kế thừa có sẵn hoặc khai báo một đơn vị mới (một trong hai).",
            field="successor_id",
        )
    heir: int | NewUnit
    if body.successor is not None:
        new = body.successor
        heir = NewUnit(
            name=new.name,
            parent_id=new.parent_id,
            category=new.category,
            email=new.email,
            symbol=new.symbol,
            superior=new.superior,
            place=new.place,
        )
    else:
        assert body.successor_id is not None
        heir = body.successor_id
    return reorganise(
        session,
        body.abolished_ids,
        successor=heir,
        on=body.on,
        by=user,
        now=now,
        confirm_open=body.confirm_open,
    )


def _reorganise_context(p: Page) -> dict[str, Any]:
    units = tree(p.session, skip=set(ceased_notes(p.session, p.today)))
    return {
        # Only the units this user may edit can cease; any unit in force may take over.
        "abolishable": [(u, d) for u, d in units if may(p.user, "unit.edit", u)],
        "successors": [("", "— chọn —")]
        + [(str(u.id), "— " * d + u.name) for u, d in units if valid_on(u, p.today)],
        "parents": units,
    }


@router.get("/units/reorganise")
def reorganise_page(p: Page = page("unit.edit")) -> Response:
    values = {"mode": "existing", "on": ""}
    return p.render(REORGANISE, {**_reorganise_context(p), "values": values, "chosen": []})


@router.post("/units/reorganise", dependencies=[Depends(check_csrf)])
async def reorganise_post(p: Page = page("unit.edit")) -> Response:
    posted = await p.posted()
    chosen = [v for v in posted.form.getlist("abolished_ids") if isinstance(v, str)]
    new = posted.text("mode") == "new"
    try:
        body = posted.valid(
            ReorganiseIn,
            # The new unit's fields are the page's own (name, parent_id …), the existing
            # one a select: the mode picks which the schema gets.
            successor=posted.data(UnitIn) if new else None,
            successor_id=None if new else (posted.text("successor_id") or None),
            confirm_open=bool(posted.text("confirm_open")),
        )
        done = reorganise_with(p.session, p.user, body, p.now)
    except DomainError as exc:
        ctx = lambda: {**_reorganise_context(p), "chosen": chosen}  # noqa: E731
        return p.failed(REORGANISE, ctx, exc, posted.values)
    names = ", ".join(u.name for u in done.abolished)
    message = (
        f"Đã sắp xếp: {names} thôi hoạt động từ {short_date(body.on)}, "
        f"kế thừa: {done.successor.name}."
    )
    if done.open_links:
        message += f" {len(done.open_links)} liên kết đang mở vẫn dùng được đến khi đợt kết thúc."
    return p.redirect("/units", message=message)
