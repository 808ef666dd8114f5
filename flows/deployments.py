"""Every flow as a Prefect deployment on a `process` work pool (the distributed topology).

Deployments are named `<flow>/<flow>` because the distributed drainer calls
`run_deployment(f"{name}/{name}")`. Entry points are module paths (`flows.sweep.sweep_flow`):
the worker's image holds the code, so nothing is uploaded or pulled. Flow runs start through
`duthao flow-run` rather than `python -m prefect.engine`, so each run's process is wired by
the composition root (documents rendered, outbox delivered) like the embedded app.
Registering again updates the same deployments in place.
"""

import asyncio
from typing import Any
from uuid import UUID

from flows.registry import FLOWS

DEFAULT_POOL = "duthao"
SWEEP_CRON = "* * * * *"
FLOW_RUN_COMMAND = "duthao flow-run"


def all_flows() -> dict[str, Any]:
    """Every flow, by deployment name."""
    return dict(FLOWS)


async def ensure_pool(pool: str) -> None:
    """Create the `process` work pool unless it exists (an existing one is left as it is)."""
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolCreate
    from prefect.exceptions import ObjectNotFound

    async with get_client() as client:
        try:
            await client.read_work_pool(pool)
        except ObjectNotFound:
            await client.create_work_pool(WorkPoolCreate(name=pool, type="process"))


async def wait_for_api(timeout: float) -> None:
    """In compose the server may still be starting: wait until its API answers."""
    from prefect.client.orchestration import get_client

    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    async with get_client() as client:
        while True:
            if await client.api_healthcheck() is None:
                return
            if loop.time() > deadline:
                raise RuntimeError(f"Prefect API không trả lời sau {timeout:.0f} giây.")
            await asyncio.sleep(1)


async def register(pool: str = DEFAULT_POOL, sweep_cron: str = SWEEP_CRON) -> dict[str, UUID]:
    """Create or update one deployment per flow; returns deployment ids by flow name."""
    from prefect.deployments.runner import EntrypointType

    await ensure_pool(pool)
    ids: dict[str, UUID] = {}
    for name, fn in sorted(all_flows().items()):
        if fn.name != name:  # the drainer runs "<name>/<name>"
            raise RuntimeError(f"Flow {fn.name!r} is registered as {name!r}.")
        options: dict[str, Any] = {}
        if name == "sweep":
            # One sweep at a time: a slow one is not overtaken by the next minute's.
            options = {"cron": sweep_cron, "concurrency_limit": 1}
        deployment = await fn.ato_deployment(
            name=name,
            work_pool_name=pool,
            job_variables={"command": FLOW_RUN_COMMAND},
            entrypoint_type=EntrypointType.MODULE_PATH,
            tags=["duthao"],
            description=(fn.description or "").strip() or None,
            **options,
        )
        ids[name] = await deployment.aapply(work_pool_name=pool)
    return ids
