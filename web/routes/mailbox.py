"""The local mailbox of `make run`: what the development SMTP sink received (read-only).

Only when the app was started with the sink (DUTHAO_MAIL_SINK=1 sets app.state.mail_sink),
and only for signed-in users: the messages carry the units' personal links.
"""

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import HTMLResponse, Response

from models.tables import User
from notifications.sink import MailSink, Received
from web.auth import require_user
from web.views import render

router = APIRouter()
SHOWN = 200


def _sink(request: Request) -> MailSink | None:
    return getattr(request.app.state, "mail_sink", None)


def _view(n: int, got: Received) -> dict[str, object]:
    return {
        "n": n,
        "subject": got.subject,
        "to": got.to,
        "received_at": got.received_at,
        "text": got.text,
        "files": [p.get_filename() or "" for p in got.message.iter_attachments()],
    }


@router.get("/mail", response_class=HTMLResponse, include_in_schema=False)
def mailbox(request: Request, user: User = Depends(require_user)) -> Response:
    sink = _sink(request)
    received = list(enumerate(sink.messages, 1))[-SHOWN:] if sink else []
    return render(
        request,
        "mailbox/index.html",
        {
            "user": user,
            "enabled": sink is not None,
            "total": len(sink.messages) if sink else 0,
            "messages": [_view(n, got) for n, got in reversed(received)],
        },
    )


@router.get("/mail/{n}.eml", include_in_schema=False)
def raw_message(n: int, request: Request, user: User = Depends(require_user)) -> Response:
    sink = _sink(request)
    if sink is None or not 1 <= n <= len(sink.messages):
        raise HTTPException(404, detail=f"Không có thư số {n} trong hộp thư thử nghiệm.")
    return Response(
        sink.messages[n - 1].data,
        media_type="message/rfc822",
        headers={"Content-Disposition": f'attachment; filename="thu-{n:04d}.eml"'},
    )
