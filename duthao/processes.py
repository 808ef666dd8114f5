"""Every process the app starts ends with it.

In the embedded topology the first flow run makes Prefect start its ephemeral API server, a
`uvicorn … prefect.server.api.server:create_app` child, which Prefect stops from an atexit
hook only. uvicorn handles SIGTERM gracefully and then raises it again with the default
disposition, which kills the interpreter without running atexit hooks: the child was left
running for good. Two measures, each enough on its own:

- the app's lifespan stops Prefect's ephemeral server when the app shuts down (`own_children`),
  which covers every uvicorn worker process too;
- `duthao serve` turns SIGTERM into a normal exit (`exit_on_sigterm`), so `finally` blocks
  (the mail sink) and atexit hooks run as they do on Ctrl-C.
"""

import asyncio
import contextlib
import signal
import sys
import threading
from collections.abc import AsyncIterator
from types import FrameType
from typing import Any

from fastapi import FastAPI


def stop_prefect_server() -> None:
    """Stop Prefect's ephemeral API server if this process started one (Prefect's own stop:
    terminate, then kill after 5 s)."""
    module = sys.modules.get("prefect.server.api.server")
    if module is None:  # never imported: no ephemeral server was started here
        return
    # The instance Prefect's ephemeral client starts: the one with no fixed port (Prefect
    # keeps one per port). Stopping an instance that never started does nothing.
    module.SubprocessASGIServer().stop()


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
