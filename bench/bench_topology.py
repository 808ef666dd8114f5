"""The comment-submission benchmark of bench_web, rerun on the distributed topology's web tier:
`duthao serve --workers 1|2|4` (uvicorn worker processes) on PostgreSQL.

For each worker count, in the same run: the bare insert endpoint (the limit) and the unit's
comment form, 64 concurrent clients. Prints requests/s, p50/p99 and the ratios form/bare and
N workers / 1 worker. A comment touches the database only (no flow, no Prefect call), so no
Prefect server is needed for this path even with DUTHAO_TOPOLOGY=distributed.
Run: `python -m bench.run topology` (DUTHAO_BENCH_SECONDS, DUTHAO_BENCH_WORKERS=1,2,4).
"""

import asyncio
import os
import subprocess
import tempfile
import time
from pathlib import Path

import httpx

from bench.bench_web import CLIENTS, DUTHAO, PG_URL, ROOT, SECONDS, free_port, load, seed

WORKERS = [int(n) for n in os.environ.get("DUTHAO_BENCH_WORKERS", "1,2,4").split(",")]


def start(url: str, data_dir: Path, workers: int) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "DUTHAO_DATABASE_URL": url,
        "DUTHAO_DATA_DIR": str(data_dir),
        "DUTHAO_SECRET_KEY": "bench-secret",
        "DUTHAO_TOPOLOGY": "distributed",
        "DUTHAO_SWEEP_ENABLED": "false",
        "DUTHAO_BENCH_BARE": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    }
    argv = ["serve", "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    proc = subprocess.Popen(
        [*DUTHAO, *argv],
        env=env,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        start_new_session=True,  # the uvicorn workers stop with their parent's group
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(450):
        if proc.poll() is not None:
            raise RuntimeError(f"duthao serve --workers {workers} exited")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return proc, base
        except httpx.HTTPError:
            time.sleep(0.2)
    proc.kill()
    raise RuntimeError(f"duthao serve --workers {workers} did not answer within 90 s")


def stop(proc: subprocess.Popen[bytes]) -> None:
    os.killpg(proc.pid, 15)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)
        proc.wait()


def measure(workers: int) -> tuple[tuple[float, ...], tuple[float, ...]]:
    """(bare, form) figures against a fresh PostgreSQL schema served by `workers` workers."""
    from tests.pg import drop_schema, fresh_schema

    schema = f"duthao_bench_topology_{os.getpid()}_{workers}"
    url = fresh_schema(PG_URL, schema)
    try:
        targets = seed(url)
        with tempfile.TemporaryDirectory() as tmp:
            proc, base = start(url, Path(tmp), workers)
            try:
                bare = asyncio.run(load(base, targets, bare=True))
                form = asyncio.run(load(base, targets, bare=False))
            finally:
                stop(proc)
    finally:
        drop_schema(PG_URL, schema)
    return bare, form


def main() -> None:
    from tests.pg import postgres_answers

    if not postgres_answers(PG_URL):
        print("postgresql: not answering at", PG_URL.split("@")[-1], "— skipped")
        return
    print(
        f"comment form, {CLIENTS} concurrent clients, {SECONDS:.0f} s per phase, PostgreSQL; "
        f"{os.cpu_count()} CPU cores on this machine (the clients share them); "
        f"load average {os.getloadavg()[0]:.1f} at start"
    )
    one = None
    for n in WORKERS:
        bare, form = measure(n)
        one = one or form[0]
        print(
            f"workers {n}: bare {bare[0]:7.1f} req/s | form {form[0]:7.1f} req/s "
            f"p50 {form[1]:6.1f} ms p99 {form[2]:6.1f} ms errors {form[3]} | "
            f"form/bare {form[0] / bare[0]:.2f} | form vs 1 worker {form[0] / one:.2f}"
        )


if __name__ == "__main__":
    main()
