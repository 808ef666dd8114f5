"""Flows run against a real (temporary) Prefect server: `prefect_harness` and `flow_runtime`
live in tests/conftest.py, shared by every layer that runs flows."""

import pytest

# Ask xdist to keep flow tests on one worker (one harness start) where grouping applies.
pytestmark = pytest.mark.xdist_group("prefect")
