"""`duthao serve` ends every process it started: once its sweep has run a flow (which starts
Prefect's ephemeral API server, a `uvicorn … prefect.server.api.server:create_app` child),
SIGTERM (kill, systemd) or SIGINT (Ctrl-C) stops the server and leaves no descendant."""

import os
import signal
import socket
import subprocess
import sys
import time
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


def _env(data: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DUTHAO_", "PREFECT_"))}
    env.update(
        DUTHAO_DATA_DIR=str(data),
        DUTHAO_SWEEP_INTERVAL_SECONDS="0.5",
        DUTHAO_SMTP_PORT=str(_free_port()),  # nothing listens: delivery defers, harmless
        DUTHAO_SMTP_TIMEOUT="2",
    )
    return env


def _prefect_server(parent: psutil.Process) -> psutil.Process | None:
    for child in parent.children(recursive=True):
        try:
            if PREFECT_APP in " ".join(child.cmdline()):
                return child
        except psutil.NoSuchProcess:
            continue
    return None


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


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_leaves_no_process_behind(tmp_path: Path, sig: signal.Signals) -> None:
    env = _env(tmp_path / "data")
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
        deadline = time.monotonic() + 180
        server = None
        while time.monotonic() < deadline and serve.poll() is None:
            if server is None or not server.is_running():  # Prefect retries on a taken port
                server = _prefect_server(parent)
            if server is not None and _healthy(server):
                break
            time.sleep(0.5)
        output = (tmp_path / "serve.log").read_text()
        assert serve.poll() is None, output
        assert server is not None and _healthy(server), "the sweep never started Prefect"
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
