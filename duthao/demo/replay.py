"""`duthao demo`: replay Chỉ thị 22-CT/TU into the database named by the settings.

The replay migrates the database, starts a local mail sink (so every queued email is really
delivered over SMTP and kept as .eml files), runs the case through the commands and flows
(duthao/demo/timeline.py), and writes what the records now say:

    out_dir/summary.json   the figures, read back from the database ("try": the live round)
    out_dir/narrative.md   the drafting process in Vietnamese, from the records
    out_dir/mail/*.eml     every email the replay sent
    out_dir/documents/     the case's documents (công văn, biên bản, bảng tổng hợp, tờ trình …,
                           the bản so sánh of the first and last drafts)

The 2023 case is entered in record mode: no mail goes for it, nor for its follow-up after
the signing (the periodic reports of 2023 and 2024, the giao ban, the sơ kết), replayed with
the clock moved day by day. Beside it the demo leaves a
live directive of another body in a written round opened today (duthao/demo/live.py), whose
invitations are the mails in out_dir/mail, so a new user can answer as a unit at once.

A database that already holds the issued demo is not replayed again (nothing duplicated);
a replay that stopped half-way resumes.
"""

import json
from contextlib import AsyncExitStack
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sqlmodel import Session, select

from documents.comparison import write_first_last
from documents.files import write_directive_documents
from documents.follow_up_narrative import implementation_narrative
from documents.narrative import consultation_narrative
from duthao.demo import data
from duthao.demo.follow_up import follow_up_done, review_figures
from duthao.demo.live import find_live, open_try_round, try_summary
from duthao.demo.summary import build_summary
from duthao.demo.timeline import Timeline
from duthao.demo.world import build_world, demo_password, find_directive
from flows import runtime
from flows.drainer import Drainer, Runner, run_in_process
from models.clock import at_local, utcnow
from models.db import make_engine, session_scope
from models.ids import id_of
from models.migrate import upgrade
from models.settings import Settings
from models.tables import Round
from notifications.sink import MailSink


def _extras(settings: Settings) -> dict[str, Any]:
    """The app's providers (email delivery …), minus per-step document rendering: the
    documents are written once at the end."""
    from duthao.wiring import delivery_providers

    return delivery_providers()


async def _mail_sink(stack: AsyncExitStack, settings: Settings, folder: Path) -> Settings:
    """Start the local sink and point the settings' SMTP at it."""
    sink = await stack.enter_async_context(MailSink("127.0.0.1", 0, folder=folder))
    return settings.model_copy(
        update={
            "smtp_host": "127.0.0.1",
            "smtp_port": sink.port,
            "smtp_security": "plain",
            "smtp_username": "",
            "smtp_password": "",
        }
    )


def write_outputs(session: Session, directive_id: int, out_dir: Path) -> dict[str, Any]:
    summary = build_summary(session, directive_id)
    summary["accounts"] = [
        {"username": a.username, "full_name": a.full_name, "role": a.role} for a in data.ACCOUNTS
    ]
    summary["password"] = (
        demo_password() if demo_password() == data.DEMO_PASSWORD else "(DUTHAO_DEMO_PASSWORD)"
    )
    paragraphs = consultation_narrative(session, directive_id)
    number = summary["directive"]["number"] or "(dự thảo)"
    title = f"# Quá trình xây dựng Chỉ thị số {number}"
    later = implementation_narrative(session, directive_id, review_figures=review_figures)
    if later:
        paragraphs += [f"## Theo dõi, đôn đốc việc thực hiện Chỉ thị số {number}", *later]
    (out_dir / "narrative.md").write_text(
        "\n\n".join([title, *paragraphs]) + "\n", encoding="utf-8"
    )
    written = write_directive_documents(session, directive_id, out_dir / "documents")
    compared = write_first_last(session, directive_id, out_dir / "documents")
    written += [compared] if compared else []
    summary["documents"] = sorted(p.name for p in written)
    live = find_live(session)
    rnd = (
        session.exec(select(Round.id).where(Round.directive_id == live.id)).first()
        if live
        else None
    )
    summary["try"] = asdict(try_summary(session, rnd)) if rnd is not None else None
    (out_dir / "summary.json").write_text(
        json.dumps(summary, ensure_ascii=False, indent=2), encoding="utf-8"
    )
    return summary


async def run_demo(
    settings: Settings, out_dir: Path, *, runner: Runner | None = None
) -> dict[str, Any]:
    """Replay the case (or find it already replayed) and write the outputs; returns the
    summary as written to summary.json."""
    out_dir.mkdir(parents=True, exist_ok=True)
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    runtime.prefect_environment(settings)
    upgrade(settings.db_url)
    engine = make_engine(settings.db_url)
    previous = runtime._current
    try:
        async with AsyncExitStack() as stack:
            with session_scope(engine) as s:
                found = find_directive(s)
                done = (
                    found is not None
                    and found.stage == "issued"
                    and follow_up_done(s, id_of(found))
                )
                directive_id = found.id if found else None
                live = find_live(s)
                tried = live is not None and live.stage == "consulting"
            if not (done and tried):
                mail_settings = await _mail_sink(stack, settings, out_dir / "mail")
                rt = runtime.configure(mail_settings, engine, **_extras(mail_settings))
                with session_scope(engine) as s:
                    ids = build_world(s, at_local(data.ASSIGNMENT_DATE, 7))
                drainer = Drainer(engine, runner or run_in_process)
                if not done:
                    directive_id = await Timeline(engine, rt, drainer, ids).run()
                if not tried:
                    # Today, live: its invitations go to the sink, for /mail after `serve`.
                    with session_scope(engine) as s:
                        open_try_round(s, ids, now=utcnow(), links=rt.links)
                    await drainer.drain()
        assert directive_id is not None
        with session_scope(engine) as s:
            return write_outputs(s, directive_id, out_dir)
    finally:
        runtime._current = previous
        engine.dispose()
