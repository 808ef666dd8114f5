"""The app's shutdown waits for a sweep cut short to finish before it goes on: a flow run
cancelled mid-way reports its crash to Prefect's server, which stops right after the app's
lifespan (duthao/processes.py); a sweep left to end later retried against a dead server and
`duthao serve` outlived SIGTERM by minutes (CI, 2026-12-01)."""

import asyncio

import pytest

import web.app
from models.settings import Settings


async def test_shutdown_waits_for_the_cancelled_sweep(
    monkeypatch: pytest.MonkeyPatch, settings: Settings, engine
) -> None:
    order: list[str] = []
    started = asyncio.Event()

    async def slow_sweep() -> None:
        started.set()
        try:
            await asyncio.sleep(60)
        except asyncio.CancelledError:
            await asyncio.sleep(0.2)  # the crash report to Prefect's server takes a moment
            order.append("sweep ended")
            raise

    monkeypatch.setattr(web.app, "sweep_flow", slow_sweep)
    settings = settings.model_copy(update={"sweep_interval_seconds": 0.01})
    app = web.app.create_app(settings, engine=engine, run_sweep=True)
    reactor_stop = app.state.reactor.stop

    async def stop() -> None:
        order.append("reactor stopped")
        await reactor_stop()

    monkeypatch.setattr(app.state.reactor, "stop", stop)
    async with app.router.lifespan_context(app):
        await asyncio.wait_for(started.wait(), 10)
    order.append("lifespan ended")
    assert order == ["sweep ended", "reactor stopped", "lifespan ended"]
