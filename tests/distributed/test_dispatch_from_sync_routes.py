"""The JSON API's routes are sync (FastAPI runs them in worker threads with no event loop);
a command's events recorded in one must wake the app's reactor on its loop, not fail with a
500, and the reaction starts without anyone draining by hand."""

import time

from flows.reactions import Reaction
from models.ids import id_of
from tests.web.test_unit_support import bearer, running


def _wait_for(ran: list[Reaction], flow: str, seconds: float = 10.0) -> list[Reaction]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = [r for r in ran if r.flow == flow and "synthesis" in r.params["families"]]
        if found:
            return found
        time.sleep(0.05)
    return []


def test_a_sync_route_wakes_the_reactor(engine, session, settings) -> None:
    settings = settings.model_copy(update={"react_poll_seconds": 3600.0})  # only a wake-up
    with running(engine, session, settings) as (case, client):
        auth = bearer(session, id_of(case.w.officer))
        ran: list[Reaction] = case.app.state.reactor.drainer.runner.ran
        rid = case.opened.round.id
        closed = client.post(f"/api/v1/rounds/{rid}/close", headers=auth)
        assert closed.status_code == 200, closed.text
        docs = _wait_for(ran, "render-documents")
        assert [r.params["families"] for r in docs] == [[f"letter:{rid}", "synthesis", "report"]]
