"""The distributed tests: `-m e2e` selects the whole-topology test (make e2e-distributed)."""

import pytest


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "e2e: starts the distributed topology (Prefect server, worker, web, SMTP)"
    )
