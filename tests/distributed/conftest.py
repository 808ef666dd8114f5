"""The distributed tests. The whole-topology test (marked e2e) starts a Prefect server, a
worker and a web server and needs ~20 PostgreSQL connections for 2-3 minutes: it runs when
asked for (`pytest -m e2e`, `make e2e-distributed`) and is deselected otherwise, so the
main suite's PostgreSQL tests keep their connections."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: starts the distributed topology (Prefect server, worker, web, SMTP)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if "e2e" in (config.getoption("markexpr") or ""):
        return
    e2e = [item for item in items if item.get_closest_marker("e2e")]
    if e2e:
        config.hook.pytest_deselected(items=e2e)
        items[:] = [item for item in items if not item.get_closest_marker("e2e")]
