"""The JSON API's routes are sync (FastAPI runs them in worker threads with no event loop);
dispatching a flow from one must start it on the app's loop, not fail with a 500."""

import asyncio
from typing import Any

import pytest
from fastapi import FastAPI, Request
from fastapi.testclient import TestClient

from flows.dispatcher import EmbeddedDispatcher
from flows.registry import FLOWS


def test_a_sync_route_dispatches_a_flow(monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[dict[str, Any]] = []

    async def probe(**params: Any) -> None:
        await asyncio.sleep(0)
        ran.append(params)

    monkeypatch.setitem(FLOWS, "probe", probe)
    app = FastAPI()
    app.state.dispatcher = EmbeddedDispatcher()

    @app.post("/act")
    def act(request: Request) -> dict[str, str]:
        request.app.state.dispatcher.submit("probe", {"round_id": 7}, key="probe:7")
        return {"status": "accepted"}

    @app.get("/drain")
    async def drain(request: Request) -> dict[str, int]:
        await request.app.state.dispatcher.drain()
        return {"ran": len(ran)}

    with TestClient(app) as client:
        assert client.post("/act").json() == {"status": "accepted"}
        assert client.get("/drain").json() == {"ran": 1}
    assert ran == [{"round_id": 7}]
