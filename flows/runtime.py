"""What a flow run needs from its process: settings, the app database, the links signer.

Embedded, the app (or a test) calls `configure` with its own settings and engine; a Prefect
worker in the distributed topology reads the settings from its environment on first use.
"""

import os
from dataclasses import dataclass
from typing import Any

from sqlalchemy.engine import Engine

from models.db import make_engine
from models.settings import Settings
from models.tokens import Links


@dataclass
class Runtime:
    settings: Settings
    engine: Engine
    # Optional providers wired by the composition root (kept as callables so flows do not
    # import the documents or notifications layers' internals).
    extras: dict[str, Any]

    @property
    def links(self) -> Links:
        return Links(base_url=self.settings.base_url, secret=self.settings.secret_key)


_current: Runtime | None = None


def prefect_environment(settings: Settings) -> None:
    """Prefect's own settings, before Prefect is first imported in this process."""
    settings.prefect_home.mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("PREFECT_HOME", str(settings.prefect_home))
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
    # The ephemeral server's default 20 s start-up wait times out on a loaded machine.
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")


def configure(settings: Settings, engine: Engine | None = None, **extras: Any) -> Runtime:
    global _current
    _current = Runtime(
        settings=settings,
        engine=engine or make_engine(settings.db_url, pool_size=settings.db_pool_size),
        extras=dict(extras),
    )
    return _current


def current() -> Runtime:
    if _current is None:
        return configure(Settings())
    return _current
