"""A local SMTP server that keeps what it receives: tests, `make run` and the demo use it.

It runs on its own event loop in a thread, so the same sink serves async tests, a sync
caller and a subprocess that delivers to it. Given a folder it also writes each message as
`NNNN-<slug>.eml`. `reject` lists recipients it answers with 550 (a bad address); `answers`
maps a recipient to any other RCPT answer (e.g. a 451 greylisting).
"""

import asyncio
import re
import ssl
import threading
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from functools import cached_property
from pathlib import Path
from typing import Any

from aiosmtpd.smtp import SMTP as SMTPServer
from aiosmtpd.smtp import AuthResult, LoginPassword

from models.clock import utcnow
from models.settings import SINK_IN_PRODUCTION
from models.text import search_key

REJECT_ANSWER = "550 5.1.1 Recipient address rejected: User unknown in local recipient table"


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes
    received_at: datetime

    @cached_property
    def message(self) -> EmailMessage:
        """Parsed on first use: the sink itself only keeps bytes, so it keeps up."""
        return BytesParser(policy=policy.default).parsebytes(self.data)

    @property
    def subject(self) -> str:
        return str(self.message["Subject"] or "")

    @property
    def message_id(self) -> str:
        return str(self.message["Message-ID"] or "")

    @property
    def to(self) -> str:
        return str(self.message["To"] or "")

    def part(self, subtype: str) -> str:
        body = self.message.get_body(preferencelist=(subtype,))
        return body.get_content() if body is not None else ""

    @property
    def text(self) -> str:
        return self.part("plain")


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", search_key(text))[:60].strip("-") or "thu"


class RecordingHandler:
    def __init__(
        self,
        folder: Path | None = None,
        reject: Iterable[str] = (),
        on_message: Callable[[Received], None] | None = None,
        answers: dict[str, str] | None = None,
    ) -> None:
        self.messages: list[Received] = []
        self.folder = folder
        self.answers = {a.lower(): REJECT_ANSWER for a in reject}
        self.answers.update({a.lower(): v for a, v in (answers or {}).items()})
        self.on_message = on_message
        self._lock = threading.Lock()

    def load(self) -> None:
        """Take up the messages already in the folder (a restarted `make run` keeps its
        mailbox: the demo's invitations, delivered before `serve` started)."""
        if self.folder is None or not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*.eml")):
            got = Received(
                mail_from="",
                rcpt_tos=[],
                data=path.read_bytes(),
                received_at=datetime.fromtimestamp(path.stat().st_mtime, UTC),
            )
            got.rcpt_tos = [got.to]
            self.messages.append(got)

    async def handle_RCPT(  # noqa: N802 (aiosmtpd's hook name)
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: list[str]
    ) -> str:
        answer = self.answers.get(address.lower())
        if answer is not None:
            return answer
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:  # noqa: N802
        got = Received(
            mail_from=envelope.mail_from,
            rcpt_tos=list(envelope.rcpt_tos),
            data=bytes(envelope.original_content or envelope.content),
            received_at=utcnow(),
        )
        with self._lock:
            self.messages.append(got)
            n = len(self.messages)
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / f"{n:04d}-{_slug(got.subject)}.eml").write_bytes(got.data)
        if self.on_message is not None:
            self.on_message(got)
        return "250 Message accepted for delivery"


class MailSink:
    """`with MailSink() as sink:` or `async with`; `sink.port` is the port it listens on."""

    def __init__(
        self,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        folder: Path | None = None,
        reject: Iterable[str] = (),
        on_message: Callable[[Received], None] | None = None,
        answers: dict[str, str] | None = None,
        tls: ssl.SSLContext | None = None,
        implicit_tls: bool = False,
        login: tuple[str, str] | None = None,
    ) -> None:
        """`tls` offers STARTTLS and requires it (or, with implicit_tls, speaks TLS from the
        first byte); `login` requires AUTH with that user and password."""
        self.host = host
        self.port = port
        self.handler = RecordingHandler(folder, reject, on_message, answers)
        self.tls, self.implicit_tls, self.login = tls, implicit_tls, login
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server: asyncio.base_events.Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def messages(self) -> list[Received]:
        return self.handler.messages

    def _authenticate(
        self, server: Any, session: Any, envelope: Any, mechanism: str, data: Any
    ) -> AuthResult:
        ok = isinstance(data, LoginPassword) and self.login is not None
        ok = ok and (data.login.decode(), data.password.decode()) == self.login
        return AuthResult(success=ok, handled=False)

    def _protocol(self) -> SMTPServer:
        starttls = self.tls is not None and not self.implicit_tls
        with warnings.catch_warnings():
            # aiosmtpd warns about AUTH without STARTTLS, not knowing the socket is TLS.
            warnings.filterwarnings("ignore", "Requiring AUTH while not requiring TLS")
            return SMTPServer(
                self.handler,
                hostname="duthao-sink",
                tls_context=self.tls if starttls else None,
                require_starttls=starttls,
                auth_required=self.login is not None,
                auth_require_tls=starttls,
                authenticator=self._authenticate if self.login else None,
            )

    def start(self) -> "MailSink":
        ready = threading.Event()
        failure: list[BaseException] = []

        def serve() -> None:
            loop = asyncio.new_event_loop()
            self._loop = loop
            try:
                self._server = loop.run_until_complete(
                    loop.create_server(
                        self._protocol,
                        host=self.host,
                        port=self.port,
                        reuse_address=True,
                        ssl=self.tls if self.implicit_tls else None,
                    )
                )
                self.port = self._server.sockets[0].getsockname()[1]
            except BaseException as exc:
                failure.append(exc)
                ready.set()
                loop.close()
                return
            ready.set()
            loop.run_forever()
            loop.close()

        self._thread = threading.Thread(target=serve, name="mail-sink", daemon=True)
        self._thread.start()
        ready.wait(10)
        if failure:
            raise failure[0]
        return self

    def stop(self) -> None:
        loop, server = self._loop, self._server
        if loop is None or server is None:
            return

        async def shutdown() -> None:
            server.close()
            for task in asyncio.all_tasks():
                if task is not asyncio.current_task():
                    task.cancel()
            await server.wait_closed()

        asyncio.run_coroutine_threadsafe(shutdown(), loop).result(10)
        loop.call_soon_threadsafe(loop.stop)
        if self._thread is not None:
            self._thread.join(10)
        self._loop = self._server = self._thread = None

    def __enter__(self) -> "MailSink":
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> "MailSink":
        return await asyncio.to_thread(self.start)

    async def __aexit__(self, *exc: object) -> None:
        await asyncio.to_thread(self.stop)


def start_sink_thread(settings: Any) -> MailSink:
    """`duthao serve` with DUTHAO_MAIL_SINK=1: a sink on the port the app sends to, kept in
    memory for /mail and written to settings.mail_sink_dir when set (what that folder holds
    already is shown too, numbered on). Call `.stop()` at exit.
    Refused in production: it would keep every unit's live link."""
    if settings.production:
        raise RuntimeError(SINK_IN_PRODUCTION)
    sink = MailSink(settings.smtp_host, settings.smtp_port, folder=settings.mail_sink_dir)
    sink.handler.load()
    return sink.start()
