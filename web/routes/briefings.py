"""Hội nghị giao ban (issue 12, item 4): the page (records by quarter; who has not held one
in the current quarter under the plan's duties; the form), edit and delete, the minutes
download, the API twin and the overview's card.

Recording, editing and deleting are `follow_up.briefing` (the drafting body's officers,
administrators); reading is `directive.view`. A briefing of another directive named under
this one's path answers as a missing one. The routes that take a file are not LimitedRoute:
the app's body limit bounds them and the file is judged by its content, as reply files are."""

from datetime import date
from pathlib import Path as FsPath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Path, UploadFile
from fastapi.responses import FileResponse, Response
from pydantic import BaseModel, Field
from sqlmodel import Session

from documents.briefings import minutes_path, remove_minutes, store_minutes
from models.clock import local_date
from models.commands.briefings import (
    BriefingData,
    briefing_delete,
    briefing_edit,
    briefing_record,
)
from models.commands.replies import ReceivedFile
from models.errors import DomainError, Invalid
from models.follow_up.briefings import EVERY_LABELS, quarter_label
from models.follow_up.calendar import quarter_of
from models.ids import id_of
from models.queries.briefings import briefing_board, briefing_in
from models.queries.records import get
from models.settings import Settings
from models.tables import Briefing, Directive, Unit
from models.text import short_date
from web.api_auth import ERRORS, Officer
from web.csrf import check_csrf
from web.forms import FormErrors, parse_model
from web.guard import api, page
from web.page import Page
from web.routes.api_directives import DirectiveId
from web.schemas import MAX_ID, Day, Id, Line200, NoControl
from web.uploads import FIELD, REPLY_REFUSED, UploadLimits, read_reply_file

router = APIRouter()
PAGE = "follow_up/briefings.html"
FORM = "follow_up/briefing_form.html"
TAGS: list[Any] = ["Theo dõi thực hiện"]
BriefingId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã hội nghị giao ban")]
MINUTES_REFUSED = "Chỉ nhận biên bản hội nghị dạng PDF, DOCX hoặc ảnh chụp JPEG, PNG."


class BriefingIn(BaseModel):
    """A hội nghị giao ban as the page and the API post it."""

    unit_id: Id
    held_on: Day
    chair: Line200
    participants: Annotated[str, Field(max_length=2000), NoControl] = ""
    issues: Annotated[str, Field(max_length=20_000), NoControl] = ""

    def data(self) -> BriefingData:
        return BriefingData(self.unit_id, self.held_on, self.chair, self.participants, self.issues)


class BriefingOut(BaseModel):
    id: int
    directive_id: int
    unit_id: int
    unit_name: str
    held_on: date
    quarter: str
    chair: str
    participants: str
    issues: str
    minutes_name: str
    recorded_by: str


class QuarterOut(BaseModel):
    label: str
    owed: list[int]
    not_held: list[int]
    not_held_names: list[str]


class BriefingsOut(BaseModel):
    briefings: list[BriefingOut]
    current_quarter: QuarterOut | None


def _out(b: Briefing, unit: Unit) -> BriefingOut:
    return BriefingOut(
        id=b.id or 0,
        directive_id=b.directive_id,
        unit_id=b.unit_id,
        unit_name=unit.name,
        held_on=b.held_on,
        quarter=quarter_label(*quarter_of(b.held_on)),
        chair=b.chair,
        participants=b.participants,
        issues=b.issues,
        minutes_name=b.minutes_name,
        recorded_by=b.recorded_by,
    )


async def _minutes(upload: Any, settings: Settings, directive_id: int) -> ReceivedFile | None:
    """The posted minutes checked by their content and stored; None when none was chosen."""
    if upload is None or isinstance(upload, str) or not upload.filename:
        return None
    try:
        data, kind = await read_reply_file(upload, UploadLimits.of(settings))
    except Invalid as exc:
        message = MINUTES_REFUSED if exc.message == REPLY_REFUSED else exc.message
        raise Invalid(message, field=FIELD) from exc
    return store_minutes(settings.data_dir, directive_id, data, kind, upload.filename)


async def _save(
    session: Session,
    settings: Settings,
    directive_id: int,
    body: BriefingIn,
    upload: Any,
    *,
    briefing_id: int | None,
    by: str,
    now: Any,
) -> Briefing:
    """The one path of the page and the API: the file checked and stored, then the command;
    a refusal leaves no file behind, a replaced one is removed after the commit."""
    if briefing_id is not None:
        briefing_in(session, directive_id, briefing_id)  # a stray id: 404 before any file
    stored = await _minutes(upload, settings, directive_id)
    try:
        if briefing_id is None:
            return briefing_record(
                session, directive_id=directive_id, data=body.data(), file=stored, by=by, now=now
            )
        b, replaced = briefing_edit(
            session,
            directive_id=directive_id,
            briefing_id=briefing_id,
            data=body.data(),
            file=stored,
            by=by,
            now=now,
        )
    except DomainError:
        if stored is not None:
            remove_minutes(settings.data_dir, stored.stored_path)
        raise
    remove_minutes(settings.data_dir, replaced)
    return b


