"""An outbox row as an `EmailMessage`: RFC 2047 headers, both parts, a stable Message-ID."""

import base64
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime, parseaddr
from functools import lru_cache

from models.clock import utcnow
from models.settings import Settings
from models.tables import OutboxMessage
from notifications.attachments import Attachment
from notifications.calendar import conference_ics
from notifications.policy import POLICY, WIRE_POLICY, header
from notifications.render import Rendered, render


@dataclass(frozen=True)
class Outgoing:
    """What goes over SMTP: the envelope and the message's bytes (never str(msg))."""

    mail_from: str
    rcpt_to: str
    data: bytes
    message_id: str


def wire(msg: EmailMessage) -> Outgoing:
    return Outgoing(
        mail_from=msg["From"].addresses[0].addr_spec,
        rcpt_to=msg["To"].addresses[0].addr_spec,
        data=msg.as_bytes(policy=WIRE_POLICY),
        message_id=str(msg["Message-ID"]),
    )


BOUNDARY = "=_duthao-alternative"


class BadAddress(ValueError):
    """The recipient address cannot be written in a message header: a permanent failure."""


@lru_cache(maxsize=8)
def sender(mail_from: str) -> Address:
    name, addr = parseaddr(mail_from)
    return Address(display_name=name, addr_spec=addr or "duthao@localhost")


def domain_of(mail_from: str) -> str:
    return sender(mail_from).domain or "localhost"


def message_id_for(row: OutboxMessage, domain: str) -> str:
    """Derived from the row alone, so a message resent after a crash carries the same id."""
    digest = hashlib.sha256(row.key.encode()).hexdigest()[:12]
    return f"<outbox-{row.id}-{digest}@{domain}>"


def recipient(row: OutboxMessage) -> Address:
    email = row.to_email.strip()
    local, _, domain = email.rpartition("@")
    if not local or not domain or any(c.isspace() or c in '<>,;"' for c in email):
        raise BadAddress(f"Địa chỉ thư điện tử không hợp lệ: “{row.to_email}”.")
    try:
        return Address(display_name=row.to_name, addr_spec=email)
    except (ValueError, IndexError) as exc:
        raise BadAddress(f"Địa chỉ thư điện tử không hợp lệ: “{row.to_email}”.") from exc


def _text_part(body: str, subtype: str) -> EmailMessage:
    """What set_content makes for UTF-8 text, without parsing the same headers every time."""
    part = EmailMessage(policy=POLICY)
    part["Content-Type"] = header("Content-Type", f'text/{subtype}; charset="utf-8"')
    part["Content-Transfer-Encoding"] = header("Content-Transfer-Encoding", "base64")
    part.set_payload(base64.encodebytes(body.encode("utf-8")).decode("ascii"))
    return part


def _attach(msg: EmailMessage, files: Iterable[Attachment]) -> None:
    for f in files:
        msg.add_attachment(
            f.content,
            maintype=f.maintype,
            subtype=f.subtype,
            filename=f.filename,
            params=dict(f.params),
        )


def build_message(
    row: OutboxMessage,
    settings: Settings,
    *,
    attachments: Iterable[Attachment] = (),
    rendered: Rendered | None = None,
    link: str = "",
) -> EmailMessage:
    """Never turn the result into text with str(): send the object or its bytes. `link` is
    the unit's personal link (notifications/links.py), for the body and the .ics."""
    rendered = rendered or render(
        row.template, row.context, base_url=settings.base_url, to_name=row.to_name, link=link
    )
    from_addr = sender(settings.mail_from)
    domain = domain_of(settings.mail_from)
    to = recipient(row)
    msg = EmailMessage(policy=POLICY)
    # Shared header objects: a fan-out's messages differ only in To, Message-ID and body.
    msg["Subject"] = header("Subject", rendered.subject)
    msg["From"] = header("From", settings.mail_from if from_addr.display_name else str(from_addr))
    msg["To"] = to
    msg["Date"] = header("Date", format_datetime(row.created_at or utcnow()))
    msg["Message-ID"] = message_id_for(row, domain)
    msg["Auto-Submitted"] = header("Auto-Submitted", "auto-generated")
    msg["X-Duthao-Template"] = header("X-Duthao-Template", row.template)
    msg["MIME-Version"] = header("MIME-Version", "1.0")
    # A fixed boundary is safe because both parts are base64, whose lines never begin with
    # "--"; it spares the generator a regex compiled per message to pick a fresh one.
    msg["Content-Type"] = header("Content-Type", f'multipart/alternative; boundary="{BOUNDARY}"')
    msg.set_payload([_text_part(rendered.text, "plain"), _text_part(rendered.html, "html")])
    files = list(attachments)
    if row.template == "conference_invitation" and row.context.get("held_at"):
        files.insert(
            0,
            conference_ics(
                {**row.context, "link": link} if link else row.context,
                domain=domain,
                organizer_email=from_addr.addr_spec,
                organizer_name=from_addr.display_name,
                attendee_email=to.addr_spec,
                attendee_name=to.display_name,
                stamp=row.created_at or utcnow(),
            ),
        )
    _attach(msg, files)
    return msg
