"""API: a body's letter settings — signers on record, saved unit groups, default copies.
The page twin is web/routes/letters.py; both call models/commands/letters.py."""

from typing import Annotated

from fastapi import APIRouter, Path, Response

from models.commands.letters import copies_set, group_delete, group_save, signer_save
from models.letters import signature_lines
from models.queries.letters import copies_of, groups_of, signers_of
from models.tables import Signer
from web.api_auth import ERRORS, Officer
from web.guard import api
from web.limited_route import LimitedRoute
from web.schemas import (
    MAX_ID,
    CopiesIn,
    LetterSettingsOut,
    SignerIn,
    SignerOut,
    UnitGroupIn,
    UnitGroupOut,
)

router = APIRouter(prefix="/api/v1", tags=["Đơn vị"], route_class=LimitedRoute, responses=ERRORS)
BodyId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã cơ quan (đơn vị trong cây)")]
SignerId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã người ký")]
GroupId = Annotated[int, Path(ge=1, le=MAX_ID, description="Mã nhóm đơn vị")]
ACTION = "letters.manage"


def signer_out(signer: Signer) -> SignerOut:
    lines = signature_lines(signer.form, signer.on_behalf_of, signer.title)
    return SignerOut.model_validate({**signer.model_dump(), "lines": lines})


@router.get(
    "/units/{body_id}/letters",
    summary="Người ký, nhóm đơn vị và nơi nhận mặc định của cơ quan",
)
def settings(body_id: BodyId, o: Officer = api(ACTION)) -> LetterSettingsOut:
    return LetterSettingsOut(
        signers=[signer_out(s) for s in signers_of(o.session, [body_id], active_only=False)],
        groups=[UnitGroupOut.model_validate(g) for g in groups_of(o.session, body_id)],
        copies=copies_of(o.session, body_id),
    )


@router.post("/units/{body_id}/signers", status_code=201, summary="Thêm người ký của cơ quan")
def signer_add(body_id: BodyId, body: SignerIn, o: Officer = api(ACTION)) -> SignerOut:
    signer = signer_save(o.session, body_id=body_id, **body.model_dump(), by=o.by, now=o.now)
    return signer_out(signer)


@router.put(
    "/units/{body_id}/signers/{signer_id}",
    summary="Sửa người ký (văn bản đã ban hành giữ khối chữ ký cũ); active=false: ngừng",
)
def signer_change(
    body_id: BodyId, signer_id: SignerId, body: SignerIn, o: Officer = api(ACTION)
) -> SignerOut:
    signer = signer_save(
        o.session, body_id=body_id, signer_id=signer_id, **body.model_dump(), by=o.by, now=o.now
    )
    return signer_out(signer)


@router.post(
    "/units/{body_id}/groups",
    status_code=201,
    summary="Thêm nhóm đơn vị (in một dòng ở “Kính gửi”)",
)
def group_add(body_id: BodyId, body: UnitGroupIn, o: Officer = api(ACTION)) -> UnitGroupOut:
    group = group_save(o.session, owner_id=body_id, **body.model_dump(), by=o.by, now=o.now)
    return UnitGroupOut.model_validate(group)


@router.put("/units/{body_id}/groups/{group_id}", summary="Sửa nhóm đơn vị")
def group_change(
    body_id: BodyId, group_id: GroupId, body: UnitGroupIn, o: Officer = api(ACTION)
) -> UnitGroupOut:
    group = group_save(
        o.session, owner_id=body_id, group_id=group_id, **body.model_dump(), by=o.by, now=o.now
    )
    return UnitGroupOut.model_validate(group)


@router.delete("/units/{body_id}/groups/{group_id}", status_code=204, summary="Xóa nhóm")
def group_remove(body_id: BodyId, group_id: GroupId, o: Officer = api(ACTION)) -> Response:
    group_delete(o.session, owner_id=body_id, group_id=group_id, by=o.by, now=o.now)
    return Response(status_code=204)


@router.put("/units/{body_id}/copies", summary="Nơi nhận mặc định của công văn (mỗi dòng một nơi)")
def copies(body_id: BodyId, body: CopiesIn, o: Officer = api(ACTION)) -> list[str]:
    return copies_set(o.session, body_id=body_id, lines=body.lines, by=o.by, now=o.now)
