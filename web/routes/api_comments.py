"""API: the comments received on a directive (paginated, filtered) and their dispositions."""

from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from models.commands.dispositions import disposition_set, dispositions_set
from models.errors import NotFound
from models.queries import comments
from models.queries.comments import MAX_QUERY_CHARS, CommentFilter
from models.queries.records import get
from models.tables import Comment
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.routes.api_directives import DirectiveId, Limit, Offset
from web.routes.api_rounds import RoundId
from web.schemas import (
    MAX_ID,
    CommentOut,
    CommentPage,
    Decision,
    DispositionIn,
    DispositionOut,
    DispositionsIn,
    Position,
)

router = APIRouter(
    prefix="/api/v1", tags=["Ý kiến góp ý"], route_class=LimitedRoute, responses=ERRORS
)
CommentId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã ý kiến")]
OptFilterId = Annotated[int | None, Query(ge=1, le=MAX_ID)]


@router.get(
    "/directives/{directive_id}/comments",
    summary="Ý kiến đã nhận (không gồm bản nháp của đơn vị), lọc theo đợt, đơn vị, ý kiến, "
    "hướng xử lý, phần; tìm theo nội dung (q)",
)
def comment_list(
    directive_id: DirectiveId,
    round_id: OptFilterId = None,
    unit_id: OptFilterId = None,
    position: Annotated[Position | None, Query()] = None,
    decision: Annotated[Decision | Literal["none", "pending"] | None, Query()] = None,
    section_key: Annotated[str | None, Query(max_length=40, pattern=r"^[0-9A-Za-zđ.]+$")] = None,
    q: Annotated[
        str | None,
        Query(
            max_length=MAX_QUERY_CHARS,
            description="Tìm trong nội dung ý kiến (và người phát biểu): không phân biệt "
            "hoa thường, dấu, Đ/D",
        ),
    ] = None,
    limit: Limit = 50,
    offset: Offset = 0,
    o: Officer = api("directive.view"),
) -> CommentPage:
    o.view(directive_id)
    flt = CommentFilter(
        unit_id=unit_id,
        position=position or "",
        decision=decision or "",
        section_key=section_key or "",
        q=q or "",
    )
    found = comments.comment_list(
        o.session, flt, round_id=round_id, directive_id=directive_id, offset=offset, limit=limit
    )
    items = [
        CommentOut.model_validate(
            {
                **row.comment.model_dump(),
                "unit_name": row.unit_name,
                "disposition": row.disposition.model_dump() if row.disposition else None,
            }
        )
        for row in found.rows
    ]
    return CommentPage(total=found.total, offset=offset, limit=limit, items=items)


@router.put(
    "/comments/{comment_id}/disposition",
    summary="Hướng xử lý ý kiến: tiếp thu / tiếp thu một phần / giải trình (kèm lý do)",
)
def disposition(
    comment_id: CommentId, body: DispositionIn, o: Officer = api("comment.dispose")
) -> DispositionOut:
    comment = get(o.session, Comment, comment_id)
    if comment.draft:  # a unit's private draft is not the drafting body's to see
        raise NotFound(f"Không tìm thấy ý kiến #{comment_id}.")
    o.round(comment.round_id, act=True)
    saved = disposition_set(
        o.session, comment_id=comment_id, **body.model_dump(), by=o.by, now=o.now
    )
    return DispositionOut.model_validate(saved)


@router.post(
    "/rounds/{round_id}/dispositions",
    summary="Một hướng xử lý (kèm lý do) cho nhiều ý kiến của một đợt: lưu tất cả hoặc không "
    "lưu ý kiến nào (lỗi liệt kê các ý kiến không hợp lệ)",
)
def dispositions(
    round_id: RoundId, body: DispositionsIn, o: Officer = api("comment.dispose")
) -> list[DispositionOut]:
    o.round(round_id, act=True)
    saved = dispositions_set(
        o.session,
        round_id=round_id,
        comment_ids=body.comment_ids,
        decision=body.decision,
        response=body.response,
        by=o.by,
        now=o.now,
    )
    return [DispositionOut.model_validate(d) for d in saved]
