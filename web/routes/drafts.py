"""Draft versions: a new version by editing or uploading, one version's sections, a diff."""

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import Response
from sqlmodel import Session, select

from models.commands.drafts import draft_add, draft_set_final, latest_version
from models.errors import DomainError, Invalid
from models.queries.diff import inline, side_by_side
from models.tables import DraftVersion, Section, User
from web.auth import actionable, require_user, viewable
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.uploads import draft_text
from web.views import form_failed, form_values, redirect, render

router = APIRouter(include_in_schema=False)
NEW = "drafts/new.html"


def _version(session: Session, directive_id: int, number: int) -> DraftVersion:
    version = session.exec(
        select(DraftVersion).where(
            DraftVersion.directive_id == directive_id, DraftVersion.number == number
        )
    ).first()
    if version is None:
        raise HTTPException(404, detail=f"Không có bản dự thảo lần {number}.")
    return version


@router.get("/directives/{directive_id:int}/drafts/new")
def new_draft(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    directive = actionable(session, user, directive_id)
    last = latest_version(session, directive_id)
    values = {"text": last.text if last else ""}
    ctx = {"user": user, "directive": directive, "last": last}
    return render(request, NEW, {**ctx, "values": values, "errors": {}})


@router.post("/directives/{directive_id:int}/drafts/new", dependencies=[Depends(check_csrf)])
async def add_draft(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    directive = actionable(session, user, directive_id)
    form = await request.form()
    values = form_values(form)
    upload = form.get("file")
    try:
        text = values.get("text", "")
        if upload is not None and not isinstance(upload, str) and upload.filename:
            text = draft_text(upload.filename, await upload.read())
            values["text"] = text
        version, _ = draft_add(
            session,
            directive_id=directive_id,
            text=text,
            note=values.get("note", ""),
            by=user.username,
            now=get_now(request),
        )
    except DomainError as exc:
        session.rollback()
        ctx = {"user": user, "directive": directive, "last": latest_version(session, directive_id)}
        return form_failed(request, NEW, ctx, exc, values)
    return redirect(
        request,
        f"/directives/{directive_id}",
        message=f"Đã lưu dự thảo lần {version.number}.",
    )


@router.get("/directives/{directive_id:int}/drafts/{number:int}")
def show_draft(
    directive_id: int,
    number: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    directive = viewable(session, user, directive_id)
    version = _version(session, directive_id, number)
    sections = session.exec(
        select(Section).where(Section.version_id == version.id).order_by(Section.ordinal)  # type: ignore[arg-type]
    ).all()
    return render(
        request,
        "drafts/show.html",
        {"user": user, "directive": directive, "version": version, "sections": sections},
    )


@router.get("/directives/{directive_id:int}/diff")
def diff(
    directive_id: int,
    request: Request,
    a: str = "",
    b: str = "",
    mode: str = "side",
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    directive = viewable(session, user, directive_id)
    if not (a.isdigit() and b.isdigit()):
        raise Invalid("Chọn hai bản dự thảo để so sánh.", field="a")
    old, new = _version(session, directive_id, int(a)), _version(session, directive_id, int(b))
    versions = session.exec(
        select(DraftVersion.number)
        .where(DraftVersion.directive_id == directive_id)
        .order_by(DraftVersion.number)  # type: ignore[arg-type]
    ).all()
    mode = "inline" if mode == "inline" else "side"
    return render(
        request,
        "drafts/diff.html",
        {
            "user": user,
            "directive": directive,
            "old": old,
            "new": new,
            "mode": mode,
            "versions": versions,
            "rows": side_by_side(old.text, new.text) if mode == "side" else [],
            "lines": inline(old.text, new.text) if mode == "inline" else [],
        },
    )


@router.post("/directives/{directive_id:int}/final", dependencies=[Depends(check_csrf)])
async def set_final(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    actionable(session, user, directive_id)
    value = form_values(await request.form()).get("version_id", "")
    if not value.isdigit():
        raise Invalid("Chưa chọn bản dự thảo.", field="version_id")
    draft_set_final(
        session,
        directive_id=directive_id,
        version_id=int(value),
        by=user.username,
        now=get_now(request),
    )
    return redirect(request, f"/directives/{directive_id}", message="Đã chọn bản hoàn chỉnh.")