def _page_context(p: Page, d: Directive) -> dict[str, Any]:
    plan, units, records, view = briefing_board(p.session, id_of(d), p.today)
    by_quarter: dict[tuple[int, int], list[tuple[Briefing, Unit]]] = {}
    for b, u in records:
        by_quarter.setdefault(quarter_of(b.held_on), []).append((b, u))
    return {
        "directive": d,
        "plan": plan,
        "units": units,
        "view": view,
        "quarter_label": quarter_label,
        "every_labels": EVERY_LABELS,
        "by_quarter": [(quarter_label(*k), rows) for k, rows in by_quarter.items()],
        "can_record": p.can("follow_up.briefing", d),
    }


@router.get("/directives/{directive_id:id}/follow-up/briefings", include_in_schema=False)
def briefings_page(directive_id: int, p: Page = page("directive.view")) -> Response:
    d = p.viewable(directive_id)
    values = {"held_on": short_date(p.today)}
    return p.render(PAGE, {**_page_context(p, d), "values": values})


@router.post(
    "/directives/{directive_id:id}/follow-up/briefings",
    include_in_schema=False,
    dependencies=[Depends(check_csrf)],
)
async def briefing_post(directive_id: int, p: Page = page("follow_up.briefing")) -> Response:
    d = p.actionable(directive_id)
    posted = await p.posted()
    try:
        body = posted.valid(BriefingIn)
        b = await _save(
            p.session,
            p.settings,
            directive_id,
            body,
            posted.form.get(FIELD),
            briefing_id=None,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _page_context(p, d), exc, posted.values)
    unit = get(p.session, Unit, b.unit_id)
    message = f"Đã ghi nhận hội nghị giao ban của {unit.name} ngày {short_date(b.held_on)}."
    return p.redirect(f"/directives/{directive_id}/follow-up/briefings", message=message)


def _form_context(p: Page, d: Directive, b: Briefing) -> dict[str, Any]:
    return {**_page_context(p, d), "briefing": b}


def _form_values(b: Briefing) -> dict[str, str]:
    return {
        "unit_id": str(b.unit_id),
        "held_on": short_date(b.held_on),
        "chair": b.chair,
        "participants": b.participants,
        "issues": b.issues,
    }


@router.get(
    "/directives/{directive_id:id}/follow-up/briefings/{briefing_id:id}", include_in_schema=False
)
def briefing_form(
    directive_id: int, briefing_id: int, p: Page = page("follow_up.briefing")
) -> Response:
    d = p.actionable(directive_id)
    b = briefing_in(p.session, directive_id, briefing_id)
    return p.render(FORM, {**_form_context(p, d, b), "values": _form_values(b)})


