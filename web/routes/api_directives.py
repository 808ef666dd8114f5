"""API: directives and their drafts, and the stage moves after the rounds (finalise … issue)."""

from typing import Annotated

from fastapi import APIRouter, Path, Query
from sqlalchemy import func
from sqlmodel import col, select

from models.access import drafting_body, visible_directives
from models.commands import directives as cmd
from models.commands.drafts import draft_add, draft_set_final
from models.commands.signing import directive_sign
from models.lifecycle import Stage
from models.queries.records import get
from models.tables import Directive, DraftVersion, Round, Section
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.schemas import (
    MAX_ID,
    DirectiveDetail,
    DirectiveIn,
    DirectiveOut,
    DirectivePage,
    DraftIn,
    FinalIn,
    ReturnIn,
    SignIn,
    VersionDetail,
)

router = APIRouter(
    prefix="/api/v1", tags=["Dự thảo chỉ thị"], route_class=LimitedRoute, responses=ERRORS
)
DirectiveId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã dự thảo chỉ thị")]
VersionId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã bản dự thảo")]
Limit = Annotated[int, Query(ge=1, le=200, description="Số dòng mỗi trang")]
Offset = Annotated[int, Query(ge=0, le=1_000_000, description="Bỏ qua bao nhiêu dòng")]


def detail(o: Officer, directive: Directive) -> DirectiveDetail:
    versions = o.session.exec(
        select(DraftVersion)
        .where(DraftVersion.directive_id == directive.id)
        .order_by(col(DraftVersion.number))
    ).all()
    rounds = o.session.exec(
        select(Round).where(Round.directive_id == directive.id).order_by(col(Round.ordinal))
    ).all()
    return DirectiveDetail.model_validate(
        {**directive.model_dump(), "versions": versions, "rounds": rounds}
    )


def version_detail(o: Officer, version: DraftVersion) -> VersionDetail:
    sections = o.session.exec(
        select(Section).where(Section.version_id == version.id).order_by(col(Section.ordinal))
    ).all()
    return VersionDetail.model_validate({**version.model_dump(), "sections": sections})


@router.get("/directives", summary="Danh sách dự thảo chỉ thị người dùng được xem")
def directive_list(
    stage: Annotated[Stage | None, Query(description="Lọc theo giai đoạn")] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    o: Officer = api("directive.list"),
) -> DirectivePage:
    stmt = select(Directive).where(visible_directives(o.user))
    if stage is not None:
        stmt = stmt.where(Directive.stage == stage.value)
    total = o.session.exec(select(func.count()).select_from(stmt.subquery())).one()
    items = o.session.exec(
        stmt.order_by(col(Directive.id).desc()).offset(offset).limit(limit)
    ).all()
    return DirectivePage(
        total=total,
        offset=offset,
        limit=limit,
        items=[DirectiveOut.model_validate(d) for d in items],
    )


@router.post("/directives", status_code=201, summary="Tạo dự thảo chỉ thị từ văn bản giao")
def directive_create(body: DirectiveIn, o: Officer = api("directive.create")) -> DirectiveDetail:
    drafting_body(o.user, body.drafting_unit_id)  # the one rule, as on the page and the CLI
    directive, _ = cmd.directive_create(o.session, **body.model_dump(), by=o.by, now=o.now)
    return detail(o, directive)


@router.get("/directives/{directive_id}", summary="Chi tiết dự thảo: các bản, các đợt")
def directive_get(directive_id: DirectiveId, o: Officer = api("directive.view")) -> DirectiveDetail:
    return detail(o, o.view(directive_id))


@router.post(
    "/directives/{directive_id}/drafts",
    status_code=201,
    summary="Thêm bản dự thảo mới (tự tách phần, mục)",
)
def draft_create(
    directive_id: DirectiveId, body: DraftIn, o: Officer = api("directive.edit")
) -> VersionDetail:
    o.act(directive_id)
    version, _ = draft_add(
        o.session, directive_id=directive_id, text=body.text, note=body.note, by=o.by, now=o.now
    )
    return version_detail(o, version)


@router.get("/drafts/{version_id}", summary="Một bản dự thảo với các phần được đánh số")
def draft_get(version_id: VersionId, o: Officer = api("directive.view")) -> VersionDetail:
    version = get(o.session, DraftVersion, version_id)
    o.view(version.directive_id)
    return version_detail(o, version)


@router.put("/directives/{directive_id}/final", summary="Chọn bản dự thảo hoàn chỉnh để trình")
def final_choose(
    directive_id: DirectiveId, body: FinalIn, o: Officer = api("directive.edit")
) -> DirectiveDetail:
    o.act(directive_id)
    directive = draft_set_final(
        o.session, directive_id=directive_id, version_id=body.version_id, by=o.by, now=o.now
    )
    return detail(o, directive)


@router.post("/directives/{directive_id}/finalise", summary="Chuyển sang tiếp thu, hoàn chỉnh")
def finalise(directive_id: DirectiveId, o: Officer = api("directive.finalise")) -> DirectiveOut:
    o.act(directive_id)
    directive, _ = cmd.directive_finalise(o.session, directive_id=directive_id, by=o.by, now=o.now)
    return DirectiveOut.model_validate(directive)


@router.post("/directives/{directive_id}/submit", summary="Trình Ban Thường vụ")
def submit(directive_id: DirectiveId, o: Officer = api("directive.submit")) -> DirectiveOut:
    o.act(directive_id)
    directive, _ = cmd.directive_submit(o.session, directive_id=directive_id, by=o.by, now=o.now)
    return DirectiveOut.model_validate(directive)


@router.post("/directives/{directive_id}/return", summary="Trả lại để soạn thảo tiếp")
def give_back(
    directive_id: DirectiveId, body: ReturnIn, o: Officer = api("directive.return")
) -> DirectiveOut:
    o.act(directive_id)
    directive, _ = cmd.directive_return(
        o.session, directive_id=directive_id, reason=body.reason, by=o.by, now=o.now
    )
    return DirectiveOut.model_validate(directive)


@router.post("/directives/{directive_id}/sign", summary="Ghi nhận ký, cấp số chỉ thị")
def sign(
    directive_id: DirectiveId, body: SignIn, o: Officer = api("directive.sign")
) -> DirectiveOut:
    o.act(directive_id)
    directive, _ = directive_sign(
        o.session, directive_id=directive_id, **body.model_dump(), by=o.by, now=o.now
    )
    return DirectiveOut.model_validate(directive)


@router.post("/directives/{directive_id}/issue", summary="Ban hành, gửi tới nơi nhận")
def issue(directive_id: DirectiveId, o: Officer = api("directive.issue")) -> DirectiveOut:
    o.act(directive_id)
    directive, _ = cmd.directive_issue(o.session, directive_id=directive_id, by=o.by, now=o.now)
    return DirectiveOut.model_validate(directive)
