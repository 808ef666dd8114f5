"""The demo replay runs its flows under the same Prefect harness as tests/flows."""

from tests.flows.conftest import prefect_harness  # noqa: F401 (the shared session fixture)
