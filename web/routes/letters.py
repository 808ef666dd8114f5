"""A body's letter settings page: its signers on record, its saved unit groups, its default
"Nơi nhận" copies. The body's officers and administrators manage them (models/policy.py,
"letters.manage"); the API twin is web/routes/api_letters.py."""

from typing import Any

from fastapi import APIRouter, Depends
from fastapi.responses import Response
from sqlmodel import select

from models.commands.letters import copies_set, group_delete, group_save, signer_save
from models.errors import DomainError
from models.letters import FORM_LABELS, signature_lines
from models.queries.letters import copies_of, groups_of, signers_of
from models.queries.records import get
from models.queries.unit_validity import in_force_clause
from models.tables import Unit
from models.text import sort_key
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.schemas import CopiesIn, SignerIn, UnitGroupIn
from web.views import record_ids

router = APIRouter(include_in_schema=False)
PAGE = "units/letters.html"
ACTION = "letters.manage"


def _context(p: Page, body_id: int, which: str = "") -> dict[str, Any]:
    """`which` names the form that came back refused: only it shows the typed values."""
    body = get(p.session, Unit, body_id)
    units = p.session.exec(
        select(Unit).where(Unit.active == True, Unit.id != body_id, in_force_clause(p.today))  # noqa: E712
    ).all()
    names = {u.id: u.name for u in units}
    signers = signers_of(p.session, [body_id], active_only=False)
    return {
        "body": body,
        "which": which,
        "forms": list(FORM_LABELS.items()),
        "signers": [(s, signature_lines(s.form, s.on_behalf_of, s.title)) for s in signers],
        "groups": [
            (g, [names.get(uid, f"#{uid}") for uid in g.unit_ids])
            for g in groups_of(p.session, body_id)
        ],
        "units": sorted(units, key=lambda u: sort_key(u.name)),
        "chosen": [],
        "copies": "\n".join(copies_of(p.session, body_id)),
    }


def _back(body_id: int, message: str, p: Page) -> Response:
    return p.redirect(f"/units/{body_id}/letters", message=message)


@router.get("/units/{body_id:id}/letters")
def letters_page(body_id: int, p: Page = page(ACTION)) -> Response:
    return p.render(PAGE, _context(p, body_id))


async def _signer(p: Page, body_id: int, signer_id: int | None) -> Response:
    posted = await p.posted()
    try:
        body = posted.valid(SignerIn)
        signer = signer_save(
            p.session,
            body_id=body_id,
            signer_id=signer_id,
            **body.model_dump(),
            by=p.by,
            now=p.now,
        )
    except DomainError as exc:
        which = f"signer-{signer_id}" if signer_id else "signer-new"
        return p.failed(PAGE, lambda: _context(p, body_id, which), exc, posted.values)
    done = "Đã lưu người ký" if signer_id else "Đã thêm người ký"
    return _back(body_id, f"{done} {signer.full_name}.", p)


@router.post("/units/{body_id:id}/signers", dependencies=[Depends(check_csrf)])
async def signer_add(body_id: int, p: Page = page(ACTION)) -> Response:
    return await _signer(p, body_id, None)


@router.post("/units/{body_id:id}/signers/{signer_id:id}", dependencies=[Depends(check_csrf)])
async def signer_edit(body_id: int, signer_id: int, p: Page = page(ACTION)) -> Response:
    return await _signer(p, body_id, signer_id)


async def _group(p: Page, body_id: int, group_id: int | None) -> Response:
    posted = await p.posted()
    chosen = record_ids(posted.form.getlist("unit_ids"))  # ticked again if the form comes back
    try:
        body = posted.valid(UnitGroupIn)
        group = group_save(
            p.session, owner_id=body_id, group_id=group_id, **body.model_dump(), by=p.by, now=p.now
        )
    except DomainError as exc:
        which = f"group-{group_id}" if group_id else "group-new"
        ctx = lambda: {**_context(p, body_id, which), "chosen": chosen}  # noqa: E731
        return p.failed(PAGE, ctx, exc, posted.values)
    return _back(body_id, f"Đã lưu nhóm “{group.name}” ({len(group.unit_ids)} đơn vị).", p)


@router.post("/units/{body_id:id}/groups", dependencies=[Depends(check_csrf)])
async def group_add(body_id: int, p: Page = page(ACTION)) -> Response:
    return await _group(p, body_id, None)


@router.post("/units/{body_id:id}/groups/{group_id:id}", dependencies=[Depends(check_csrf)])
async def group_edit(body_id: int, group_id: int, p: Page = page(ACTION)) -> Response:
    return await _group(p, body_id, group_id)


@router.post("/units/{body_id:id}/groups/{group_id:id}/delete", dependencies=[Depends(check_csrf)])
async def group_remove(body_id: int, group_id: int, p: Page = page(ACTION)) -> Response:
    group_delete(p.session, owner_id=body_id, group_id=group_id, by=p.by, now=p.now)
    return _back(body_id, "Đã xóa nhóm đơn vị.", p)


@router.post("/units/{body_id:id}/copies", dependencies=[Depends(check_csrf)])
async def copies(body_id: int, p: Page = page(ACTION)) -> Response:
    posted = await p.posted()
    try:
        lines = copies_set(
            p.session, body_id=body_id, lines=posted.valid(CopiesIn).lines, by=p.by, now=p.now
        )
    except DomainError as exc:
        return p.failed(PAGE, lambda: _context(p, body_id, "copies"), exc, posted.values)
    return _back(body_id, f"Đã lưu {len(lines)} dòng nơi nhận mặc định.", p)
