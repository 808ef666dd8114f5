"""Comment submission through a unit's form endpoint, 64 concurrent clients, against
`duthao serve` on SQLite and on PostgreSQL; the limit is a bare endpoint in the same process
that inserts the same Comment row with no token check, validation, audit or template.

Prints requests/s, p50/p99 latency and the ratio form/bare (aim: ≥ 0.5, p99 < 100 ms).
Run: `make bench` or `python -m bench.run web` (DUTHAO_BENCH_SECONDS sets each phase's length,
DUTHAO_BENCH_DATABASES=sqlite or =postgresql runs one database).
"""

import asyncio
import os
import re
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import httpx
from sqlmodel import Session, select

from bench.analyze import analyze
from models.clock import utcnow
from models.db import make_engine
from models.ids import id_of
from models.migrate import upgrade
from models.statuses import Position
from models.tables import Invitation

CLIENTS = 64
SECONDS = float(os.environ.get("DUTHAO_BENCH_SECONDS", "6"))
WARMUP = 1.0
DATABASES = os.environ.get("DUTHAO_BENCH_DATABASES", "sqlite,postgresql").split(",")
PG_URL = os.environ.get(
    "DUTHAO_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
# `duthao` as this checkout's code: the console script would import the installed package,
# which may be another checkout (an editable install), not the code being measured.
ROOT = Path(__file__).resolve().parent.parent
DUTHAO = [sys.executable, "-m", "duthao.cli"]
_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
TEXT = "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc và các đoàn thể trong việc nắm tình hình."


@dataclass
class Target:
    token: str
    round_id: int
    invitation_id: int
    unit_id: int
    version_id: int
    directive_id: int


OFFICER, PASSWORD = "canbo.bench", "Đọc-trang-đợt-lấy-ý-kiến-2026"
PAGE_COMMENTS = 10_000
PAGE_CLIENTS = 8


def seed(url: str, units: int = CLIENTS) -> list[Target]:
    """The schema through Alembic, then one written round inviting `units` units."""
    from models.commands.directives import directive_create
    from models.commands.drafts import draft_add
    from models.commands.rounds import round_open
    from models.commands.units import unit_create
    from models.commands.users import user_create
    from models.tables import Term
    from models.tokens import Links
    from tests.factories import DRAFT_TEXT

    upgrade(url)
    engine = make_engine(url)
    now = utcnow()
    with Session(engine, expire_on_commit=False) as s:
        body = unit_create(s, name="Ban Dân vận Tỉnh ủy", symbol="BDVTU", by="bench", now=now)
        issuer = unit_create(s, name="Ban Thường vụ Tỉnh ủy", symbol="TU", by="bench", now=now)
        invited = [
            unit_create(s, name=f"Đảng ủy xã số {i}", email=f"x{i}@bench.test", by="b", now=now)
            for i in range(units)
        ]
        s.add(Term(name="nhiệm kỳ", starts_on=date(2000, 1, 1), ends_on=date(2100, 1, 1)))
        s.commit()
        d, _ = directive_create(
            s,
            title="Chỉ thị thử tải",
            issuer_id=id_of(issuer),
            drafting_unit_id=id_of(body),
            by="bench",
            now=now,
        )
        draft_add(s, directive_id=id_of(d), text=DRAFT_TEXT, by="bench", now=now)
        opened = round_open(
            s,
            directive_id=id_of(d),
            kind="written",
            unit_ids=[id_of(u) for u in invited],
            by="bench",
            now=now,
            links=Links("http://bench", "bench-secret"),
            deadline=date.today() + timedelta(days=30),
        )
        rnd = opened.round
        user_create(
            s,
            username=OFFICER,
            password=PASSWORD,
            full_name="Cán bộ",
            unit_id=body.id,
            by="bench",
            now=now,
        )
        invitations = {
            i.unit_id: id_of(i)
            for i in s.exec(select(Invitation).where(Invitation.round_id == rnd.id))
        }
    engine.dispose()
    return [
        Target(tok, id_of(rnd), invitations[uid], uid, rnd.draft_version_id, id_of(d))
        for uid, tok in opened.tokens.items()
    ]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def serve(url: str, data_dir: Path) -> tuple[subprocess.Popen[bytes], str]:
    """`duthao serve` in its own process, with the bare endpoint mounted."""
    port = free_port()
    env = {
        **os.environ,
        "DUTHAO_DATABASE_URL": url,
        "DUTHAO_DATA_DIR": str(data_dir),
        "DUTHAO_SECRET_KEY": "bench-secret",
        "DUTHAO_SWEEP_ENABLED": "false",
        "DUTHAO_BENCH_BARE": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    proc = subprocess.Popen(
        [*DUTHAO, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            pass
        if proc.poll() is not None:
            raise RuntimeError("duthao serve exited before answering")
        time.sleep(0.2)
    proc.kill()
    raise RuntimeError("duthao serve did not answer within 90 s")


@dataclass
class Unit:
    client: httpx.AsyncClient
    url: str
    form: dict[str, str]  # form fields, sent as text
    expected: int


async def _prepare(base: str, t: Target, bare: bool) -> Unit:
    client = httpx.AsyncClient(base_url=base, timeout=60)
    if bare:
        form = {
            "round_id": str(t.round_id),
            "invitation_id": str(t.invitation_id),
            "unit_id": str(t.unit_id),
            "version_id": str(t.version_id),
        }
        return Unit(client, "/bench/bare", form, 204)
    # The session cookie and the form's CSRF token.
    token = await form_token(client, f"/u/{t.token}", "the unit's page")
    return Unit(client, f"/u/{t.token}/comments", {"csrf_token": token}, 303)


async def form_token(client: httpx.AsyncClient, url: str, what: str, attempts: int = 5) -> str:
    """The CSRF token of the form at `url`. A busy server (503, or a dropped connection) is
    asked again after its Retry-After; anything else stops the benchmark with what the page
    answered (never the link itself: it is a secret)."""
    answer = "no answer"
    for _ in range(attempts):
        try:
            page = await client.get(url)
        except httpx.TransportError as exc:
            answer = type(exc).__name__
            await asyncio.sleep(1)
            continue
        found = _CSRF.search(page.text) if page.status_code == 200 else None
        if found is not None:
            return found.group(1)
        answer = f"HTTP {page.status_code}"
        if page.status_code != 503:
            break
        await asyncio.sleep(float(page.headers.get("retry-after", "1")))
    raise RuntimeError(f"{what}: no form to post ({answer})")


async def _loop(u: Unit, window: tuple[float, float], lat: list[float], errors: list[int]) -> None:
    """Post comments back to back; every request started inside the window counts."""
    n = 0
    while (started := time.perf_counter()) < window[1]:
        n += 1
        data = {**u.form, "position": "agree_with_comments", "text": f"{TEXT} ({n})"}
        try:
            status = (await u.client.post(u.url, data=data)).status_code
        except httpx.TransportError:
            status = 0  # a dropped connection counts as an error, it does not end the run
        if started >= window[0]:
            lat.append(time.perf_counter() - started)
            if status != u.expected:
                errors.append(status)


def figures(lat: list[float], errors: list[int], start: float) -> tuple[float, float, float, int]:
    """(requests/s over the time the counted requests took, p50 ms, p99 ms, errors)."""
    if len(lat) < 2:
        raise RuntimeError(f"only {len(lat)} requests completed")
    q = statistics.quantiles(lat, n=100)
    return len(lat) / (time.perf_counter() - start), q[49] * 1000, q[98] * 1000, len(errors)


async def load(base: str, targets: list[Target], bare: bool) -> tuple[float, float, float, int]:
    """(requests/s, p50 ms, p99 ms, errors) over SECONDS after a warm-up."""
    units = await asyncio.gather(*(_prepare(base, t, bare) for t in targets))
    lat: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    window = (start + WARMUP, start + WARMUP + SECONDS)
    try:
        await asyncio.gather(*(_loop(u, window, lat, errors) for u in units))
    finally:
        for u in units:
            await u.client.aclose()
    return figures(lat, errors, window[0])


def submitted_comments(url: str, targets: list[Target], count: int) -> None:
    """`count` comments as if every unit had submitted, spread over the draft's sections."""
    from models.tables import Comment, Section

    engine = make_engine(url)
    now = utcnow()
    with Session(engine) as s:
        sections = s.exec(select(Section).where(Section.version_id == targets[0].version_id)).all()
        for start in range(0, count, 2000):
            s.add_all(
                Comment(
                    round_id=t.round_id,
                    invitation_id=t.invitation_id,
                    unit_id=t.unit_id,
                    version_id=t.version_id,
                    section_id=sec.id,
                    section_key=sec.key,
                    position=(Position.AGREE_WITH_COMMENTS, Position.DISAGREE)[i % 2],
                    text=f"{TEXT} ({i})",
                    draft=False,
                    received_at=now,
                )
                for i in range(start, min(count, start + 2000))
                for t, sec in [(targets[i % len(targets)], sections[i % len(sections)])]
            )
            s.commit()
    analyze(engine)  # the statistics a database in use has (bench/analyze.py says why)
    engine.dispose()


async def _reader(
    client: httpx.AsyncClient,
    url: str,
    window: tuple[float, float],
    lat: list[float],
    errors: list[int],
) -> None:
    while (started := time.perf_counter()) < window[1]:
        try:
            status = (await client.get(url)).status_code
        except httpx.TransportError:
            status = 0
        if started >= window[0]:
            lat.append(time.perf_counter() - started)
            if status != 200:
                errors.append(status)


async def read_load(base: str, url: str, login: bool) -> tuple[float, float, float, int]:
    """PAGE_CLIENTS (signed-in) clients reading `url`: (req/s, p50, p99, errors)."""
    clients = [httpx.AsyncClient(base_url=base, timeout=60) for _ in range(PAGE_CLIENTS)]
    for c in clients:
        if login:
            token = await form_token(c, "/login", "the login page")
            form = {"username": OFFICER, "password": PASSWORD, "csrf_token": token}
            r = await c.post("/login", data=form)
            if r.status_code >= 400:
                raise RuntimeError(f"login of {OFFICER}: HTTP {r.status_code}")
    lat: list[float] = []
    errors: list[int] = []
    start = time.perf_counter()
    window = (start + WARMUP, start + WARMUP + SECONDS)
    try:
        await asyncio.gather(*(_reader(c, url, window, lat, errors) for c in clients))
    finally:
        for c in clients:
            await c.aclose()
    return figures(lat, errors, window[0])


def _line(name: str, label: str, fig: tuple[float, float, float, int]) -> None:
    rps, p50, p99, errs = fig
    print(
        f"{name:10} {label:22} {rps:8.1f} req/s  p50 {p50:7.1f} ms  p99 {p99:7.1f} ms"
        f"  errors {errs}"
    )


def run(name: str, url: str) -> None:
    targets = seed(url)
    t = targets[0]
    pages = {
        "round page 1": f"/rounds/{t.round_id}",
        "round page 100": f"/rounds/{t.round_id}?page=100",
        "directive page": f"/directives/{t.directive_id}",
    }
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = serve(url, Path(tmp))
        try:
            bare = asyncio.run(load(base, targets, bare=True))
            form = asyncio.run(load(base, targets, bare=False))
            submitted_comments(url, targets, PAGE_COMMENTS)
            limit = asyncio.run(read_load(base, "/healthz", login=False))
            read = {k: asyncio.run(read_load(base, u, login=True)) for k, u in pages.items()}
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    _line(name, "bare insert", bare)
    _line(name, "unit form", form)
    ratio = form[0] / bare[0]
    verdict = "ok" if ratio >= 0.5 else "below the 0.5 aim"
    p99 = "ok" if form[2] < 100 else "above the 100 ms aim"
    print(f"{name:10} ratio form/bare {ratio:.2f} ({verdict}); form p99 {form[2]:.0f} ms ({p99})")
    _line(name, "bare read (/healthz)", limit)
    for label, fig in read.items():
        _line(name, label, fig)
        print(f"{name:10} {'':22} ratio to the bare read {fig[0] / limit[0]:.2f}")


def each_database(run: Callable[[str, str], None], tag: str) -> None:
    """`run(name, url)` on a fresh SQLite file and a fresh PostgreSQL schema, as
    DUTHAO_BENCH_DATABASES asks (PostgreSQL skipped when it does not answer)."""
    if "sqlite" in DATABASES:
        with tempfile.TemporaryDirectory() as tmp:
            run("sqlite", f"sqlite:///{Path(tmp) / f'{tag}.sqlite3'}")
    if "postgresql" not in DATABASES:
        return
    from tests.pg import drop_schema, fresh_schema, postgres_answers

    if not postgres_answers(PG_URL):
        print("postgresql: not answering at", PG_URL.split("@")[-1], "— skipped")
        return
    schema = f"duthao_{tag}_{os.getpid()}"
    try:
        run("postgresql", fresh_schema(PG_URL, schema))
    finally:
        drop_schema(PG_URL, schema)


def main() -> None:
    print(
        f"comment form: {CLIENTS} concurrent clients; pages with {PAGE_COMMENTS:,} comments: "
        f"{PAGE_CLIENTS} signed-in clients; {SECONDS:.0f} s per phase after {WARMUP:.0f} s warm-up"
    )
    each_database(run, "bench")


if __name__ == "__main__":
    main()
