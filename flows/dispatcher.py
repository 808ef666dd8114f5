"""How the web tier and the CLI reach flows: one interface, two topologies.

- Embedded: `submit` starts the flow as an asyncio task in this process and returns at once;
  `run` awaits it. A key already running is not started twice (a double click).
- Distributed: `submit` calls Prefect's `run_deployment(..., timeout=0, idempotency_key=key)`
  so the flow runs on a worker, once per key.
"""

import asyncio
import logging
from collections.abc import Callable
from typing import Any, Protocol

from flows.registry import FLOWS

log = logging.getLogger("duthao.dispatcher")


class Dispatcher(Protocol):
    async def run(self, name: str, params: dict[str, Any], *, key: str | None = None) -> Any: ...

    def submit(self, name: str, params: dict[str, Any], *, key: str | None = None) -> None: ...

    async def drain(self) -> None: ...


def _on_loop(start: Callable[[], None]) -> None:
    """Sync routes run in anyio's worker threads, which have no event loop: the flow's task
    is started on the app's loop instead (`submit` never blocks the request on the flow)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        import anyio.from_thread

        anyio.from_thread.run_sync(start)
        return
    start()


class EmbeddedDispatcher:
    def __init__(self) -> None:
        self._running: dict[str, asyncio.Task[Any]] = {}
        self._tasks: set[asyncio.Task[Any]] = set()
        self.failures: list[tuple[str, BaseException]] = []

    async def run(self, name: str, params: dict[str, Any], *, key: str | None = None) -> Any:
        return await FLOWS[name](**params)

    def submit(self, name: str, params: dict[str, Any], *, key: str | None = None) -> None:
        _on_loop(lambda: self._start(name, params, key))

    def _start(self, name: str, params: dict[str, Any], key: str | None) -> None:
        if key and key in self._running and not self._running[key].done():
            return
        task = asyncio.get_running_loop().create_task(self._guarded(name, params))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)
        if key:
            self._running[key] = task
            task.add_done_callback(lambda _t, k=key: self._running.pop(k, None))

    async def _guarded(self, name: str, params: dict[str, Any]) -> Any:
        try:
            return await self.run(name, params)
        except Exception as exc:  # a background flow must not kill the app; it is logged
            log.exception("flow %s failed", name)
            self.failures.append((name, exc))
            return None

    async def drain(self) -> None:
        """Wait for every submitted flow (tests, shutdown)."""
        while self._tasks:
            await asyncio.gather(*list(self._tasks), return_exceptions=True)


class DistributedDispatcher:
    def __init__(self) -> None:
        self._pending: set[asyncio.Task[Any]] = set()

    async def run(self, name: str, params: dict[str, Any], *, key: str | None = None) -> Any:
        from prefect.deployments import run_deployment

        flow_run = await run_deployment(
            f"{name}/{name}", parameters=params, idempotency_key=key, timeout=None
        )
        return flow_run.state.result() if flow_run.state else None  # type: ignore[union-attr]

    def submit(self, name: str, params: dict[str, Any], *, key: str | None = None) -> None:
        _on_loop(lambda: self._start(name, params, key))

    def _start(self, name: str, params: dict[str, Any], key: str | None) -> None:
        from prefect.deployments import run_deployment

        coro = run_deployment(f"{name}/{name}", parameters=params, idempotency_key=key, timeout=0)
        task = asyncio.get_running_loop().create_task(coro)
        self._pending.add(task)
        task.add_done_callback(self._pending.discard)

    async def drain(self) -> None:
        while self._pending:
            await asyncio.gather(*list(self._pending), return_exceptions=True)


def make_dispatcher(topology: str) -> Dispatcher:
    return DistributedDispatcher() if topology == "distributed" else EmbeddedDispatcher()
