"""Flows run against a real (temporary) Prefect server: one harness per test process."""

import os
from collections.abc import Iterator

import pytest

from flows import runtime

# Every flow test runs on the same xdist worker, so the ~10 s harness starts once.
pytestmark = pytest.mark.xdist_group("prefect")


@pytest.fixture(scope="session")
def prefect_harness(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    os.environ["PREFECT_HOME"] = str(tmp_path_factory.mktemp("prefect-home"))
    os.environ["PREFECT_SERVER_ANALYTICS_ENABLED"] = "false"
    os.environ["PREFECT_LOGGING_LEVEL"] = "WARNING"
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=60):
        yield


@pytest.fixture
def flow_runtime(prefect_harness, engine, settings):  # type: ignore[no-untyped-def]
    """The flows' runtime pointed at this test's database, with no extra side effects."""
    rt = runtime.configure(settings, engine)
    yield rt
    runtime._current = None
