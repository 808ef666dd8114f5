"""Fixtures shared by every layer: one engine fixture over SQLite and PostgreSQL."""

import os
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from hypothesis import settings as hypothesis_settings
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel

from models.db import create_all, make_engine
from models.settings import Settings
from models.tokens import Links
from tests.pg import drop_schema, fresh_schema, postgres_answers, postgres_url

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")

# Property tests check behaviour, never speed: a loaded machine (CI beside other runs) must not
# fail an example for taking longer than hypothesis's default 200 ms.
hypothesis_settings.register_profile("duthao", deadline=None)
hypothesis_settings.load_profile("duthao")

_pg_state: dict[str, object] = {}


def _pg_available() -> bool:
    if "ok" not in _pg_state:
        _pg_state["ok"] = postgres_answers(postgres_url())
    return bool(_pg_state["ok"])


def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "gw0")


@pytest.fixture(scope="session")
def pg_engine() -> Iterator[Engine]:
    if not _pg_available():
        if os.environ.get("DUTHAO_REQUIRE_POSTGRES") == "1":
            pytest.fail("PostgreSQL is required (DUTHAO_REQUIRE_POSTGRES=1) but does not answer")
        pytest.skip("PostgreSQL does not answer")
    # One schema per test process: parallel runs (CI, other checkouts) never share tables.
    schema = f"duthao_test_{_worker()}_{os.getpid()}"
    url = fresh_schema(postgres_url(), schema)
    # Few idle connections: PostgreSQL's 100 are shared by both test workers and other runs;
    # the 50-thread tests borrow overflow connections, which close when handed back.
    engine = make_engine(url, pool_size=4, max_overflow=56)
    create_all(engine)
    yield engine
    engine.dispose()
    drop_schema(postgres_url(), schema)


def _truncate(engine: Engine) -> None:
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with engine.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@pytest.fixture(params=["sqlite", "postgres"])
def engine(request: pytest.FixtureRequest, tmp_path) -> Iterator[Engine]:
    """An empty database with every table: a fresh SQLite file, or a truncated PG schema."""
    if request.param == "sqlite":
        eng = make_engine(f"sqlite:///{tmp_path / 'test.sqlite3'}")
        create_all(eng)
        yield eng
        eng.dispose()
    else:
        eng = request.getfixturevalue("pg_engine")
        _truncate(eng)
        yield eng


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    s = Session(engine, expire_on_commit=False)
    yield s
    s.rollback()
    s.close()


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """A real temporary Prefect server, once per test process (~10 s to start)."""
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=90):
        yield


@pytest.fixture
def flow_runtime(prefect_harness, engine, settings):
    """The flows' runtime pointed at this test's database: mail delivered, no documents."""
    from duthao.wiring import delivery_providers
    from flows import runtime

    rt = runtime.configure(settings, engine, **delivery_providers())
    yield rt
    runtime._current = None


@pytest.fixture
def links() -> Links:
    return Links(base_url="http://duthao.test", secret="test-secret")


@pytest.fixture
def settings(tmp_path) -> Settings:
    return Settings(
        data_dir=tmp_path / "data", secret_key="test-secret", base_url="http://duthao.test"
    )


T0 = datetime(2023, 7, 4, 1, 0, tzinfo=UTC)  # 08:00 on 04/7/2023 in Vietnam
