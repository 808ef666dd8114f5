"""A consultation round under load, driven by locust (headless, loopback only, bounded):
200 units open their link, add a comment and submit, all starting together, while 8
signed-in officers read the round page about once a second; against `duthao serve` on SQLite
and on PostgreSQL. The limit, measured in the same run against the same server: the bare
insert of bench_web (the comment row with no token check, validation, audit or page), posted
back to back by as many locust users as there are units.

Prints, per endpoint: requests, requests/s, p50/p99 and errors; the round's unit requests/s
and its ratio to the bare insert; and what the database recorded (every answer once).
Run: `python -m bench.run load` (DUTHAO_BENCH_DATABASES=sqlite or =postgresql runs one
database; DUTHAO_LOAD_UNITS and DUTHAO_LOAD_SECONDS change the size and the time bound).
"""

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, func, select

from bench.bench_web import OFFICER, PASSWORD, ROOT, Target, each_database, seed, serve
from models.db import make_engine
from models.tables import Comment, Invitation

UNITS = int(os.environ.get("DUTHAO_LOAD_UNITS", "200"))
OFFICERS = 8
BARE_SECONDS = float(os.environ.get("DUTHAO_BENCH_SECONDS", "6"))
# The round must end by then; a round still running is reported, not waited for.
LIMIT_SECONDS = float(os.environ.get("DUTHAO_LOAD_SECONDS", "180"))
UNIT_ENDPOINTS = ("GET /u/[token]", "POST /u/[token]/comments", "POST /u/[token]/submit")


def locust(plan: dict[str, Any]) -> dict[str, Any]:
    """One locust phase in its own process (see bench/locust_units.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        plan_file, result = Path(tmp) / "plan.json", Path(tmp) / "result.json"
        plan_file.write_text(json.dumps(plan))
        done = subprocess.run(
            [sys.executable, "-m", "bench.locust_units", str(plan_file), str(result)],
            cwd=ROOT,
            timeout=plan["seconds"] + 120,
            capture_output=True,
            text=True,
            env={**os.environ, "PYTHONWARNINGS": "ignore"},
        )
        if done.returncode != 0:  # locust's own chatter is shown only when it failed
            raise RuntimeError(f"locust ({plan['phase']}) failed:\n{done.stderr[-3000:]}")
        return json.loads(result.read_text())


def recorded(url: str, round_id: int) -> tuple[int, int, int]:
    """(answered invitations, submitted comments, units with more than one comment)."""
    engine = make_engine(url)
    with Session(engine) as s:
        answered = s.exec(
            select(func.count())
            .select_from(Invitation)
            .where(Invitation.round_id == round_id, Invitation.status == "answered")
        ).one()
        per_unit = s.exec(
            select(func.count())
            .select_from(Comment)
            .where(Comment.round_id == round_id, Comment.draft == False)  # noqa: E712
            .group_by(col(Comment.invitation_id))
        ).all()
    engine.dispose()
    return answered, sum(per_unit), sum(1 for n in per_unit if n > 1)


def _line(name: str, label: str, fig: dict[str, float]) -> None:
    print(
        f"{name:10} {label:26} {int(fig['requests']):6d} req {fig['rps']:7.1f} req/s"
        f"  p50 {fig['p50']:7.0f} ms  p99 {fig['p99']:7.0f} ms  errors {int(fig['errors'])}"
    )


def run(name: str, url: str) -> None:
    targets: list[Target] = seed(url, units=UNITS)
    t = targets[0]
    plan: dict[str, Any] = {
        "units": UNITS,
        "officers": OFFICERS,
        "officer": OFFICER,
        "password": PASSWORD,
        "round_id": t.round_id,
    }
    with tempfile.TemporaryDirectory() as tmp:
        proc, base = serve(url, Path(tmp))
        try:
            # The round first, on a fresh round; the bare insert after it (its rows are
            # drafts of one unit and change nothing the round page shows).
            busy = locust(
                {
                    **plan,
                    "host": base,
                    "phase": "round",
                    "seconds": LIMIT_SECONDS,
                    "tokens": [x.token for x in targets],
                }  # fmt: skip
            )
            form = {
                "round_id": t.round_id,
                "invitation_id": t.invitation_id,
                "unit_id": t.unit_id,
                "version_id": t.version_id,
            }
            bare = locust(
                {
                    **plan,
                    "host": base,
                    "phase": "bare",
                    "seconds": BARE_SECONDS,
                    "bare_form": form,
                }  # fmt: skip
            )
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    answered, comments, doubled = recorded(url, t.round_id)
    _report(name, busy, bare, answered, comments, doubled)


def _report(
    name: str,
    busy: dict[str, Any],
    bare: dict[str, Any],
    answered: int,
    comments: int,
    doubled: int,
) -> None:
    ends = busy["endpoints"]
    done = "ended" if busy["completed"] == UNITS else f"stopped at {LIMIT_SECONDS:.0f} s"
    took = busy["seconds"]
    print(f"{name:10} round: {busy['completed']}/{UNITS} units done in {took:.1f} s ({done})")
    for label, fig in ends.items():
        _line(name, label, fig)
    limit = bare["endpoints"].get("POST /bench/bare")
    if limit is None:
        print(f"{name:10} bare insert: no request completed")
        return
    _line(name, "bare insert (limit)", limit)
    unit_requests = sum(ends[e]["requests"] for e in UNIT_ENDPOINTS if e in ends)
    unit_rps = unit_requests / busy["seconds"]
    errors = sum(int(f["errors"]) for f in ends.values())
    print(
        f"{name:10} unit requests {unit_rps:.1f} req/s over the round; ratio to the bare insert "
        f"{unit_rps / limit['rps']:.2f}; errors {errors}"
    )
    verdict = "ok" if answered == UNITS and comments == UNITS and not doubled else "MISMATCH"
    print(
        f"{name:10} recorded: {answered}/{UNITS} answers, {comments} submitted comments, "
        f"{doubled} units with a duplicate ({verdict})"
    )


def main() -> None:
    print(
        f"round of {UNITS} units (link, comment, submit, all at once) + {OFFICERS} officers "
        f"reading the round page ~1/s; bare insert: {UNITS} users for {BARE_SECONDS:.0f} s; "
        f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at start"
    )
    each_database(run, "bench_load")


if __name__ == "__main__":
    main()
