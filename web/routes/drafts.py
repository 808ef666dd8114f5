"""Draft versions: a new version by editing or uploading, one version's sections, a diff."""

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import col, select

from models.commands.drafts import draft_add, draft_set_final
from models.errors import DomainError, Invalid
from models.queries.diff import inline, side_by_side
from models.queries.versions import latest_version, version_numbered
from models.tables import DraftVersion, Section
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.schemas import DraftIn, FinalIn
from web.uploads import UploadLimits, read_draft
from web.views import record_id

router = APIRouter(include_in_schema=False)
NEW = "drafts/new.html"


@router.get("/directives/{directive_id:id}/drafts/new")
def new_draft(directive_id: int, p: Page = page("directive.edit")) -> Response:
    directive = p.actionable(directive_id)
    last = latest_version(p.session, directive_id)
    values = {"text": last.text if last else ""}
    return p.render(NEW, {"directive": directive, "last": last, "values": values})


@router.post("/directives/{directive_id:id}/drafts/new", dependencies=[Depends(check_csrf)])
async def add_draft(directive_id: int, p: Page = page("directive.edit")) -> Response:
    directive = p.actionable(directive_id)
    posted = await p.posted()
    values, upload = posted.values, posted.form.get("file")
    try:
        if upload is not None and not isinstance(upload, str) and upload.filename:
            values["text"] = await read_draft(upload, UploadLimits.of(p.settings))
        body = posted.valid(DraftIn, text=posted.text("text"))  # the upload, or the text
        version, _ = draft_add(
            p.session,
            directive_id=directive_id,
            text=body.text,
            note=body.note,
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        ctx = lambda: {"directive": directive, "last": latest_version(p.session, directive_id)}  # noqa: E731
        return p.failed(NEW, ctx, exc, values)
    message = f"Đã lưu dự thảo lần {version.number}."
    return p.redirect(f"/directives/{directive_id}", message=message)


@router.get("/directives/{directive_id:id}/drafts/{number:id}")
def show_draft(directive_id: int, number: int, p: Page = page("directive.view")) -> Response:
    directive = p.viewable(directive_id)
    version = version_numbered(p.session, directive_id, number)
    sections = p.session.exec(
        select(Section).where(Section.version_id == version.id).order_by(col(Section.ordinal))
    ).all()
    ctx = {"directive": directive, "version": version, "sections": sections}
    return p.render("drafts/show.html", ctx)


@router.get("/directives/{directive_id:id}/diff")
def diff(
    directive_id: int,
    a: str = "",
    b: str = "",
    mode: str = "side",
    p: Page = page("directive.view"),
) -> Response:
    directive = p.viewable(directive_id)
    na, nb = record_id(a), record_id(b)
    if na is None or nb is None:
        raise Invalid("Chọn hai bản dự thảo để so sánh.", field="a")
    old = version_numbered(p.session, directive_id, na)
    new = version_numbered(p.session, directive_id, nb)
    versions = p.session.exec(
        select(DraftVersion.number)
        .where(DraftVersion.directive_id == directive_id)
        .order_by(col(DraftVersion.number))
    ).all()
    mode = "inline" if mode == "inline" else "side"
    return p.render(
        "drafts/diff.html",
        {
            "directive": directive,
            "old": old,
            "new": new,
            "mode": mode,
            "versions": versions,
            "rows": side_by_side(old.text, new.text) if mode == "side" else [],
            "lines": inline(old.text, new.text) if mode == "inline" else [],
        },
    )


@router.post("/directives/{directive_id:id}/final", dependencies=[Depends(check_csrf)])
async def set_final(directive_id: int, p: Page = page("directive.edit")) -> Response:
    p.actionable(directive_id)
    body = (await p.posted()).valid(FinalIn)
    draft_set_final(
        p.session, directive_id=directive_id, version_id=body.version_id, by=p.by, now=p.now
    )
    return p.redirect(f"/directives/{directive_id}", message="Đã chọn bản hoàn chỉnh.")
