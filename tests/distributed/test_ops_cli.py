"""The operations commands refuse to run half-configured, with a Vietnamese reason.

Run as real processes with a clean environment: Prefect reads its settings from the
environment (and a test harness in this process would otherwise answer for it).
"""

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

DUTHAO = Path(sys.executable).parent / "duthao"


def run(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {
        "PATH": os.environ.get("PATH", ""),
        "HOME": str(tmp_path),
        "DUTHAO_DATA_DIR": str(tmp_path / "data"),
        "PREFECT_HOME": str(tmp_path / "prefect"),
        **env,
    }
    return subprocess.run(
        [str(DUTHAO), *args], env=clean, cwd=tmp_path, capture_output=True, text=True, timeout=60
    )


@pytest.mark.parametrize("command", [["deploy"], ["worker", "--pool", "duthao"]])
def test_distributed_commands_need_a_prefect_server(tmp_path: Path, command: list[str]) -> None:
    done = run(tmp_path, *command)
    assert done.returncode == 2
    assert "Chưa đặt PREFECT_API_URL" in done.stderr and "Prefect server" in done.stderr


def test_the_prefect_server_needs_its_own_database(tmp_path: Path) -> None:
    done = run(tmp_path, "prefect-server", "--port", "4299")
    assert done.returncode == 2
    assert "PREFECT_SERVER_DATABASE_CONNECTION_URL" in done.stderr
    assert "PostgreSQL riêng" in done.stderr


def test_deploy_gives_up_on_a_silent_server(tmp_path: Path) -> None:
    with socket.socket() as s:  # a port nobody listens on
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    done = run(tmp_path, "deploy", "--wait", "1", PREFECT_API_URL=f"http://127.0.0.1:{port}/api")
    assert done.returncode == 1
    assert "Prefect API không trả lời sau 1 giây." in done.stderr
