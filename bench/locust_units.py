"""The locust side of bench_load, run in a process of its own (`python -m bench.locust_units
PLAN RESULT`): locust patches the whole process for gevent on import, which the other
benchmarks (asyncio, threads) must not inherit. Not a benchmark itself (no `bench_` prefix).

PLAN (JSON) says where the server is, what to run and with which tokens; RESULT receives the
figures per endpoint. Two phases:
- `bare`: `units` users post the bare insert back to back for `seconds` (the limit);
- `round`: every unit opens its link, adds one comment and submits, once, all starting
  together, while `officers` signed-in officers read the round page about once a second;
  the run ends when the last unit has submitted (or after `seconds`, whichever is first).
Loopback only: the plan's host must be 127.0.0.1.
"""

import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from gevent.event import Event
from locust import FastHttpUser, constant, constant_pacing, events, task
from locust.env import Environment
from locust.exception import StopUser

CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
FORM_KEY = re.compile(r'name="request_key" value="([^"]+)"')
TEXT = "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc và các đoàn thể trong việc nắm tình hình."
PLAN: dict[str, Any] = {}
STATE: dict[str, Any] = {"done": 0, "tokens": [], "finished_at": None, "signed_in": 0}
UNITS_DONE = Event()  # the last unit has submitted: the round is over
OFFICERS_IN = Event()  # every officer has signed in: the units may start


def _expect(response: Any, status: int) -> bool:
    """Mark the request failed unless it answered `status` (no token in the message)."""
    if response.status_code != status:
        response.failure(f"HTTP {response.status_code}")
        return False
    response.success()
    return True


class Unit(FastHttpUser):
    """A consulted unit: its link, one comment, submit; then it stops."""

    wait_time = constant(0)

    def on_start(self) -> None:
        self.token = STATE["tokens"].pop()
        # Signing in is not what is measured (argon2 on purpose takes a while): the units
        # start together once the officers have the round page open.
        OFFICERS_IN.wait(timeout=120)
        STATE.setdefault("units_started", time.monotonic())

    @task
    def answer(self) -> None:
        base = f"/u/{self.token}"
        with self.client.get(base, name="GET /u/[token]", catch_response=True) as page:
            found, key = CSRF.search(page.text or ""), FORM_KEY.search(page.text or "")
            ok = _expect(page, 200)
            if page.status_code == 200 and found is None:
                page.failure("no form token")
        if ok and found is not None:
            form = {"csrf_token": found.group(1)}
            comment = {**form, "position": "agree_with_comments", "text": TEXT}
            if key is not None:
                comment["request_key"] = key.group(1)
            for path, data in (("comments", comment), ("submit", form)):
                with self.client.post(
                    f"{base}/{path}",
                    data=data,
                    name=f"POST /u/[token]/{path}",
                    allow_redirects=False,
                    catch_response=True,
                ) as r:
                    ok = _expect(r, 303)
                if not ok:
                    break
        self._finish()

    def _finish(self) -> None:
        STATE["done"] += 1
        if STATE["done"] == PLAN["units"]:
            STATE["finished_at"] = time.monotonic()
            UNITS_DONE.set()
        raise StopUser()


class Officer(FastHttpUser):
    """A drafting officer with the round page open, reloading it about once a second."""

    wait_time = constant_pacing(1.0)

    def on_start(self) -> None:
        page = self.client.get("/login", name="GET /login")
        found = CSRF.search(page.text or "")
        form = {"username": PLAN["officer"], "password": PLAN["password"]}
        form["csrf_token"] = found.group(1) if found else ""
        with self.client.post(
            "/login", data=form, name="POST /login", allow_redirects=False, catch_response=True
        ) as r:
            _expect(r, 303)
        STATE["signed_in"] += 1
        if STATE["signed_in"] == PLAN["officers"]:
            self.environment.stats.reset_all()  # the figures cover the round, not the sign-ins
            OFFICERS_IN.set()

    @task
    def read_round(self) -> None:
        with self.client.get(
            f"/rounds/{PLAN['round_id']}", name="GET /rounds/[id]", catch_response=True
        ) as r:
            _expect(r, 200)


class Bare(FastHttpUser):
    """The limit: the same comment row inserted with no check, validation, audit or page."""

    wait_time = constant(0)

    @task
    def insert(self) -> None:
        data = {**PLAN["bare_form"], "position": "agree_with_comments", "text": TEXT}
        with self.client.post(
            "/bench/bare", data=data, name="POST /bench/bare", catch_response=True
        ) as r:
            _expect(r, 204)


def _figures(env: Environment, started: float, ended: float) -> dict[str, dict[str, float]]:
    out: dict[str, dict[str, float]] = {}
    for (name, _method), entry in sorted(env.stats.entries.items()):
        if not entry.num_requests:
            continue
        out[name] = {
            "requests": entry.num_requests,
            "errors": entry.num_failures,
            "rps": entry.num_requests / max(ended - started, 1e-9),
            "p50": entry.get_response_time_percentile(0.5),
            "p99": entry.get_response_time_percentile(0.99),
        }
    return out


def run(plan: dict[str, Any]) -> dict[str, Any]:
    PLAN.update(plan)
    assert plan["host"].startswith("http://127.0.0.1:"), "loopback only"
    if plan["phase"] == "bare":
        classes: list[type[FastHttpUser]] = [Bare]
        Bare.fixed_count = plan["units"]
    else:
        classes = [Unit, Officer]
        STATE["tokens"] = list(plan["tokens"])
        Unit.fixed_count, Officer.fixed_count = plan["units"], plan["officers"]
    for cls in classes:
        cls.host = plan["host"]
        # One connection per simulated user, as the units' browsers would have.
        cls.concurrency = 1
        cls.network_timeout = cls.connection_timeout = 120.0
    # A copy typed as Environment takes it: a list of any User class (list is invariant).
    env = Environment(user_classes=list(classes), events=events)
    runner = env.create_local_runner()
    users = sum(c.fixed_count for c in classes)
    started = time.monotonic()
    runner.start(users, spawn_rate=users)  # all of them at once
    UNITS_DONE.wait(timeout=plan["seconds"])  # the bare phase has no units: its time runs out
    ended = STATE["finished_at"] or time.monotonic()
    started = STATE.get("units_started", started)
    runner.quit()
    return {
        "seconds": ended - started,
        "completed": STATE["done"],
        "endpoints": _figures(env, started, ended),
    }


def main(argv: list[str]) -> int:
    plan = json.loads(Path(argv[0]).read_text())
    Path(argv[1]).write_text(json.dumps(run(plan)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
