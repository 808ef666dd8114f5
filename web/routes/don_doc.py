"""The công văn đôn đốc pages: the follow-up card listing a directive's letters (and the
periods that call for one), a letter's page with its late units and downloads, and the
officer's "Soạn công văn đôn đốc" from a period. The API twin is web/routes/api_don_doc.py;
both call models/commands/don_doc.py."""

from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import Response

from documents.don_doc import don_doc_stem
from documents.files import render_file
from models.commands.don_doc import draft_don_doc
from models.errors import DomainError
from models.queries.don_doc import (
    don_doc_card,
    letter_of_period,
    letter_view,
    missing_reports,
    period_in,
)
from models.queries.letters import default_issuer, issuer_choices
from models.queries.register import peek_next
from models.tables import DonDocLetter
from web.csrf import check_csrf
from web.guard import page
from web.page import Page

router = APIRouter(include_in_schema=False)
BASE = "/directives/{directive_id:id}/follow-up"
FORMATS = ("docx", "pdf")
NEW = "follow_up/don-doc-new.html"


def letter_files(letter: DonDocLetter) -> list[str]:
    return [f"{don_doc_stem(letter)}.{ext}" for ext in FORMATS]


@router.get(BASE + "/cards/don-doc")
def card(directive_id: int, p: Page = page("directive.view")) -> Response:
    """The follow-up overview's card (an HTMX partial)."""
    directive = p.viewable(directive_id)
    return p.render(
        "follow_up/don-doc-card.html",
        {
            "directive": directive,
            "card": don_doc_card(p.session, directive_id, p.today),
            "can_manage": p.can("follow_up.manage", directive),
        },
    )


@router.get(BASE + "/don-doc/{letter_id:id}")
def letter_page(directive_id: int, letter_id: int, p: Page = page("directive.view")) -> Response:
    directive = p.viewable(directive_id)
    row = letter_view(p.session, directive_id, letter_id)
    return p.render(
        "follow_up/don-doc.html",
        {"directive": directive, "row": row, "files": letter_files(row.letter)},
    )


@router.get(BASE + "/don-doc/{letter_id:id}/{filename}")
def letter_file(
    directive_id: int, letter_id: int, filename: str, p: Page = page("directive.view")
) -> Response:
    """The letter rendered now from the records (the same as the reaction writes)."""
    p.viewable(directive_id)
    row = letter_view(p.session, directive_id, letter_id)
    if filename not in letter_files(row.letter):
        raise HTTPException(404)
    content, media = render_file(p.session, directive_id, filename)
    disposition = f'attachment; filename="{filename}"'
    return Response(content, media_type=media, headers={"Content-Disposition": disposition})


def _new_context(p: Page, directive_id: int, period_id: int) -> dict[str, Any]:
    directive = p.actionable(directive_id)
    period = period_in(p.session, directive_id, period_id)
    issuer = default_issuer(issuer_choices(p.session, directive.drafting_unit_id))
    return {
        "directive": directive,
        "period": period,
        "missing": [u for _, u in missing_reports(p.session, period_id)],
        "issuer": issuer,
        "next_number": peek_next(p.session, issuer.id or 0, "CV", p.today),
        "today": p.today,
    }


@router.get(BASE + "/periods/{period_id:id}/don-doc")
def new_page(directive_id: int, period_id: int, p: Page = page("follow_up.manage")) -> Response:
    """What drafting will do: the number it takes, the units it lists."""
    ctx = _new_context(p, directive_id, period_id)
    letter = letter_of_period(p.session, period_id)
    if letter is not None:
        return p.redirect(f"/directives/{directive_id}/follow-up/don-doc/{letter.id}")
    return p.render(NEW, ctx)


@router.post(BASE + "/periods/{period_id:id}/don-doc", dependencies=[Depends(check_csrf)])
async def draft(directive_id: int, period_id: int, p: Page = page("follow_up.manage")) -> Response:
    p.actionable(directive_id)
    period_in(p.session, directive_id, period_id)
    await p.posted()
    try:
        result = draft_don_doc(p.session, period_id, by=p.by, now=p.now)
    except DomainError as exc:
        return p.failed(NEW, lambda: _new_context(p, directive_id, period_id), exc, {})
    letter = result.letter
    message = (
        f"Đã soạn Công văn số {letter.number} đôn đốc báo cáo, chờ ký."
        if result.created
        else f"Kỳ này đã có Công văn số {letter.number} đôn đốc báo cáo."
    )
    return p.redirect(f"/directives/{directive_id}/follow-up/don-doc/{letter.id}", message=message)
