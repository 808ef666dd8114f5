"""Prefect tasks around the commands: each opens a session, runs one command, returns ids.

Commands are synchronous (SQLModel sessions); tasks run them in a thread so async flows
stay responsive. Results are plain data so they cross process boundaries in distributed mode.
"""

import asyncio
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from prefect import task
from prefect.cache_policies import NO_CACHE
from sqlmodel import Session

from flows.runtime import current
from models.db import session_scope
from models.errors import DomainError

T = TypeVar("T")


def when(iso: str | None) -> datetime:
    """A flow's `now` parameter: ISO text (so a test or the replay can move the clock)."""
    if not iso:
        return datetime.now(UTC)
    moment = datetime.fromisoformat(iso)
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def day(iso: str | None) -> date | None:
    return date.fromisoformat(iso) if iso else None


async def in_session(fn: Callable[[Session], T]) -> T:
    def run() -> T:
        with session_scope(current().engine) as session:
            return fn(session)

    return await asyncio.to_thread(run)


def _transient(task: Any, task_run: Any, state: Any) -> bool:
    """Retry database hiccups, never a rule's refusal (it would refuse again)."""
    try:
        state.result()
    except DomainError:
        return False
    except Exception:
        return True
    return False


# No cache: the DB, not Prefect's task cache, decides whether a command already ran.
@task(
    name="run-command",
    retries=2,
    retry_delay_seconds=1,
    cache_policy=NO_CACHE,
    retry_condition_fn=_transient,
)
async def command(fn: Callable[[Session], Any], label: str = "") -> Any:
    """Run one command in its own transaction (retried on transient DB errors)."""
    return await in_session(fn)
