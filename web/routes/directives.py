"""The directive page and its stage actions: finalise, submit, return, sign, issue."""

from datetime import date
from pathlib import Path
from typing import Any

from fastapi import APIRouter, Depends, HTTPException
from fastapi.responses import FileResponse, Response
from sqlmodel import Session, select

from models.commands.directives import (
    directive_finalise,
    directive_issue,
    directive_return,
    directive_submit,
)
from models.commands.signing import FORMS, directive_sign
from models.errors import DomainError
from models.labels import SIGNING_FORMS
from models.letters import signature_lines
from models.lifecycle import Action, RoundKind
from models.queries.directive import directive_view, documents_of
from models.queries.letters import signers_of
from models.queries.mail import undeliverable
from models.queries.people import team
from models.queries.register import peek_next
from models.queries.unit_validity import in_force_clause
from models.tables import Signing, Unit
from models.text import short_date, sort_key
from web.csrf import check_csrf
from web.guard import page
from web.page import Page
from web.schemas import ReturnIn, SignIn
from web.views import record_ids

router = APIRouter(include_in_schema=False)
NO_FILES = Path("/nonexistent")  # views that do not list documents

# The simple moves; each confirm page says what the move will do.
SIMPLE = {
    "finalise": Action.FINALISE,
    "submit": Action.SUBMIT,
    "return": Action.RETURN,
    "issue": Action.ISSUE,
}
# The policy action behind each stage action the directive page may offer.
POLICY_OF = {
    Action.ADD_DRAFT: "directive.edit",
    Action.OPEN_ROUND: "round.open",
    Action.CLOSE_ROUND: "round.manage",
    Action.FINALISE: "directive.finalise",
    Action.SUBMIT: "directive.submit",
    Action.RETURN: "directive.return",
    Action.SIGN: "directive.sign",
    Action.ISSUE: "directive.issue",
}
STEPS = {name: POLICY_OF[a] for name, a in SIMPLE.items()}


@router.get("/directives/{directive_id:id}")
def directive_page(directive_id: int, p: Page = page("directive.view")) -> Response:
    p.viewable(directive_id)
    view = directive_view(p.session, directive_id, p.settings.data_dir)
    offered = [a for a in view.actions if p.can(POLICY_OF[a], view.directive)]
    can_edit = p.can("directive.edit", view.directive)
    return p.render(
        "directive/page.html",
        {
            "v": view,
            "offered": offered,
            "can_edit": can_edit,
            "can_act": bool(offered) or can_edit,
            "kinds": list(RoundKind),
            "Action": Action,
            "next_letter": peek_next(p.session, view.directive.drafting_unit_id, "CV", p.today),
            "failed": undeliverable(p.session, directive_id),
        },
    )


def _explain(session: Session, directive_id: int, action: str) -> dict[str, Any]:
    """What the action will do, in the officer's words: stage, documents, who is emailed."""
    view = directive_view(session, directive_id, NO_FILES)
    d = view.directive
    names = [u.full_name or u.username for u in team(session, d)]
    if action == "finalise":
        lines = [
            "Dự thảo chuyển sang giai đoạn “Tiếp thu, hoàn chỉnh”.",
            "Không gửi thư cho đơn vị nào.",
        ]
    elif action == "submit":
        final = next((x for x in view.versions if x.id == d.final_version_id), None)
        lines = [
            f"Trình Ban Thường vụ bản dự thảo lần {final.number if final else '?'}.",
            "Hệ thống lập bảng tổng hợp tiếp thu, giải trình và tờ trình.",
            "Không gửi thư cho đơn vị nào.",
        ]
    elif action == "return":
        lines = ["Hồ sơ trở lại giai đoạn “Tiếp thu, hoàn chỉnh” để chỉnh lý; ghi lý do."]
    else:
        signing = session.exec(select(Signing).where(Signing.directive_id == d.id)).first()
        n = len(signing.recipient_ids) if signing else 0
        lines = [
            f"Ban hành Chỉ thị số {d.number}.",
            f"Gửi thư kèm chỉ thị đến {n} nơi nhận và cán bộ soạn thảo"
            + (f" ({', '.join(names)})." if names else "."),
        ]
    return {"v": view, "lines": lines, "label": SIMPLE[action].label}


