"""The issued directive behind the link in the issuance mail (/issued/{id}/{token}): its
recipients have no account, the token (an HMAC of the id, models/tokens.py) is the key."""

from typing import Literal

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse
from sqlmodel import Session

from models.queries.directive import issued_file
from models.tokens import Links
from web.deps import get_session, get_settings
from web.guard import public
from web.routes.unit_pages import PRIVATE_HEADERS

router = APIRouter(
    include_in_schema=False,
    dependencies=[public("the issued directive's link in the issuance mail: its token authorises")],
)


@router.get("/issued/{directive_id:id}/{token}")
def issued(
    directive_id: int,
    token: str,
    request: Request,
    format: Literal["pdf", "docx"] = "pdf",
    session: Session = Depends(get_session),
) -> FileResponse:
    settings = get_settings(request)
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    valid = links.issued_valid(directive_id, token)
    path = issued_file(session, settings.data_dir, directive_id, format) if valid else None
    # The same answer for a wrong token and for a directive not issued: ids cannot be probed.
    if path is None:
        raise HTTPException(404, "Không tìm thấy văn bản đã ban hành theo liên kết này.")
    return FileResponse(path, filename=path.name, headers=PRIVATE_HEADERS)
