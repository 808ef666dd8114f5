"""1,000 invitations from outbox rows to a local SMTP server, against the limit: a bare
aiosmtplib loop sending the same 1,000 prebuilt messages over one connection.

The server (aiosmtpd) runs in a process of its own, so it does not share this process's
interpreter lock with what is measured. Each side runs three times, alternating; the best of each
counts. `make bench` or `python -m bench.run mail`.
"""

import asyncio
import multiprocessing
import tempfile
import time
from datetime import UTC, date, datetime
from multiprocessing.synchronize import Event
from pathlib import Path

import aiosmtplib
from sqlalchemy import update
from sqlmodel import Session, col, select

from models.commands.directives import directive_create
from models.commands.drafts import draft_add
from models.commands.rounds import round_open
from models.commands.units import unit_create
from models.db import create_all, make_engine, session_scope, table_of
from models.ids import id_of
from models.settings import Settings
from models.tables import OutboxMessage, Term, Unit
from models.tokens import Links
from notifications.delivery import deliver_ready
from notifications.links import links_for
from notifications.message import Outgoing, build_message, wire

N = 1000
AIM = 0.7
RUNS = 3  # alternating, best of each: these machines are shared
NOW = datetime(2023, 7, 12, 1, 0, tzinfo=UTC)


def _serve(port_out: "multiprocessing.Queue[int]", stop: Event) -> None:
    from notifications.sink import MailSink

    with MailSink() as sink:
        port_out.put(sink.port)
        while not stop.wait(0.2):
            sink.messages.clear()  # keep the server's memory flat across runs


def _seed(engine, n: int) -> None:
    with Session(engine, expire_on_commit=False) as s:
        by = "bench"
        issuer = unit_create(s, name="Ban Thường vụ Tỉnh ủy", symbol="TU", by=by, now=NOW)
        drafting = unit_create(
            s, name="Ban Dân vận Tỉnh ủy", symbol="BDVTU", email="bdvtu@bp.test", by=by, now=NOW
        )
        s.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
        s.add_all(
            Unit(name=f"Đảng ủy xã Đồng Tiến {i}", category="xa", email=f"xa{i}@bp.test")
            for i in range(n)
        )
        s.commit()
        d, _ = directive_create(
            s,
            title="Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới",
            issuer_id=id_of(issuer),
            drafting_unit_id=id_of(drafting),
            by=by,
            now=NOW,
        )
        draft_add(s, directive_id=id_of(d), text="I. TÌNH HÌNH\nNội dung.", by=by, now=NOW)
        # A Core column: a stored key is never NULL (the model's `int | None` is for new rows).
        units = table_of(Unit)
        ids = s.exec(select(units.c.id).where(units.c.category == "xa")).all()
        round_open(
            s,
            directive_id=id_of(d),
            kind="written",
            unit_ids=list(ids),
            letter_date=date(2023, 7, 12),
            by=by,
            now=NOW,
            links=Links(base_url="http://duthao.test", secret="bench"),
        )


def _prebuilt(engine, settings: Settings) -> list[Outgoing]:
    with session_scope(engine) as s:
        rows = s.exec(select(OutboxMessage).order_by(col(OutboxMessage.id))).all()
        found = links_for(s, rows, Links(base_url=settings.base_url, secret=settings.secret_key))
        return [wire(build_message(r, settings, link=found.get(id_of(r), ""))) for r in rows]


async def _bare(settings: Settings, messages: list[Outgoing]) -> float:
    smtp = aiosmtplib.SMTP(hostname="127.0.0.1", port=settings.smtp_port, start_tls=False)
    started = time.perf_counter()
    await smtp.connect()
    for m in messages:
        await smtp.sendmail(m.mail_from, [m.rcpt_to], m.data)
    await smtp.quit()
    return time.perf_counter() - started


async def _outbox(engine, settings: Settings, run: int) -> float:
    with engine.begin() as conn:  # the same rows, ready again
        conn.execute(update(OutboxMessage).values(status="ready", message_id="", attempts=0))
    started = time.perf_counter()
    counts = await deliver_ready(engine, settings, now=NOW, worker=f"bench-{run}")
    elapsed = time.perf_counter() - started
    assert counts.sent == N, counts.as_dict()
    return elapsed


def main() -> None:
    ctx = multiprocessing.get_context("spawn")
    ports, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(ports, stop), daemon=True)
    server.start()
    try:
        port = ports.get(timeout=60)
        with tempfile.TemporaryDirectory() as tmp:
            engine = make_engine(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}")
            create_all(engine)
            settings = Settings(data_dir=Path(tmp), smtp_port=port, base_url="http://duthao.test")
            _seed(engine, N)
            messages = _prebuilt(engine, settings)
            bare, outbox = [], []
            for run in range(RUNS):
                bare.append(asyncio.run(_bare(settings, messages)))
                outbox.append(asyncio.run(_outbox(engine, settings, run)))
            engine.dispose()
    finally:
        stop.set()
        server.join(10)
    limit, ours = N / min(bare), N / min(outbox)
    print(f"outbox → SMTP ({N} invitations from SQLite rows): {ours:,.0f} messages/s")
    print(f"limit: bare aiosmtplib loop, {N} prebuilt messages, one connection: {limit:,.0f}/s")
    verdict = "ok" if ours / limit >= AIM else "below aim"
    print(f"ratio {ours / limit:.2f} (aim ≥ {AIM}): {verdict}")


if __name__ == "__main__":
    main()