def _simple(action: str) -> str:
    if action not in SIMPLE:
        raise HTTPException(404)
    return action


@router.get("/directives/{directive_id:id}/act/{action}")
def confirm_page(directive_id: int, action: str, p: Page = page(STEPS, param="action")) -> Response:
    p.actionable(directive_id)
    ctx = _explain(p.session, directive_id, _simple(action))
    return p.render("directive/confirm.html", {**ctx, "action": action})


@router.post("/directives/{directive_id:id}/act/{action}", dependencies=[Depends(check_csrf)])
async def do_action(
    directive_id: int, action: str, p: Page = page(STEPS, param="action")
) -> Response:
    _simple(action)
    p.actionable(directive_id)
    posted = await p.posted()
    s, by, now = p.session, p.by, p.now
    if action == "finalise":
        directive_finalise(s, directive_id=directive_id, by=by, now=now)
    elif action == "submit":
        directive_submit(s, directive_id=directive_id, by=by, now=now)
    elif action == "return":
        reason = posted.valid(ReturnIn).reason
        directive_return(s, directive_id=directive_id, reason=reason, by=by, now=now)
    else:
        directive_issue(s, directive_id=directive_id, by=by, now=now)
    label = SIMPLE[action].label
    return p.redirect(f"/directives/{directive_id}", message=f"Đã thực hiện: {label}.")


SIGN = "directive/sign.html"


def _sign_context(session: Session, directive_id: int, today: date) -> dict[str, Any]:
    view = directive_view(session, directive_id, NO_FILES)
    units = sorted(
        session.exec(select(Unit).where(Unit.active == True, in_force_clause(today))).all(),  # noqa: E712
        key=lambda u: sort_key(u.name),
    )
    signers = signers_of(session, [view.directive.issuer_id])
    return {
        "v": view,
        "units": units,
        "signers": [(sg, signature_lines(sg.form, sg.on_behalf_of, sg.title)) for sg in signers],
        "forms": [(f, f"{f} — {SIGNING_FORMS[f]}") for f in FORMS],
        "next_number": peek_next(session, view.directive.issuer_id, view.directive.kind, today),
        "chosen": [],
    }


@router.get("/directives/{directive_id:id}/sign")
def sign_page(directive_id: int, p: Page = page("directive.sign")) -> Response:
    p.actionable(directive_id)
    ctx = _sign_context(p.session, directive_id, p.today)
    values = {"signed_on": short_date(p.today), "form": "T/M", "on_behalf_of": "BAN THƯỜNG VỤ"}
    if ctx["signers"]:  # the issuer's first signer on record, as the round form does
        values["signer_id"] = str(ctx["signers"][0][0].id)
    return p.render(SIGN, {**ctx, "values": values})


@router.post("/directives/{directive_id:id}/sign", dependencies=[Depends(check_csrf)])
async def sign(directive_id: int, p: Page = page("directive.sign")) -> Response:
    p.actionable(directive_id)
    posted = await p.posted()
    chosen = record_ids(posted.form.getlist("recipient_ids"))  # ticked again if it comes back
    try:
        body = posted.valid(SignIn)
        directive_sign(
            p.session, directive_id=directive_id, **body.model_dump(), by=p.by, now=p.now
        )
    except DomainError as exc:
        ctx = lambda: {**_sign_context(p.session, directive_id, p.today), "chosen": chosen}  # noqa: E731
        return p.failed(SIGN, ctx, exc, posted.values)
    return p.redirect(f"/directives/{directive_id}", message="Đã ghi nhận ký.")


@router.get("/directives/{directive_id:id}/documents/{name:path}")
def document(directive_id: int, name: str, p: Page = page("directive.view")) -> Response:
    """A rendered document, only to those who may see the directive; no path escapes."""
    p.viewable(directive_id)
    data_dir: Path = p.settings.data_dir
    if name not in documents_of(data_dir, directive_id):
        raise HTTPException(404)
    return FileResponse(data_dir / "documents" / str(directive_id) / name, filename=Path(name).name)
