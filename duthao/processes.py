"""Every process the app starts ends with it.

In the embedded topology the first flow run makes Prefect start its ephemeral API server, a
`uvicorn … prefect.server.api.server:create_app` child, which Prefect stops from an atexit
hook only. uvicorn handles SIGTERM gracefully and then raises it again with the default
disposition, which kills the interpreter without running atexit hooks: the child was left
running for good. Two measures, each enough on its own:

- the app's lifespan stops Prefect's ephemeral server when the app shuts down (`own_children`),
  Prefect's own stop first, then any such child it lost track of; this covers every uvicorn
  worker process too;
- `duthao serve` turns SIGTERM into a normal exit (`exit_on_sigterm`), so `finally` blocks
  (the mail sink) and atexit hooks run as they do on Ctrl-C.
"""

import asyncio
import contextlib
import os
import signal
import sys
import threading
import time
from collections.abc import AsyncIterator
from pathlib import Path
from types import FrameType
from typing import Any

from fastapi import FastAPI

PREFECT_APP = "prefect.server.api.server:create_app"  # the ephemeral server's command line


def stop_prefect_server() -> None:
    """Stop Prefect's ephemeral API server if this process started one (Prefect's own stop:
    terminate, then kill after 5 s)."""
    module = sys.modules.get("prefect.server.api.server")
    if module is None:  # never imported: no ephemeral server was started here
        return
    # The instance Prefect's ephemeral client starts: the one with no fixed port (Prefect
    # keeps one per port). Stopping an instance that never started does nothing.
    module.SubprocessASGIServer().stop()


def _children() -> list[int]:
    """This process's Prefect server children, from /proc (Linux; elsewhere none found)."""
    me, found = os.getpid(), []
    for entry in Path("/proc").glob("[0-9]*"):
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            command = (entry / "cmdline").read_bytes().decode(errors="replace")
            if ppid == me and PREFECT_APP in command:
                found.append(int(entry.name))
        except (OSError, ValueError, IndexError):
            continue  # gone meanwhile, or not readable
    return found


def _reaped(pid: int) -> bool:
    try:
        return os.waitpid(pid, os.WNOHANG)[0] == pid
    except ChildProcessError:
        return True


def end_prefect_children(grace: float = 5.0) -> None:
    """Any Prefect API server child still running: Prefect forgets one whose start timed out
    (it starts another on the next flow run), so its own stop misses it. SIGTERM, then
    SIGKILL after `grace` seconds."""
    pids = _children()
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while pids and time.monotonic() < deadline:
        pids = [pid for pid in pids if not _reaped(pid)]
        time.sleep(0.1)
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, 0)


def own_children(app: FastAPI) -> FastAPI:
    """Wrap the app's lifespan: after its own shutdown, stop the processes it started."""
    inner = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(application: Any) -> AsyncIterator[Any]:
        try:
            async with inner(application) as state:
                yield state
        finally:
            await asyncio.to_thread(stop_prefect_server)
            await asyncio.to_thread(end_prefect_children)

    app.router.lifespan_context = lifespan
    return app


def _exit(signum: int, _frame: FrameType | None) -> None:
    raise SystemExit(128 + signum)


def exit_on_sigterm() -> None:
    """SIGTERM exits like SIGINT does (SystemExit rather than death by signal). uvicorn puts
    this handler back after its graceful shutdown and raises the signal again, which now runs
    the cleanup. Only the main thread can set signal handlers."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _exit)
