"""The distributed topology on this machine, without Docker: the same commands compose runs.

A Prefect server on its own fresh PostgreSQL database (`duthao prefect-server`), the
deployments (`duthao deploy`), a Prefect worker (`duthao worker`), the web app with two
uvicorn workers on a second fresh database (`duthao serve --workers 2`, topology
distributed) and an SMTP sink. A directive goes through the JSON API; the units answer
through the links in the emails the sink received; the clock moves by passing `now` to the
sweep deployment. Then Prefect's API, the app database and the sink are checked. Everything
started here is stopped, and both databases are dropped.

Run: `pytest -m e2e tests/distributed` (make e2e-distributed); the main suite deselects it.
"""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from email.utils import parseaddr
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest
from sqlmodel import Session, func, select

from models.clock import at_local, local_date
from models.commands.users import api_token_create
from models.db import make_engine
from models.ids import id_of
from models.policy import Role
from models.tables import Comment, Directive, Invitation, OutboxMessage, Round, Term, User
from models.text import short_date
from notifications.sink import MailSink
from tests.expect import group, stored
from tests.factories import DRAFT_TEXT, world
from tests.pg import postgres_answers, postgres_url

pytestmark = [pytest.mark.e2e, pytest.mark.xdist_group("e2e")]

BIN = Path(sys.executable).parent  # the project's venv: `duthao` lives beside python
POOL = "duthao"
TERMINAL = {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(what: str, check: Callable[[], Any], timeout: float, interval: float = 0.5) -> Any:
    deadline = time.monotonic() + timeout
    while True:
        got = check()
        if got:
            return got
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(interval)


@dataclass
class Processes:
    """Every process started here, each in its own process group, and its log."""

    logs: Path
    env: dict[str, str]
    started: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)

    def start(self, name: str, *args: str) -> subprocess.Popen[bytes]:
        log = (self.logs / f"{name}.log").open("wb")
        proc = subprocess.Popen(
            [str(BIN / "duthao"), *args],
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own group: its children stop with it
        )
        self.started.append((name, proc))
        return proc

    def run(self, *args: str) -> str:
        done = subprocess.run(
            [str(BIN / "duthao"), *args], env=self.env, capture_output=True, text=True, timeout=120
        )
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def alive(self) -> None:
        for name, proc in self.started:
            if proc.poll() is not None:
                tail = (self.logs / f"{name}.log").read_text(errors="replace")[-3000:]
                raise AssertionError(f"{name} exited with {proc.returncode}:\n{tail}")

    def tails(self) -> None:
        """On failure: the end of every log, shown with the test's report."""
        for name, _ in self.started:
            text = (self.logs / f"{name}.log").read_text(errors="replace")
            print(f"----- {name}.log (end) -----\n{text[-4000:]}")

    def stop(self) -> None:
        """SIGTERM to every group, a shared grace period, then SIGKILL to what is left."""
        for _, proc in reversed(self.started):
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        grace = time.monotonic() + 8
        for name, proc in reversed(self.started):
            try:
                proc.wait(max(0.1, grace - time.monotonic()))
            except subprocess.TimeoutExpired:
                print(f"{name} ignored SIGTERM for 8 s: killed")
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(5)


@dataclass
class Topology:
    api: httpx.Client  # Prefect's REST API
    web: httpx.Client
    app_db: str
    sink: MailSink
    procs: Processes
    deployed: str  # what the first `duthao deploy` printed

    def deployment(self, name: str) -> str:
        r = self.api.get(f"/deployments/name/{name}/{name}")
        assert r.status_code == 200, r.text
        return r.json()["id"]

    def runs(self, name: str) -> list[dict[str, Any]]:
        body = {"deployments": {"id": {"any_": [self.deployment(name)]}}, "limit": 200}
        return self.api.post("/flow_runs/filter", json=body).json()

    def finished(self, name: str, n: int, timeout: float = 60) -> list[dict[str, Any]]:
        """Wait until `n` runs of a deployment have reached a final state."""

        def done() -> list[dict[str, Any]] | None:
            self.procs.alive()
            runs = [r for r in self.runs(name) if r["state_type"] in TERMINAL]
            return runs if len(runs) >= n else None

        return wait_for(f"{n} run(s) of {name}", done, timeout)

    def settled(self, name: str) -> list[dict[str, Any]] | None:
        """Every run of a deployment, once there is one and all have reached a final state."""
        runs = self.runs(name)
        return runs if runs and all(r["state_type"] in TERMINAL for r in runs) else None

    def run(self, name: str, **parameters: Any) -> dict[str, Any]:
        """Trigger a deployment as an operator would, and wait for its end."""
        r = self.api.post(
            f"/deployments/{self.deployment(name)}/create_flow_run",
            json={"parameters": parameters},
        )
        assert r.status_code == 201, r.text
        run_id = r.json()["id"]

        def final() -> dict[str, Any] | None:
            self.procs.alive()
            run = self.api.get(f"/flow_runs/{run_id}").json()
            return run if run["state_type"] in TERMINAL else None

        return wait_for(f"{name} run", final, 90)

    def mail(self, n: int) -> list[Any]:
        return wait_for(f"{n} emails", lambda: len(self.sink.messages) >= n or None, 60) and list(
            self.sink.messages
        )