@router.post(
    "/directives/{directive_id:id}/follow-up/briefings/{briefing_id:id}",
    include_in_schema=False,
    dependencies=[Depends(check_csrf)],
)
async def briefing_save(
    directive_id: int, briefing_id: int, p: Page = page("follow_up.briefing")
) -> Response:
    d = p.actionable(directive_id)
    b = briefing_in(p.session, directive_id, briefing_id)
    posted = await p.posted()
    try:
        body = posted.valid(BriefingIn)
        await _save(
            p.session,
            p.settings,
            directive_id,
            body,
            posted.form.get(FIELD),
            briefing_id=briefing_id,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        return p.failed(
            FORM,
            lambda: _form_context(p, d, briefing_in(p.session, directive_id, briefing_id)),
            exc,
            posted.values,
        )
    return p.redirect(
        f"/directives/{directive_id}/follow-up/briefings#briefing-{b.id}",
        message="Đã lưu hội nghị giao ban.",
    )


@router.post(
    "/directives/{directive_id:id}/follow-up/briefings/{briefing_id:id}/delete",
    include_in_schema=False,
    dependencies=[Depends(check_csrf)],
)
def briefing_delete_post(
    directive_id: int, briefing_id: int, p: Page = page("follow_up.briefing")
) -> Response:
    p.actionable(directive_id)
    path = briefing_delete(
        p.session, directive_id=directive_id, briefing_id=briefing_id, by=p.by, now=p.now
    )
    remove_minutes(p.settings.data_dir, path)
    return p.redirect(
        f"/directives/{directive_id}/follow-up/briefings", message="Đã xóa hội nghị giao ban."
    )


def _download(session: Session, data_dir: FsPath, directive_id: int, briefing_id: int) -> Response:
    b = briefing_in(session, directive_id, briefing_id)
    if not b.minutes_path:
        raise Invalid("Hội nghị này chưa có biên bản đính kèm.")
    path = minutes_path(data_dir, b.minutes_path)
    return FileResponse(path, filename=b.minutes_name or path.name)


@router.get(
    "/directives/{directive_id:id}/follow-up/briefings/{briefing_id:id}/minutes",
    include_in_schema=False,
)
def minutes_page(directive_id: int, briefing_id: int, p: Page = page("directive.view")) -> Response:
    p.viewable(directive_id)
    return _download(p.session, p.settings.data_dir, directive_id, briefing_id)


@router.get("/directives/{directive_id:id}/follow-up/cards/briefings", include_in_schema=False)
def briefings_card(directive_id: int, p: Page = page("directive.view")) -> Response:
    d = p.viewable(directive_id)
    plan, _units, records, view = briefing_board(p.session, directive_id, p.today)
    return p.render(
        "follow_up/briefings_card.html",
        {
            "directive": d,
            "plan": plan,
            "records": records,
            "view": view,
            "quarter_label": quarter_label,
        },
    )


# --- API twin ---


def _board_out(o: Officer, directive_id: int) -> BriefingsOut:
    _plan, _units, records, view = briefing_board(o.session, directive_id, local_date(o.now))
    current = None
    if view is not None:
        current = QuarterOut(
            label=quarter_label(view.year, view.q),
            owed=[d.unit_id for d in view.owed],
            not_held=[u.id or 0 for u in view.missing],
            not_held_names=[u.name for u in view.missing],
        )
    return BriefingsOut(briefings=[_out(b, u) for b, u in records], current_quarter=current)


@router.get(
    "/api/v1/directives/{directive_id}/follow-up/briefings",
    tags=TAGS,
    responses=ERRORS,
    summary="Hội nghị giao ban đã ghi nhận; đơn vị chưa tổ chức trong quý hiện tại",
)
def briefings_api(directive_id: DirectiveId, o: Officer = api("directive.view")) -> BriefingsOut:
    o.view(directive_id)
    return _board_out(o, directive_id)


def _api_body(**fields: str) -> BriefingIn:
    body, errors = parse_model(BriefingIn, fields)
    if body is None:
        raise FormErrors(errors)
    return body


@router.post(
    "/api/v1/directives/{directive_id}/follow-up/briefings",
    status_code=201,
    tags=TAGS,
    responses=ERRORS,
    summary="Ghi nhận một hội nghị giao ban (kèm biên bản: PDF, DOCX, JPEG, PNG)",
)
async def briefing_api_add(
    directive_id: DirectiveId,
    unit_id: Annotated[str, Form()],
    held_on: Annotated[str, Form(description="dd/mm/yyyy hoặc yyyy-mm-dd")],
    chair: Annotated[str, Form()],
    participants: Annotated[str, Form()] = "",
    issues: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File(description="Biên bản hội nghị")] = None,
    o: Officer = api("follow_up.briefing"),
) -> BriefingOut:
    o.act(directive_id)
    body = _api_body(
        unit_id=unit_id, held_on=held_on, chair=chair, participants=participants, issues=issues
    )
    b = await _save(
        o.session,
        o.request.app.state.settings,
        directive_id,
        body,
        file,
        briefing_id=None,
        by=o.by,
        now=o.now,
    )
    return _out(b, get(o.session, Unit, b.unit_id))


@router.put(
    "/api/v1/directives/{directive_id}/follow-up/briefings/{briefing_id}",
    tags=TAGS,
    responses=ERRORS,
    summary="Sửa một hội nghị giao ban (biên bản mới, nếu gửi, thay biên bản cũ)",
)
async def briefing_api_edit(
    directive_id: DirectiveId,
    briefing_id: BriefingId,
    unit_id: Annotated[str, Form()],
    held_on: Annotated[str, Form(description="dd/mm/yyyy hoặc yyyy-mm-dd")],
    chair: Annotated[str, Form()],
    participants: Annotated[str, Form()] = "",
    issues: Annotated[str, Form()] = "",
    file: Annotated[UploadFile | None, File(description="Biên bản hội nghị")] = None,
    o: Officer = api("follow_up.briefing"),
) -> BriefingOut:
    o.act(directive_id)
    body = _api_body(
        unit_id=unit_id, held_on=held_on, chair=chair, participants=participants, issues=issues
    )
    b = await _save(
        o.session,
        o.request.app.state.settings,
        directive_id,
        body,
        file,
        briefing_id=briefing_id,
        by=o.by,
        now=o.now,
    )
    return _out(b, get(o.session, Unit, b.unit_id))


@router.delete(
    "/api/v1/directives/{directive_id}/follow-up/briefings/{briefing_id}",
    status_code=204,
    tags=TAGS,
    responses=ERRORS,
    summary="Xóa một hội nghị giao ban ghi nhầm (có ghi nhật ký)",
)
def briefing_api_delete(
    directive_id: DirectiveId, briefing_id: BriefingId, o: Officer = api("follow_up.briefing")
) -> Response:
    o.act(directive_id)
    path = briefing_delete(
        o.session, directive_id=directive_id, briefing_id=briefing_id, by=o.by, now=o.now
    )
    remove_minutes(o.request.app.state.settings.data_dir, path)
    return Response(status_code=204)


@router.get(
    "/api/v1/directives/{directive_id}/follow-up/briefings/{briefing_id}/minutes",
    tags=TAGS,
    responses=ERRORS,
    response_class=FileResponse,
    summary="Tải biên bản hội nghị giao ban",
)
def minutes_api(
    directive_id: DirectiveId, briefing_id: BriefingId, o: Officer = api("directive.view")
) -> Response:
    o.view(directive_id)
    return _download(o.session, o.request.app.state.settings.data_dir, directive_id, briefing_id)
