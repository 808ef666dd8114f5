"""The officer's page of similar comments: the suggested groups with their distinct
wordings side by side, confirm, rename, split, merge, and one decision for a group. The
suggestion itself is the `group-comments` flow's (a button asks for it); the handlers only
call the commands the API twins call (web/routes/api_groups.py)."""

from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response

from models.commands import grouping as cmd
from models.commands.dispositions import group_disposition_set
from models.errors import DomainError
from models.labels import DECISIONS
from models.queries.grouping import group_page
from models.queries.records import get
from models.statuses import DECISIONS_NEEDING_RESPONSE
from models.tables import CommentGroup, Directive
from web.csrf import check_csrf
from web.forms import Posted
from web.guard import page
from web.page import Page
from web.schemas import GroupDispositionIn, GroupMergeIn, GroupRenameIn, GroupSplitIn

router = APIRouter(include_in_schema=False)
PAGE = "directive/groups.html"


def _context(p: Page, directive_id: int, failed_group: int | None = None) -> dict[str, Any]:
    directive = get(p.session, Directive, directive_id)
    views = group_page(p.session, directive_id=directive_id)
    return {
        "directive": directive,
        "views": views,
        "grouped": sum(1 for v in views if v.row.id > 0),
        "comments": sum(len(v.row.comment_ids) for v in views),
        "decisions": DECISIONS,
        "needs_reason": DECISIONS_NEEDING_RESPONSE,
        "can_group": p.can("comment.group", directive),
        "can_dispose": p.can("comment.dispose", directive),
        "failed_group": failed_group,
    }


@router.get("/directives/{directive_id:id}/groups")
def groups(directive_id: int, p: Page = page("directive.view")) -> Response:
    p.viewable(directive_id)
    return p.render(PAGE, _context(p, directive_id))


@router.post("/directives/{directive_id:id}/groups", dependencies=[Depends(check_csrf)])
async def regroup(directive_id: int, p: Page = page("comment.group")) -> Response:
    cmd.grouping_request(p.session, directive_id=directive_id, by=p.by, now=p.now)
    return p.redirect(
        f"/directives/{directive_id}/groups",
        message="Đã yêu cầu nhóm lại các ý kiến (giữ nguyên các nhóm đã xác nhận); "
        "kết quả sẽ hiện sau ít phút.",
    )


async def _act(
    p: Page, group_id: int, act: Callable[[Posted], str], anchor: int | None = None
) -> Response:
    """Run one group action; refused, the page again with the message at that group."""
    g = get(p.session, CommentGroup, group_id)
    did = g.directive_id
    posted = await p.posted()
    try:
        message = act(posted)
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, did, group_id), exc, posted.values)
    return p.redirect(f"/directives/{did}/groups#nhom-{anchor or group_id}", message=message)


@router.post("/comment-groups/{comment_group_id:id}/confirm", dependencies=[Depends(check_csrf)])
async def confirm(comment_group_id: int, p: Page = page("comment.group")) -> Response:
    def act(_: Posted) -> str:
        cmd.group_confirm(p.session, group_id=comment_group_id, by=p.by, now=p.now)
        return "Đã xác nhận nhóm ý kiến."

    return await _act(p, comment_group_id, act)


@router.post("/comment-groups/{comment_group_id:id}/label", dependencies=[Depends(check_csrf)])
async def rename(comment_group_id: int, p: Page = page("comment.group")) -> Response:
    def act(posted: Posted) -> str:
        body = posted.valid(GroupRenameIn)
        cmd.group_rename(p.session, group_id=comment_group_id, label=body.label, by=p.by, now=p.now)
        return "Đã đổi tên nhóm."

    return await _act(p, comment_group_id, act)


@router.post("/comment-groups/{comment_group_id:id}/split", dependencies=[Depends(check_csrf)])
async def split(comment_group_id: int, p: Page = page("comment.group")) -> Response:
    def act(posted: Posted) -> str:
        body = posted.valid(GroupSplitIn)
        new = cmd.group_split(
            p.session, group_id=comment_group_id, comment_ids=body.comment_ids, by=p.by, now=p.now
        )
        return f"Đã tách {len(body.comment_ids)} ý kiến thành nhóm mới #{new.id}."

    return await _act(p, comment_group_id, act)


@router.post("/comment-groups/{comment_group_id:id}/merge", dependencies=[Depends(check_csrf)])
async def merge(comment_group_id: int, p: Page = page("comment.group")) -> Response:
    def act(posted: Posted) -> str:
        body = posted.valid(GroupMergeIn)
        cmd.group_merge(
            p.session, group_id=comment_group_id, other_id=body.other_id, by=p.by, now=p.now
        )
        return f"Đã gộp nhóm #{body.other_id} vào nhóm này."

    return await _act(p, comment_group_id, act)


@router.post(
    "/comment-groups/{comment_group_id:id}/disposition", dependencies=[Depends(check_csrf)]
)
async def disposition(comment_group_id: int, p: Page = page("comment.dispose")) -> Response:
    def act(posted: Posted) -> str:
        body = posted.valid(GroupDispositionIn)
        saved = group_disposition_set(
            p.session,
            group_id=comment_group_id,
            decision=body.decision,
            response=body.response,
            by=p.by,
            now=p.now,
        )
        return f"Đã lưu hướng xử lý “{DECISIONS[body.decision]}” cho {len(saved)} ý kiến của nhóm."

    return await _act(p, comment_group_id, act)
