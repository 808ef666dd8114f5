"""The dossier (hồ sơ) of a directive as one ZIP: the page's action and its API twin.

The handlers are sync, so FastAPI runs them in a worker thread: rendering every document takes
seconds and must not hold the event loop. The archive is written to a temporary file, served
from disk and deleted once sent."""

import os
import tempfile
from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, Response
from sqlmodel import Session
from starlette.background import BackgroundTask

from documents.dossier import dossier_name, write_dossier
from web.api_auth import ERRORS, Officer
from web.guard import api, page
from web.page import Page
from web.routes.api_directives import DirectiveId

router = APIRouter()
ZIP = "application/zip"


def _dossier(session: Session, directive_id: int, data_dir: Path) -> Response:
    tmp_dir = data_dir / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(dir=tmp_dir, prefix="ho-so-", suffix=".zip")
    os.close(fd)
    path = Path(name)
    try:
        write_dossier(session, directive_id, data_dir, path)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    return FileResponse(
        path,
        media_type=ZIP,
        filename=dossier_name(session, directive_id),
        background=BackgroundTask(path.unlink, missing_ok=True),
    )


@router.get("/directives/{directive_id:id}/dossier.zip", include_in_schema=False)
def dossier_page(directive_id: int, p: Page = page("directive.view")) -> Response:
    p.viewable(directive_id)
    return _dossier(p.session, directive_id, p.settings.data_dir)


@router.get(
    "/api/v1/directives/{directive_id}/dossier.zip",
    tags=["Dự thảo chỉ thị"],
    responses={**ERRORS, 200: {"content": {ZIP: {}}, "description": "Hồ sơ (ZIP)"}},
    response_class=FileResponse,
    summary="Hồ sơ dự thảo (ZIP): văn bản, công văn trả lời, nhật ký, mục lục, manifest edXML",
)
def dossier_api(directive_id: DirectiveId, o: Officer = api("directive.view")) -> Response:
    o.view(directive_id)
    return _dossier(o.session, directive_id, o.request.app.state.settings.data_dir)
