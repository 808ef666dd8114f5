"""`duthao serve` ends every process it started: once its sweep has run a flow (which starts
Prefect's ephemeral API server, a `uvicorn … prefect.server.api.server:create_app` child),
SIGTERM (kill, systemd) or SIGINT (Ctrl-C) stops the server and leaves no descendant; also
when Prefect's start timed out and it started a second server, forgetting the first."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import httpx
import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]
PREFECT_APP = "prefect.server.api.server:create_app"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _env(data: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUTHAO_", "PREFECT_"))}
    env.update(
        DUTHAO_DATA_DIR=str(data),
        DUTHAO_SWEEP_INTERVAL_SECONDS="0.5",
        DUTHAO_SMTP_PORT=str(_free_port()),  # nothing listens: delivery defers, harmless
        DUTHAO_SMTP_TIMEOUT="2",
        # A loaded machine: give Prefect's server all the time it needs to start.
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="300",
    )
    env.update(extra)
    return env


def _prefect_servers(parent: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in parent.children(recursive=True):
        try:
            if PREFECT_APP in " ".join(child.cmdline()):
                found.append(child)
        except psutil.NoSuchProcess:
            continue
    return found


def _healthy(server: psutil.Process) -> bool:
    """Prefect's API answers (so the flow run is under way, not still starting it)."""
    try:
        ports = [c.laddr.port for c in server.net_connections("tcp") if c.status == "LISTEN"]
    except psutil.NoSuchProcess:
        return False
    for port in ports:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2).status_code == 200:
                return True
        except httpx.HTTPError:
            pass
    return False


Ready = Callable[[psutil.Process], bool]


def _stops_with_nothing_left(
    tmp_path: Path, sig: signal.Signals, env: dict[str, str], ready: Ready
) -> None:
    """Start `duthao serve`, wait until `ready(serve)`, send `sig`: no descendant survives."""
    migrate = [sys.executable, "-m", "duthao.cli", "migrate"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True, capture_output=True, timeout=120)
    log = (tmp_path / "serve.log").open("w")
    serve = subprocess.Popen(
        [sys.executable, "-m", "duthao.cli", "serve", "--port", str(_free_port())],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    parent = psutil.Process(serve.pid)
    family: list[psutil.Process] = []
    try:
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and serve.poll() is None and not ready(parent):
            time.sleep(0.5)
        output = (tmp_path / "serve.log").read_text()
        assert serve.poll() is None, output
        assert ready(parent), "the sweep never started Prefect"
        family = parent.children(recursive=True)
        serve.send_signal(sig)
        serve.wait(90)
        _, alive = psutil.wait_procs(family, timeout=20)
        left = [" ".join(p.cmdline()[:6]) for p in alive if p.is_running()]
        assert left == [], f"still running after {sig.name}: {left}"
    finally:  # whatever happened, nothing of this test stays running
        try:
            family += parent.children(recursive=True)
        except psutil.NoSuchProcess:
            pass
        for p in [*family, parent]:
            try:
                p.kill()
            except psutil.NoSuchProcess:
                pass
        log.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_leaves_no_process_behind(tmp_path: Path, sig: signal.Signals) -> None:
    def prefect_answers(parent: psutil.Process) -> bool:
        return any(_healthy(p) for p in _prefect_servers(parent))

    _stops_with_nothing_left(tmp_path, sig, _env(tmp_path / "data"), prefect_answers)


def test_serve_ends_the_prefect_server_prefect_forgot(tmp_path: Path) -> None:
    """A start that times out leaves Prefect's server running untracked; the next flow run
    starts another. Both end with `duthao serve`."""
    env = _env(
        tmp_path / "data",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="1",
        DUTHAO_SWEEP_INTERVAL_SECONDS="3",
    )
    _stops_with_nothing_left(
        tmp_path, signal.SIGTERM, env, lambda parent: len(_prefect_servers(parent)) >= 2
    )
