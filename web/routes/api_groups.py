"""API: similar comments grouped (suggested by the `group-comments` flow, confirmed by an
officer), a new suggestion on demand (202: the flow computes it), and the officer's
confirm, rename, split, merge and one decision for a whole group."""

from typing import Annotated

from fastapi import APIRouter, Path

from models.commands import grouping as cmd
from models.commands.dispositions import group_disposition_set
from models.queries.grouping import GroupRow, groups_of
from models.queries.records import get
from models.tables import CommentGroup
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.routes.api_directives import DirectiveId
from web.routes.api_rounds import RoundId
from web.schemas import (
    MAX_ID,
    DispositionOut,
    GroupDispositionIn,
    GroupMergeIn,
    GroupOut,
    GroupRenameIn,
    GroupsOut,
    GroupSplitIn,
)

router = APIRouter(
    prefix="/api/v1", tags=["Nhóm ý kiến"], route_class=LimitedRoute, responses=ERRORS
)
GroupId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã nhóm ý kiến")]
NOTE = (
    "Mỗi ý kiến đã gửi nằm trong đúng một nhóm (kể cả nhóm một ý kiến); mã âm: ý kiến nhận "
    "sau lần nhóm gần nhất, chờ lần nhóm sau."
)


def _out(rows: list[GroupRow]) -> GroupsOut:
    return GroupsOut(
        groups=[GroupOut(id=r.id, label=r.label, comment_ids=r.comment_ids) for r in rows]
    )


@router.get("/directives/{directive_id}/groups", summary="Các nhóm ý kiến của dự thảo. " + NOTE)
def directive_groups(directive_id: DirectiveId, o: Officer = api("directive.view")) -> GroupsOut:
    o.view(directive_id)
    return _out(groups_of(o.session, directive_id=directive_id))


@router.get("/rounds/{round_id}/groups", summary="Các nhóm ý kiến của một đợt. " + NOTE)
def round_groups(round_id: RoundId, o: Officer = api("directive.view")) -> GroupsOut:
    rnd = o.round(round_id)
    return _out(groups_of(o.session, directive_id=rnd.directive_id, round_id=round_id))


@router.post(
    "/directives/{directive_id}/groups",
    status_code=202,
    summary="Nhóm lại các ý kiến (giữ nguyên các nhóm đã xác nhận): chạy nền, trả về ngay",
)
def directive_regroup(
    directive_id: DirectiveId, o: Officer = api("comment.group")
) -> dict[str, str]:
    o.act(directive_id)
    cmd.grouping_request(o.session, directive_id=directive_id, by=o.by, now=o.now)
    return {"status": "accepted"}


@router.post(
    "/rounds/{round_id}/groups",
    status_code=202,
    summary="Nhóm lại các ý kiến của dự thảo có đợt này: chạy nền, trả về ngay",
)
def round_regroup(round_id: RoundId, o: Officer = api("comment.group")) -> dict[str, str]:
    rnd = o.round(round_id, act=True)
    cmd.grouping_request(o.session, directive_id=rnd.directive_id, by=o.by, now=o.now)
    return {"status": "accepted"}


def _one(o: Officer, group_id: int) -> GroupOut:
    g = get(o.session, CommentGroup, group_id)
    rows = groups_of(o.session, directive_id=g.directive_id)
    row = next(r for r in rows if r.id == group_id)
    return GroupOut(id=row.id, label=row.label, comment_ids=row.comment_ids)


@router.post("/comment-groups/{comment_group_id}/confirm", summary="Xác nhận nhóm ý kiến")
def group_confirm(comment_group_id: GroupId, o: Officer = api("comment.group")) -> GroupOut:
    cmd.group_confirm(o.session, group_id=comment_group_id, by=o.by, now=o.now)
    return _one(o, comment_group_id)


@router.put("/comment-groups/{comment_group_id}/label", summary="Đổi tên nhóm ý kiến")
def group_rename(
    comment_group_id: GroupId, body: GroupRenameIn, o: Officer = api("comment.group")
) -> GroupOut:
    cmd.group_rename(o.session, group_id=comment_group_id, label=body.label, by=o.by, now=o.now)
    return _one(o, comment_group_id)


@router.post(
    "/comment-groups/{comment_group_id}/split",
    status_code=201,
    summary="Tách các ý kiến đã chọn thành nhóm mới",
)
def group_split(
    comment_group_id: GroupId, body: GroupSplitIn, o: Officer = api("comment.group")
) -> GroupOut:
    new = cmd.group_split(
        o.session, group_id=comment_group_id, comment_ids=body.comment_ids, by=o.by, now=o.now
    )
    return _one(o, new.id or 0)


@router.post("/comment-groups/{comment_group_id}/merge", summary="Gộp một nhóm khác vào nhóm này")
def group_merge(
    comment_group_id: GroupId, body: GroupMergeIn, o: Officer = api("comment.group")
) -> GroupOut:
    cmd.group_merge(
        o.session, group_id=comment_group_id, other_id=body.other_id, by=o.by, now=o.now
    )
    return _one(o, comment_group_id)


@router.post(
    "/comment-groups/{comment_group_id}/disposition",
    summary="Một hướng xử lý (kèm lý do) cho mọi ý kiến của nhóm; mỗi ý kiến giữ dòng riêng",
)
def group_disposition(
    comment_group_id: GroupId, body: GroupDispositionIn, o: Officer = api("comment.dispose")
) -> list[DispositionOut]:
    saved = group_disposition_set(
        o.session,
        group_id=comment_group_id,
        decision=body.decision,
        response=body.response,
        by=o.by,
        now=o.now,
    )
    return [DispositionOut.model_validate(d) for d in saved]
