"""The round page and the directive page of a directive with 10,000 comments, against the
limit: a bare endpoint in the same app returning a static string (same server, same client,
same session cookie). Both run behind uvicorn on 127.0.0.1; requests are sequential, each
side twice, alternating; the best run of each counts. `python -m bench.run page`.

The pages must stay paginated: the round page renders 50 comments, the directive page
counts per section instead of listing 10,000.
"""

import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
from fastapi.responses import PlainTextResponse
from sqlalchemy import insert, update
from sqlmodel import Session, col, select

from bench.analyze import analyze
from duthao.wiring import flow_extras
from models.commands.rounds import round_open
from models.commands.users import user_create
from models.db import create_all, make_engine
from models.ids import id_of
from models.settings import Settings
from models.tables import Comment, Invitation, Section
from models.tokens import Links
from tests.browser.server import free_port, serve
from tests.conftest import T0
from tests.factories import directive_with_draft, world
from tests.pg import fresh_schema, postgres_answers, postgres_url
from web.app import create_app

N_COMMENTS = 10_000
REQUESTS = 150
POSITIONS = ("agree_with_comments", "disagree", "agree_with_comments", "agree")


def _seed(engine: Any) -> tuple[int, int]:
    with Session(engine, expire_on_commit=False) as s:
        w = world(s, T0)
        user_create(
            s,
            username="bench",
            password="mat-khau-9x-dai-hon",
            full_name="Bench",
            unit_id=w.drafting.id,
            by="bench",
            now=T0,
        )
        did = directive_with_draft(s, w, T0)
        opened = round_open(
            s,
            directive_id=did,
            kind="written",
            unit_ids=[id_of(u) for u in w.units],
            by="bench",
            now=T0 + timedelta(days=8),
            links=Links("http://bench", "bench"),
        )
        rnd = opened.round
        sections = s.exec(select(Section).where(Section.version_id == rnd.draft_version_id)).all()
        invs = s.exec(select(Invitation).where(Invitation.round_id == rnd.id)).all()
        rows = []
        for i in range(N_COMMENTS):
            inv, sec = invs[i % len(invs)], sections[i % len(sections)]
            rows.append(
                dict(
                    round_id=rnd.id,
                    invitation_id=inv.id,
                    unit_id=inv.unit_id,
                    version_id=rnd.draft_version_id,
                    section_id=sec.id,
                    section_key=sec.key,
                    quote=sec.text[:300],
                    quote_prefix="",
                    quote_suffix=sec.text[300:360],
                    # What comment_save stores (models/commands/placement.py): on the newest
                    # version a comment is placed on its own section.
                    placed_version_id=rnd.draft_version_id,
                    placed_key=sec.key,
                    position=POSITIONS[i % 4],
                    text=f"Ý kiến số {i + 1}: đề nghị làm rõ nội dung.",
                    draft=False,
                    received_at=T0 + timedelta(days=9, seconds=i),
                    speaker="",
                    speaker_title="",
                )
            )
        s.execute(insert(Comment), rows)
        s.execute(
            update(Invitation)
            .where(col(Invitation.round_id) == rnd.id)
            .values(status="answered", answered_at=T0 + timedelta(days=9))
        )
        s.commit()
        return did, id_of(rnd)


def _time(client: httpx.Client, path: str, n: int) -> list[float]:
    out = []
    for _ in range(n):
        started = time.perf_counter()
        r = client.get(path)
        out.append(time.perf_counter() - started)
        assert r.status_code == 200, (path, r.status_code)
    return out


def _stats(samples: list[float]) -> tuple[float, float, float]:
    ordered = sorted(samples)
    p50 = statistics.median(ordered) * 1000
    p99 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))] * 1000
    return p50, p99, len(samples) / sum(samples)


def _run(label: str, url: str, data_dir: Path) -> None:
    engine = make_engine(url)
    create_all(engine)
    did, rid = _seed(engine)
    analyze(engine)  # the statistics a database in use has (bench/analyze.py says why)
    port = free_port()
    settings = Settings(
        data_dir=data_dir, secret_key="bench-secret", base_url=f"http://127.0.0.1:{port}"
    )
    # The providers as `duthao serve` wires them: the seed's reactions run (and end) instead
    # of failing and being retried while the pages are measured.
    app = create_app(settings, engine=engine, run_sweep=False, flow_extras=flow_extras(settings))
    app.state.clock = lambda: T0 + timedelta(days=10)

    @app.get("/bench/bare", include_in_schema=False)
    def bare() -> PlainTextResponse:
        return PlainTextResponse("ok")

    # A long timeout: the first request waits for the reactor's drain of the seed's events
    # (the round's documents), which is not what is measured and can pass 5 s on a busy machine.
    with (
        serve(app, port) as base,
        httpx.Client(base_url=base, follow_redirects=False, timeout=120) as client,
    ):
        page = client.get("/login")
        token = page.text.split('name="csrf_token" value="')[1].split('"')[0]
        r = client.post(
            "/login",
            data={"username": "bench", "password": "mat-khau-9x-dai-hon", "csrf_token": token},
        )
        assert r.status_code == 303
        first = client.get(f"/rounds/{rid}").text
        assert first.count('id="comment-') == 50 and "10.000 ý kiến" in first
        paths = {
            "bare": "/bench/bare",
            "round": f"/rounds/{rid}",
            "directive": f"/directives/{did}",
        }
        best: dict[str, list[float]] = {}
        for _ in range(2):
            for name, path in paths.items():
                _time(client, path, 10)  # warm-up
                samples = _time(client, path, REQUESTS)
                if name not in best or sum(samples) < sum(best[name]):
                    best[name] = samples
    engine.dispose()
    bare_p50, bare_p99, bare_rps = _stats(best["bare"])
    print(f"[{label}] {N_COMMENTS:,} comments, {REQUESTS} sequential requests each, best of 2")
    line = f"p50 {bare_p50:6.1f} ms  p99 {bare_p99:6.1f} ms  {bare_rps:7.1f} req/s"
    print(f"  {'bare endpoint':<18}: {line}")
    for name in ("round", "directive"):
        p50, p99, rps = _stats(best[name])
        print(
            f"  {name + ' page':<18}: p50 {p50:6.1f} ms  p99 {p99:6.1f} ms  {rps:7.1f} req/s"
            f"  ratio to the limit {rps / bare_rps:.3f}"
        )


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        _run("SQLite", f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", Path(tmp) / "data")
        if postgres_answers(postgres_url()):
            url = fresh_schema(postgres_url(), "duthao_bench_page")
            _run("PostgreSQL", url, Path(tmp) / "data-pg")
        else:
            print("[PostgreSQL] does not answer: skipped")


if __name__ == "__main__":
    main()