def _create_db(admin: str, name: str) -> None:
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')


def _drop_db(admin: str, name: str) -> None:
    """Retried: other test processes may hold every connection slot for a moment."""

    def drop() -> bool:
        try:
            with psycopg.connect(admin, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            return True
        except psycopg.OperationalError:
            return False

    wait_for(f"dropping {name}", drop, 60, interval=1)


@pytest.fixture(scope="module")
def topology(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Topology]:
    base = postgres_url()
    if not postgres_answers(base):
        if os.environ.get("DUTHAO_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (DUTHAO_REQUIRE_POSTGRES=1) but does not answer")
        pytest.skip("PostgreSQL does not answer")
    admin = base.replace("postgresql+psycopg://", "postgresql://")
    server = base.rsplit("/", 1)[0].split("://", 1)[1]  # user@host:port
    suffix = uuid.uuid4().hex[:10]
    prefect_db, app_db = f"duthao_prefect_{suffix}", f"duthao_app_{suffix}"
    home = tmp_path_factory.mktemp("distributed")
    api_port, web_port = free_port(), free_port()
    sink = MailSink().start()
    app_url = f"postgresql+psycopg://{server}/{app_db}"
    env = {
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
        "HOME": str(home),
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{api_port}/api",
        "PREFECT_API_DATABASE_CONNECTION_URL": f"postgresql+asyncpg://{server}/{prefect_db}",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_UI_ENABLED": "false",
        "PREFECT_LOGGING_LEVEL": "WARNING",
        "PREFECT_WORKER_QUERY_SECONDS": "1",
        # The suite's PostgreSQL is shared by parallel tests: keep Prefect's pool small.
        "PREFECT_SERVER_DATABASE_SQLALCHEMY_POOL_SIZE": "3",
        "PREFECT_SERVER_DATABASE_SQLALCHEMY_MAX_OVERFLOW": "3",
        "DUTHAO_DATA_DIR": str(home / "data"),
        "DUTHAO_DATABASE_URL": app_url,
        "DUTHAO_DB_POOL_SIZE": "3",
        "DUTHAO_BASE_URL": f"http://127.0.0.1:{web_port}",
        "DUTHAO_SECRET_KEY": uuid.uuid4().hex * 2,
        "DUTHAO_PRODUCTION": "true",
        "DUTHAO_TOPOLOGY": "distributed",
        "DUTHAO_SMTP_HOST": "127.0.0.1",
        "DUTHAO_SMTP_PORT": str(sink.port),
        "DUTHAO_MAIL_FROM": "Ban Dân vận Tỉnh ủy <bdvtu@binhphuoc.test>",
    }
    procs = Processes(home, env)
    created: list[str] = []
    api = httpx.Client(base_url=env["PREFECT_API_URL"], timeout=30)
    web = httpx.Client(base_url=env["DUTHAO_BASE_URL"], timeout=30)
    failed_before = request.session.testsfailed
    try:
        for name in (prefect_db, app_db):
            _create_db(admin, name)
            created.append(name)
        procs.start("prefect-server", "prefect-server", "--port", str(api_port))
        procs.run("migrate")
        wait_for("Prefect API", lambda: _up(procs, api, "/health"), 90)
        deployed = procs.run("deploy", "--pool", POOL)
        procs.start("worker", "worker", "--pool", POOL, "--name", "e2e-worker")
        procs.start("web", "serve", "--port", str(web_port), "--workers", "2")
        wait_for("web", lambda: _up(procs, web, "/healthz"), 60)
        yield Topology(api, web, app_url, sink, procs, deployed)
    finally:
        api.close()
        web.close()
        procs.stop()
        if request.session.testsfailed > failed_before:
            procs.tails()
        sink.stop()
        for name in created:
            _drop_db(admin, name)


def _answers(client: httpx.Client, path: str) -> bool:
    try:
        return client.get(path).status_code == 200
    except httpx.TransportError:
        return False


def _up(procs: Processes, client: httpx.Client, path: str) -> bool:
    """`path` answers; a process that exited fails the wait at once instead of timing out."""
    procs.alive()
    return _answers(client, path)


def _seed(url: str) -> tuple[Any, dict[str, str], dict[str, str]]:
    """Units, the drafting officer and the leader who signs exist before the directive (set
    up by the admin); their bearer headers."""
    engine = make_engine(url)
    try:
        with Session(engine, expire_on_commit=False) as session:
            w = world(session, datetime.now(UTC))
            # The letters are numbered within the Party term that holds today's date.
            year = local_date(datetime.now(UTC)).year
            session.add(Term(name=f"{year} - {year + 5}", starts_on=date(year, 1, 1),
                             ends_on=date(year + 5, 12, 31)))  # fmt: skip
            session.commit()
            _, raw = api_token_create(
                session, user_id=id_of(w.officer), name="e2e", by="admin", now=datetime.now(UTC)
            )
            leader = User(username="lanhdao", role=Role.LEADER, created_at=datetime.now(UTC))
            session.add(leader)
            session.commit()
            _, signs = api_token_create(
                session, user_id=id_of(leader), name="e2e", by="admin", now=datetime.now(UTC)
            )
        return w, {"Authorization": f"Bearer {raw}"}, {"Authorization": f"Bearer {signs}"}
    finally:
        engine.dispose()


def _token(message: Any) -> str:
    return group(r"/u/([\w.\-~]+)", message.text)


def _moment(day: date, hour: int = 9) -> str:
    """A local (Vietnam) moment as a flow's `now` parameter."""
    return at_local(day, hour).isoformat()


def test_a_directive_through_the_distributed_topology(topology: Topology) -> None:
    t, web = topology, topology.web
    # Registering again (every worker start does) updates the same deployments.
    assert t.procs.run("deploy", "--pool", POOL) == t.deployed
    assert "sweep/sweep" in t.deployed and "deliver-outbox/deliver-outbox" in t.deployed
    sweep = t.api.get(f"/deployments/{t.deployment('sweep')}").json()
    assert [s["schedule"]["cron"] for s in sweep["schedules"]] == ["* * * * *"]
    w, auth, leader = _seed(t.app_db)
    today = local_date(datetime.now(UTC))
    deadline = today + timedelta(days=10)

    r = web.post(
        "/api/v1/directives",
        headers=auth,
        json={
            "title": "Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới",
            "issuer_id": w.issuer.id,
            "drafting_unit_id": w.drafting.id,
            "assignment_number": "1704-TB/TU",
        },
    )
    assert r.status_code == 201, r.text
    did = r.json()["id"]
    v1 = web.post(f"/api/v1/directives/{did}/drafts", headers=auth, json={"text": DRAFT_TEXT})
    assert v1.status_code == 201, v1.text

    # A double click: the same Idempotency-Key twice, one round, one event, one documents run.
    once = {**auth, "Idempotency-Key": f"e2e-{uuid.uuid4().hex}"}
    body = {
        "kind": "written",
        "unit_ids": [u.id for u in w.units],
        "letter_date": short_date(today),
        "deadline": short_date(deadline),
    }
    opened = [web.post(f"/api/v1/directives/{did}/rounds", headers=once, json=body) for _ in "12"]
    assert [o.status_code for o in opened] == [201, 201], opened[0].text
    rid = opened[0].json()["id"]
    assert opened[1].json()["id"] == rid
    t.finished("render-documents", 1)
    invitations = t.mail(len(w.units))
    assert len(t.runs("render-documents")) == 1  # the round's letter, once
    tokens = {parseaddr(m.to)[1]: _token(m) for m in invitations}
    assert set(tokens) == {u.email for u in w.units}

    # Units answer through their links: two comment, one has nothing to add, two are silent.
    first, second, third = (tokens[u.email] for u in w.units[:3])
    view = web.get(f"/api/v1/u/{first}").json()
    section = next(s for s in view["sections"] if s["key"] == "II.1")
    for token, position, text in (
        (first, "agree_with_comments", "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc."),
        (second, "disagree", "Không tán thành giao ban hằng quý; đề nghị sáu tháng một lần."),
    ):
        c = web.post(
            f"/api/v1/u/{token}/comments",
            json={"position": position, "text": text, "section_id": section["id"]},
        )
        assert c.status_code == 201, c.text
        assert web.post(f"/api/v1/u/{token}/submit", json={}).status_code == 200
    assert web.post(f"/api/v1/u/{third}/no-comments", json={}).status_code == 200

    # The clock moves: the day before the deadline (reminders), then the day after (closing).
    before = t.run("sweep", now=_moment(deadline - timedelta(days=1)))
    after = t.run("sweep", now=_moment(deadline + timedelta(days=1)))
    assert before["state_type"] == after["state_type"] == "COMPLETED"
    delivered = t.run("deliver-outbox", now=_moment(deadline + timedelta(days=1), 10))
    assert delivered["state_type"] == "COMPLETED"
    assert web.get(f"/api/v1/rounds/{rid}", headers=auth).json()["status"] == "closed"

    # Finalise, decide on the comments, submit, sign and issue.
    v2 = web.post(
        f"/api/v1/directives/{did}/drafts",
        headers=auth,
        json={"text": DRAFT_TEXT + "\nIV. HIỆU LỰC THI HÀNH\nChỉ thị có hiệu lực từ ngày ký."},
    ).json()
    assert web.post(f"/api/v1/directives/{did}/finalise", headers=auth).status_code == 200
    comments = web.get(f"/api/v1/directives/{did}/comments", headers=auth).json()["items"]
    for c in comments:
        d = web.put(
            f"/api/v1/comments/{c['id']}/disposition",
            headers=auth,
            json={
                "decision": "accept" if c["position"] != "disagree" else "explain",
                "response": "Tiếp thu." if c["position"] != "disagree" else "Giữ giao ban quý.",
                "taken_in_version_id": v2["id"],
            },
        )
        assert d.status_code == 200, d.text
    chosen = web.put(f"/api/v1/directives/{did}/final", headers=auth, json={"version_id": v2["id"]})
    assert chosen.status_code == 200, chosen.text
    submitted = web.post(f"/api/v1/directives/{did}/submit", headers=auth)
    assert submitted.status_code == 200, submitted.text
    signed = web.post(
        f"/api/v1/directives/{did}/sign",
        headers=leader,  # leaders sign (models/policy.py)
        json={
            # Not before the round's close, which the sweep did on the moved clock.
            "signed_on": short_date(deadline + timedelta(days=1)),
            "form": "T/M",
            "on_behalf_of": "Ban Thường vụ",
            "signer_title": "Phó Bí thư Thường trực",
            "signer_name": "Huỳnh Thị Hằng",
            "recipient_ids": [u.id for u in w.units],
            "number": "22-CT/TU",
        },
    )
    assert signed.status_code == 200, signed.text
    issued = web.post(f"/api/v1/directives/{did}/issue", headers=auth)
    assert issued.status_code == 200 and issued.json()["stage"] == "issued", issued.text

    # Prefect: every run the web asked for ran on the worker, in the pool, and completed.
    # Documents: the round opened, closed by the sweep, submitted, signed, issued.
    documents = t.finished("render-documents", 5)
    scheduled = wait_for(
        "a scheduled sweep",
        lambda: [r for r in t.runs("sweep") if r["auto_scheduled"] and r["state_type"] in TERMINAL],
        75,
        interval=2,
    )
    # Deliveries are reactions too (to the answers, the close, the signature, the issuance):
    # the last ones may still be running when the issuance answers.
    delivered = wait_for("every delivery run", lambda: t.settled("deliver-outbox"), 90, interval=2)
    runs = documents + scheduled + delivered
    runs += [r for r in t.runs("sweep") if not r["auto_scheduled"]]
    assert len(t.runs("render-documents")) == 5  # each event once: the double click made one
    for run in runs:
        assert run["state_type"] == "COMPLETED", run
        assert run["work_pool_name"] == POOL and run["infrastructure_pid"], run
    workers = t.api.post(f"/work_pools/{POOL}/workers/filter", json={}).json()
    assert [wk["name"] for wk in workers] == ["e2e-worker"]

    # The app database: stage, number, answers and comments.
    engine = make_engine(t.app_db)
    try:
        with Session(engine) as s:
            directive = stored(s, Directive, did)
            assert (directive.stage, directive.number) == ("issued", "22-CT/TU")
            assert stored(s, Round, rid).status == "closed"
            statuses = Counter(s.exec(select(Invitation.status)).all())
            assert statuses == {"answered": 3, "overdue": 2}
            count = s.exec(select(func.count()).select_from(Comment)).one()
            assert count == 2
            rows = s.exec(select(OutboxMessage)).all()
    finally:
        engine.dispose()

    # The sink: every email arrived exactly once.
    wait_for("every email", lambda: len(t.sink.messages) >= len(rows), 60)
    assert {r.status for r in rows} == {"sent"}, Counter(r.status for r in rows)
    got = Counter(m.message_id for m in t.sink.messages)
    assert got == Counter(r.message_id for r in rows)
    by_template = Counter(r.template for r in rows)
    assert by_template["invitation"] == len(w.units)
    assert by_template["reminder"] == 2 and by_template["overdue"] == 2
    assert by_template["round_closed"] == 1
    assert by_template["issuance"] == len(w.units) + 1
