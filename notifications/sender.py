"""Sending over SMTP with aiosmtplib, behind a small interface so delivery can be tested.

Failures are classified for the outbox: a permanent one (5xx, a refused recipient, a bad
address) fails the row with the server's answer; a transient one (4xx, a timeout) is retried
later; a connection that cannot be made at all leaves the row untouched for the next run.
"""

import asyncio
import ssl
from typing import Protocol

import aiosmtplib

from models.settings import Settings
from notifications.message import Outgoing

PERMANENT = "permanent"
TRANSIENT = "transient"
CONNECTION = "connection"  # the server is unreachable: no message was at fault


class SendError(Exception):
    def __init__(self, kind: str, answer: str) -> None:
        super().__init__(answer)
        self.kind = kind
        self.answer = answer


class Sender(Protocol):
    async def connect(self) -> None: ...

    async def send(self, out: Outgoing) -> None:
        """Send one message; raise SendError classified as above."""
        ...

    async def close(self) -> None: ...


def _answer(code: int, message: str) -> str:
    return f"{code} {message}".strip()


def classify(exc: BaseException) -> SendError:
    if isinstance(exc, SendError):
        return exc
    if isinstance(exc, aiosmtplib.SMTPRecipientsRefused):
        first = exc.recipients[0] if exc.recipients else None
        if first is not None:
            kind = PERMANENT if first.code >= 500 else TRANSIENT
            return SendError(kind, _answer(first.code, first.message))
    if isinstance(exc, aiosmtplib.SMTPAuthenticationError | aiosmtplib.SMTPSenderRefused):
        # Wrong credentials, TLS required, our sender refused: the relay's configuration,
        # the same for every message, so none of them is failed for it.
        return SendError(CONNECTION, _answer(exc.code, exc.message))
    if isinstance(exc, aiosmtplib.SMTPResponseException) and exc.code in (530, 534, 538):
        return SendError(CONNECTION, _answer(exc.code, exc.message))
    if isinstance(exc, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPConnectError):
        return SendError(CONNECTION, str(exc) or type(exc).__name__)
    if isinstance(exc, aiosmtplib.SMTPResponseException):
        kind = PERMANENT if exc.code >= 500 else TRANSIENT
        return SendError(kind, _answer(exc.code, exc.message))
    if isinstance(exc, aiosmtplib.SMTPTimeoutError | TimeoutError | asyncio.TimeoutError):
        return SendError(TRANSIENT, f"Hết thời gian chờ máy chủ thư: {exc}")
    if isinstance(exc, ConnectionError | OSError | ssl.SSLError):
        return SendError(CONNECTION, f"{type(exc).__name__}: {exc}")
    if isinstance(exc, ValueError):  # an address aiosmtplib cannot put in an envelope
        return SendError(PERMANENT, str(exc))
    return SendError(TRANSIENT, f"{type(exc).__name__}: {exc}")


class SmtpSender:
    """One SMTP connection, reused for every message of a batch; reconnects when it drops."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self._smtp: aiosmtplib.SMTP | None = None

    def _client(self) -> aiosmtplib.SMTP:
        s = self.settings
        return aiosmtplib.SMTP(
            hostname=s.smtp_host,
            port=s.smtp_port,
            username=s.smtp_username or None,
            password=s.smtp_password or None,
            use_tls=s.smtp_security == "tls",
            start_tls=s.smtp_security == "starttls",
            validate_certs=s.smtp_validate_certs,
            timeout=s.smtp_timeout,
        )

    async def connect(self) -> None:
        if self._smtp is not None and self._smtp.is_connected:
            return
        smtp = self._client()
        try:
            await smtp.connect()
        except Exception as exc:  # no message was sent yet: never one message's fault
            raise SendError(CONNECTION, classify(exc).answer) from exc
        self._smtp = smtp

    async def send(self, out: Outgoing) -> None:
        await self.connect()
        assert self._smtp is not None
        try:
            errors, _ = await self._smtp.sendmail(out.mail_from, [out.rcpt_to], out.data)
        except Exception as exc:
            err = classify(exc)
            if err.kind == CONNECTION:
                await self._drop()
            else:
                await self._reset()
            raise err from exc
        if errors:  # one recipient per message, so any refusal is this message's
            code, message = next(iter(errors.values()))
            raise SendError(PERMANENT if code >= 500 else TRANSIENT, _answer(code, message))

    async def _reset(self) -> None:
        """After a refused message the session may be mid-transaction: RSET, or reconnect."""
        if self._smtp is None:
            return
        try:
            await self._smtp.rset()
        except Exception:
            await self._drop()

    async def _drop(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is not None:
            smtp.close()

    async def close(self) -> None:
        smtp, self._smtp = self._smtp, None
        if smtp is None:
            return
        try:
            await smtp.quit()
        except Exception:
            smtp.close()
