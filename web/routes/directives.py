"""The directive page and its stage actions: finalise, submit, return, sign, issue."""

from pathlib import Path

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import FileResponse, Response
from sqlmodel import Session, select

from models.access import can_act
from models.clock import local_date
from models.commands.directives import (
    directive_finalise,
    directive_issue,
    directive_return,
    directive_submit,
    team,
)
from models.commands.signing import FORMS, directive_sign
from models.errors import DomainError, Invalid
from models.labels import SIGNING_FORMS
from models.lifecycle import Action, RoundKind
from models.queries.directive import directive_view, documents_of
from models.queries.register import peek_next
from models.tables import Signing, Unit, User
from models.text import parse_date, sort_key
from web.auth import actionable, require_user, viewable
from web.csrf import check_csrf
from web.deps import get_now, get_session
from web.views import form_failed, form_values, redirect, render

router = APIRouter(include_in_schema=False)

# The simple moves, each with what it does (shown before the officer confirms).
SIMPLE = {
    "finalise": Action.FINALISE,
    "submit": Action.SUBMIT,
    "return": Action.RETURN,
    "issue": Action.ISSUE,
}


@router.get("/directives/{directive_id:int}")
def directive_page(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    viewable(session, user, directive_id)
    view = directive_view(session, directive_id, request.app.state.settings.data_dir)
    today = local_date(get_now(request))
    return render(
        request,
        "directive/page.html",
        {
            "user": user,
            "v": view,
            "can_act": can_act(user, view.directive),
            "kinds": list(RoundKind),
            "Action": Action,
            "next_letter": peek_next(session, view.directive.drafting_unit_id, "CV", today),
        },
    )


def _explain(session: Session, directive_id: int, action: str, today) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """What the action will do, in the officer's words: stage, documents, who is emailed."""
    view = directive_view(session, directive_id, Path("/nonexistent"))
    d = view.directive
    team_names = [u.full_name or u.username for u in team(session, d)]
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
            + (f" ({', '.join(team_names)})." if team_names else "."),
        ]
    return {"v": view, "lines": lines, "label": SIMPLE[action].label}


@router.get("/directives/{directive_id:int}/act/{action}")
def confirm_page(
    directive_id: int,
    action: str,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    if action not in SIMPLE:
        raise HTTPException(404)
    actionable(session, user, directive_id)
    ctx = _explain(session, directive_id, action, local_date(get_now(request)))
    return render(
        request,
        "directive/confirm.html",
        {**ctx, "user": user, "action": action, "values": {}, "errors": {}},
    )


@router.post("/directives/{directive_id:int}/act/{action}", dependencies=[Depends(check_csrf)])
async def do_action(
    directive_id: int,
    action: str,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    if action not in SIMPLE:
        raise HTTPException(404)
    actionable(session, user, directive_id)
    values = form_values(await request.form())
    now, by = get_now(request), user.username
    dispatcher = request.app.state.dispatcher
    if action == "finalise":
        directive_finalise(session, directive_id=directive_id, by=by, now=now)
    elif action == "submit":
        directive_submit(session, directive_id=directive_id, by=by, now=now)
        dispatcher.submit(
            "compile-synthesis", {"directive_id": directive_id}, key=f"synthesis:{directive_id}"
        )
    elif action == "return":
        directive_return(
            session, directive_id=directive_id, reason=values.get("reason", ""), by=by, now=now
        )
    else:
        directive_issue(session, directive_id=directive_id, by=by, now=now)
        s = session.exec(select(Signing).where(Signing.directive_id == directive_id)).one()
        dispatcher.submit(
            "sign-and-issue",
            {
                "directive_id": directive_id,
                "by": by,
                "signed_on": s.signed_on.isoformat(),
                "form": s.form,
                "signer_title": s.signer_title,
                "signer_name": s.signer_name,
                "issue": True,
                "now": now.isoformat(),
            },
            key=f"issue:{directive_id}",
        )
    return redirect(
        request, f"/directives/{directive_id}", message=f"Đã thực hiện: {SIMPLE[action].label}."
    )


SIGN = "directive/sign.html"


def _sign_context(session: Session, user: User, directive_id: int, today) -> dict:  # type: ignore[no-untyped-def,type-arg]
    view = directive_view(session, directive_id, Path("/nonexistent"))
    units = sorted(
        session.exec(select(Unit).where(Unit.active == True)).all(),  # noqa: E712
        key=lambda u: sort_key(u.name),
    )
    return {
        "user": user,
        "v": view,
        "units": units,
        "forms": [(f, f"{f} — {SIGNING_FORMS[f]}") for f in FORMS],
        "next_number": peek_next(session, view.directive.issuer_id, view.directive.kind, today),
    }


@router.get("/directives/{directive_id:int}/sign")
def sign_page(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    actionable(session, user, directive_id)
    today = local_date(get_now(request))
    values = {
        "signed_on": f"{today.day:02d}/{today.month:02d}/{today.year}",
        "form": "T/M",
        "on_behalf_of": "BAN THƯỜNG VỤ",
    }
    ctx = _sign_context(session, user, directive_id, today)
    return render(request, SIGN, {**ctx, "values": values, "errors": {}, "chosen": []})


@router.post("/directives/{directive_id:int}/sign", dependencies=[Depends(check_csrf)])
async def sign(
    directive_id: int,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    actionable(session, user, directive_id)
    form = await request.form()
    values = form_values(form)
    now = get_now(request)
    chosen = [int(x) for x in form.getlist("recipient_ids") if isinstance(x, str) and x.isdigit()]
    try:
        try:
            signed_on = parse_date(values.get("signed_on", ""))
        except ValueError as exc:
            raise Invalid(str(exc), field="signed_on") from exc
        extra = [x for x in values.get("extra_recipients", "").split("\n") if x.strip()]
        directive_sign(
            session,
            directive_id=directive_id,
            signed_on=signed_on,
            form=values.get("form", ""),
            signer_title=values.get("signer_title", ""),
            signer_name=values.get("signer_name", ""),
            on_behalf_of=values.get("on_behalf_of", ""),
            recipient_ids=chosen,
            extra_recipients=extra,
            number=values.get("number", "").strip() or None,
            by=user.username,
            now=now,
        )
    except DomainError as exc:
        session.rollback()
        ctx = _sign_context(session, user, directive_id, local_date(now))
        return form_failed(request, SIGN, {**ctx, "chosen": chosen}, exc, values)
    request.app.state.dispatcher.submit(
        "sign-and-issue",
        {
            "directive_id": directive_id,
            "by": user.username,
            "signed_on": signed_on.isoformat(),
            "form": values.get("form", ""),
            "signer_title": values.get("signer_title", ""),
            "signer_name": values.get("signer_name", ""),
            "issue": False,
            "now": now.isoformat(),
        },
        key=f"sign:{directive_id}",
    )
    return redirect(request, f"/directives/{directive_id}", message="Đã ghi nhận ký.")


@router.get("/directives/{directive_id:int}/documents/{name:path}")
def document(
    directive_id: int,
    name: str,
    request: Request,
    session: Session = Depends(get_session),
    user: User = Depends(require_user),
) -> Response:
    """A rendered document, only to those who may see the directive; no path escapes."""
    viewable(session, user, directive_id)
    data_dir: Path = request.app.state.settings.data_dir
    if name not in documents_of(data_dir, directive_id):
        raise HTTPException(404)
    path = data_dir / "documents" / str(directive_id) / name
    return FileResponse(path, filename=Path(name).name)
