"""Admission to the database: how many requests may hold a connection at once, and how long
a request waits for its turn (in the event loop, holding no connection and no thread).

Without it, a burst of sync handlers each checked a connection out in the thread pool and
then waited there: for SQLite's write lock (busy timeout), or for a thread to run the end of
another request that would hand its connection back. With every thread waiting on the pool
and every connection waiting on a thread, nothing moved until the pool timeout (30 s), then
"QueuePool limit … reached" and "database is locked" answered as 500s.

Here a request is let in only when a connection is sure to be free (`slots` ≤ the pool's
size; the overflow stays for flows and the CLI), and on SQLite only one writing request at a
time goes in, since the database has one writer anyway: the others wait here, not in the
busy timeout. Waiting longer than `wait_seconds` answers 503 (web/errors.py).
"""

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from sqlalchemy.engine import Engine
from sqlalchemy.pool import QueuePool


class Busy(Exception):
    """No database connection became free in time: 503, try again shortly."""


class Admission:
    def __init__(self, *, slots: int, writers: int, wait_seconds: float) -> None:
        self.slots, self.writers, self.wait_seconds = slots, min(writers, slots), wait_seconds
        self.inside = 0  # requests holding a slot now
        self._loop: asyncio.AbstractEventLoop | None = None
        self._all = asyncio.Semaphore(self.slots)
        self._write = asyncio.Semaphore(self.writers)

    def _semaphores(self) -> tuple[asyncio.Semaphore, asyncio.Semaphore]:
        # A semaphore belongs to one event loop; a server (or a test client) started again
        # on a new loop gets fresh ones.
        loop = asyncio.get_running_loop()
        if loop is not self._loop:
            self._loop = loop
            self._all = asyncio.Semaphore(self.slots)
            self._write = asyncio.Semaphore(self.writers)
        return self._all, self._write

    @asynccontextmanager
    async def slot(self, *, write: bool) -> AsyncIterator[None]:
        every, writers = self._semaphores()
        taken: list[asyncio.Semaphore] = []
        try:
            async with asyncio.timeout(self.wait_seconds):
                # Writers first, then a connection: a writer waiting for its turn holds no
                # connection that a reader could use.
                for sem in (writers, every) if write else (every,):
                    await sem.acquire()
                    taken.append(sem)
        except TimeoutError:
            for sem in taken:
                sem.release()
            raise Busy from None
        except BaseException:
            for sem in taken:
                sem.release()
            raise
        self.inside += 1
        try:
            yield
        finally:
            self.inside -= 1
            for sem in taken:
                sem.release()


def admission_for(engine: Engine, *, wait_seconds: float) -> Admission:
    """As many requests as the pool keeps connections; SQLite has one writer, so one writing
    request at a time there, while PostgreSQL writes in parallel."""
    pool = engine.pool
    slots = pool.size() if isinstance(pool, QueuePool) else 1
    writers = 1 if engine.dialect.name == "sqlite" else slots
    return Admission(slots=slots, writers=writers, wait_seconds=wait_seconds)
