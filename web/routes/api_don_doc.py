"""API: the công văn đôn đốc of a directive's reporting periods — list, one letter, its
files, and drafting one for a period. The page twin is web/routes/don_doc.py."""

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Response
from pydantic import BaseModel, Field

from documents.files import render_file
from models.clock import local_date
from models.commands.don_doc import draft_don_doc
from models.ids import id_of
from models.queries.don_doc import LetterRow, don_doc_card, letter_view, period_in
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.routes.don_doc import letter_files
from web.schemas import MAX_ID

router = APIRouter(
    prefix="/api/v1", tags=["Theo dõi thực hiện"], route_class=LimitedRoute, responses=ERRORS
)
DirectiveId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã chỉ thị")]
LetterId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã công văn đôn đốc")]
PeriodId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã kỳ báo cáo")]


class DonDocUnitOut(BaseModel):
    id: int
    name: str
    reported: bool = Field(description="Đã báo cáo (hoặc được miễn) từ khi soạn công văn")


class DonDocOut(BaseModel):
    id: int
    period_id: int
    period_label: str = Field(examples=["Quý I năm 2024"])
    due_on: date
    number: str = Field(examples=["03-CV/BDVTU"])
    letter_date: date
    signature: list[str] = Field(examples=[["K/T TRƯỞNG BAN", "PHÓ TRƯỞNG BAN"]])
    signer_name: str
    created_by: str = Field(description="Người soạn; “sweep”: hệ thống soạn khi quá hạn")
    units: list[DonDocUnitOut] = Field(description="Đơn vị chưa báo cáo khi soạn công văn")
    still_missing: int
    files: list[str] = Field(examples=[["cong-van-don-doc-03-CV-BDVTU.docx"]])


class DonDocDraftedOut(DonDocOut):
    created: bool = Field(description="false: kỳ này đã có công văn đôn đốc, trả về công văn đó")


def letter_out(row: LetterRow) -> DonDocOut:
    letter = row.letter
    return DonDocOut(
        id=id_of(letter),
        period_id=letter.period_id,
        period_label=row.period.label,
        due_on=row.period.due_on,
        number=letter.number,
        letter_date=letter.letter_date,
        signature=list(letter.signature),
        signer_name=letter.signer_name,
        created_by=letter.created_by,
        units=[
            DonDocUnitOut(id=u.id or 0, name=u.name, reported=u.id not in row.owed)
            for u in row.units
        ],
        still_missing=row.still_missing,
        files=letter_files(letter),
    )


@router.get(
    "/directives/{directive_id}/follow-up/don-doc",
    summary="Công văn đôn đốc báo cáo của chỉ thị, theo kỳ báo cáo",
)
def letters(directive_id: DirectiveId, o: Officer = api("directive.view")) -> list[DonDocOut]:
    o.view(directive_id)
    card = don_doc_card(o.session, directive_id, local_date(o.now))
    return [letter_out(row) for row in card.letters]


@router.get(
    "/directives/{directive_id}/follow-up/don-doc/{letter_id}",
    summary="Một công văn đôn đốc: số, ngày, người ký, đơn vị chưa báo cáo",
)
def letter(
    directive_id: DirectiveId, letter_id: LetterId, o: Officer = api("directive.view")
) -> DonDocOut:
    o.view(directive_id)
    return letter_out(letter_view(o.session, directive_id, letter_id))


@router.get(
    "/directives/{directive_id}/follow-up/don-doc/{letter_id}/files/{fmt}",
    summary="Tải công văn đôn đốc (docx hoặc pdf), lập từ dữ liệu hiện có",
    response_class=Response,
)
def letter_file(
    directive_id: DirectiveId,
    letter_id: LetterId,
    fmt: Literal["docx", "pdf"],
    o: Officer = api("directive.view"),
) -> Response:
    o.view(directive_id)
    row = letter_view(o.session, directive_id, letter_id)
    name = next(n for n in letter_files(row.letter) if n.endswith("." + fmt))
    content, media = render_file(o.session, directive_id, name)
    disposition = f'attachment; filename="{name}"'
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


@router.post(
    "/directives/{directive_id}/follow-up/periods/{period_id}/don-doc",
    status_code=201,
    summary="Soạn công văn đôn đốc các đơn vị chưa báo cáo của kỳ (lấy số, chờ ký)",
)
def draft(
    directive_id: DirectiveId, period_id: PeriodId, o: Officer = api("follow_up.manage")
) -> DonDocDraftedOut:
    o.act(directive_id)
    period_in(o.session, directive_id, period_id)
    result = draft_don_doc(o.session, period_id, by=o.by, now=o.now)
    out = letter_out(letter_view(o.session, directive_id, id_of(result.letter)))
    return DonDocDraftedOut(**out.model_dump(), created=result.created)
