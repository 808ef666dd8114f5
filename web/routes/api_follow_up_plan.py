"""API twin of the follow-up plan page: the plan in force (or, before the first version,
what the form is pre-filled with from the signed text), saving a new version, the versions
with what each changed."""

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path
from pydantic import BaseModel, Field

from models.clock import local_date
from models.commands.follow_up import NOT_ISSUED, plan_save
from models.errors import Conflict
from models.follow_up.plan import BriefingIn, IndicatorIn, PlanIn, SectionIn
from models.lifecycle import Stage
from models.queries.follow_up_plan import (
    PlanStart,
    plan_start,
    version_rows,
)
from models.tables import Directive
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.schemas import MAX_ID

router = APIRouter(
    prefix="/api/v1", tags=["Theo dõi thực hiện"], route_class=LimitedRoute, responses=ERRORS
)
DirectiveId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã chỉ thị")]


class QuoteOut(BaseModel):
    duty: str = Field(description="Nhiệm vụ đọc được: Kỳ báo cáo, Hội nghị giao ban, Sơ kết …")
    text: str = Field(description="Câu văn của chỉ thị")


class PlanOut(BaseModel):
    directive_id: int
    version: int | None = Field(
        description="Phiên bản đang áp dụng; null: chưa lập, các trường là đề xuất từ văn bản"
    )
    created_at: datetime | None = None
    created_by: str = ""
    cadence: list[str]
    first_year: int
    last_year: int
    reporting_unit_ids: list[int]
    report_to_id: int | None
    indicators: list[IndicatorIn]
    sections: list[SectionIn]
    cutoff_day: int
    due_working_days: int
    reminder_before: list[int]
    reminder_after: list[int]
    don_doc_after_days: int
    briefings: list[BriefingIn]
    so_ket_year: int | None
    tong_ket_year: int | None
    note: str
    suggested_from: list[QuoteOut] = Field(
        default_factory=list, description="Trước phiên bản đầu: các câu của chỉ thị đã đọc"
    )
    notes: list[str] = Field(default_factory=list, description="Điều văn bản nêu mà lịch không có")


class PlanVersionOut(BaseModel):
    version: int
    created_at: datetime
    created_by: str
    note: str
    changes: list[str] = Field(description="Những gì phiên bản này thay đổi so với bản trước")


def _issued(directive: Directive) -> Directive:
    if directive.stage != Stage.ISSUED:
        raise Conflict(NOT_ISSUED)
    return directive


def plan_out(directive_id: int, start: PlanStart) -> PlanOut:
    data: dict[str, Any] = dict(start.values)
    if start.current is not None:
        data |= {
            "version": start.current.version,
            "created_at": start.current.created_at,
            "created_by": start.current.created_by,
        }
    else:
        data["version"] = None
    s = start.suggestion
    if s is not None:
        data["suggested_from"] = [QuoteOut(duty=q.duty, text=q.text) for q in s.quotes]
        data["notes"] = list(s.notes)
    return PlanOut.model_validate({**data, "directive_id": directive_id})


@router.get(
    "/directives/{directive_id}/follow-up/plan",
    summary="Kế hoạch theo dõi thực hiện đang áp dụng (hoặc đề xuất từ văn bản chỉ thị)",
)
def plan_get(directive_id: DirectiveId, o: Officer = api("directive.view")) -> PlanOut:
    directive = _issued(o.view(directive_id))
    return plan_out(directive_id, plan_start(o.session, directive, today=local_date(o.now)))


@router.put(
    "/directives/{directive_id}/follow-up/plan",
    summary="Lưu kế hoạch theo dõi thực hiện (thêm một phiên bản, lên lịch các kỳ báo cáo)",
)
def plan_put(
    directive_id: DirectiveId, body: PlanIn, o: Officer = api("follow_up.plan")
) -> PlanOut:
    _issued(o.act(directive_id))
    plan_save(o.session, directive_id, body, by=o.by, now=o.now)
    directive = o.view(directive_id)
    return plan_out(directive_id, plan_start(o.session, directive, today=local_date(o.now)))


@router.get(
    "/directives/{directive_id}/follow-up/plan/versions",
    summary="Các phiên bản kế hoạch theo dõi: ai lập, khi nào, thay đổi gì",
)
def plan_versions_get(
    directive_id: DirectiveId, o: Officer = api("directive.view")
) -> list[PlanVersionOut]:
    o.view(directive_id)
    return [
        PlanVersionOut(
            version=r.plan.version,
            created_at=r.plan.created_at,
            created_by=r.plan.created_by,
            note=r.plan.note,
            changes=r.changes,
        )
        for r in version_rows(o.session, directive_id)
    ]
