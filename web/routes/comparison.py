"""The bản so sánh of two draft versions (tracked changes and the bản thuyết minh), from the
diff page and its API twin. Sync handlers: FastAPI runs them in a worker thread, so writing
the DOCX does not hold the event loop."""

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response
from sqlmodel import Session

from documents.comparison import comparison_docx, comparison_name
from models.errors import Invalid
from web.api_auth import ERRORS, Officer
from web.guard import api, page
from web.page import Page
from web.routes.api_directives import DirectiveId
from web.schemas import MAX_ID
from web.views import record_id

router = APIRouter()
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _comparison(session: Session, directive_id: int, a: int, b: int) -> Response:
    content = comparison_docx(session, directive_id, a, b)
    name = comparison_name(a, b)
    return Response(
        content,
        media_type=DOCX,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


@router.get("/directives/{directive_id:id}/versions/compare.docx", include_in_schema=False)
def comparison_page(
    directive_id: int,
    a: Annotated[str, Query(alias="from")] = "",
    b: Annotated[str, Query(alias="to")] = "",
    p: Page = page("directive.view"),
) -> Response:
    p.viewable(directive_id)
    na, nb = record_id(a), record_id(b)
    if na is None or nb is None:
        raise Invalid("Chọn hai bản dự thảo để so sánh.", field="from")
    return _comparison(p.session, directive_id, na, nb)


@router.get(
    "/api/v1/directives/{directive_id}/versions/compare.docx",
    tags=["Dự thảo chỉ thị"],
    responses={**ERRORS, 200: {"content": {DOCX: {}}, "description": "Bản so sánh (DOCX)"}},
    response_class=Response,
    summary="Bản so sánh hai bản dự thảo (DOCX, theo dõi thay đổi) kèm bản thuyết minh",
)
def comparison_api(
    directive_id: DirectiveId,
    a: Annotated[int, Query(alias="from", ge=1, le=MAX_ID, description="Bản dự thảo lần")],
    b: Annotated[int, Query(alias="to", ge=1, le=MAX_ID, description="So với bản lần")],
    o: Officer = api("directive.view"),
) -> Response:
    o.view(directive_id)
    return _comparison(o.session, directive_id, a, b)
