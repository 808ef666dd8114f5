"""An outbox row as an `EmailMessage`: RFC 2047 headers, both parts, a stable Message-ID."""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import EmailPolicy
from email.utils import format_datetime, formataddr, parseaddr
from functools import lru_cache
from typing import Any

from models.clock import utcnow
from models.settings import Settings
from models.tables import OutboxMessage
from notifications.attachments import Attachment
from notifications.calendar import conference_ics
from notifications.render import Rendered, render


class _MailPolicy(EmailPolicy):
    """The default policy, except how non-ASCII Subject/From/To are folded.

    Python 3.11's folder leaves the space between two encoded words outside both, and every
    reader drops such a space ("đề nghị góp ý" arrives as "đề nghịgóp ý"). email.header's
    older encoder keeps spaces inside the encoded words, so subjects go through it, and
    display names through formataddr.
    """

    def _encoded(self, name: str, value: Any) -> str | None:
        key = name.lower()
        if key == "subject" and not str(value).isascii():
            text = Header(str(value), "utf-8", header_name=name).encode(linesep=self.linesep)
            return f"{name}: {text}{self.linesep}"
        if key in ("from", "to", "cc", "reply-to") and not str(value).isascii():
            # One encoded word per display name: Python's own address parser keeps the space
            # between two encoded words where RFC 2047 readers drop it, so never split one.
            parts = [
                formataddr((a.display_name, a.addr_spec), charset="utf-8")
                for a in getattr(value, "addresses", ())
            ]
            if parts:
                return f"{name}: {(',' + self.linesep + ' ').join(parts)}{self.linesep}"
        return None

    def fold(self, name: str, value: Any) -> str:
        return self._encoded(name, value) or super().fold(name, value)

    def fold_binary(self, name: str, value: Any) -> bytes:
        encoded = self._encoded(name, value)
        return encoded.encode("ascii") if encoded else super().fold_binary(name, value)


POLICY = _MailPolicy()
WIRE_POLICY = POLICY.clone(linesep="\r\n")


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
) -> EmailMessage:
    """Never turn the result into text with str(): send the object or its bytes."""
    rendered = rendered or render(
        row.template, row.context, base_url=settings.base_url, to_name=row.to_name
    )
    from_addr = sender(settings.mail_from)
    domain = domain_of(settings.mail_from)
    to = recipient(row)
    msg = EmailMessage(policy=POLICY)
    msg["Subject"] = rendered.subject
    msg["From"] = from_addr
    msg["To"] = to
    msg["Date"] = format_datetime(row.created_at or utcnow())
    msg["Message-ID"] = message_id_for(row, domain)
    msg["Auto-Submitted"] = "auto-generated"
    msg["X-Duthao-Template"] = row.template
    msg.set_content(rendered.text)
    msg.add_alternative(rendered.html, subtype="html")
    files = list(attachments)
    if row.template == "conference_invitation" and row.context.get("held_at"):
        files.insert(
            0,
            conference_ics(
                row.context,
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
