"""The API fuzzed from its own OpenAPI description (schemathesis, in process over ASGI):
no 5xx, and every answer matches the documented status codes, media types and schemas."""

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given
from hypothesis import settings as fuzzing
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlmodel import Session

from models.commands.answers import answer_submit, comment_save
from models.commands.users import api_token_user, user_create
from models.ids import id_of
from tests.conftest import T0
from tests.web.officer_kit import RecordingRunner
from tests.web.test_unit_support import OPENED_AT, bearer, open_round
from web.app import create_app

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
AUTH: dict[str, str] = {}
ADMIN: dict[str, Any] = {}
MAX_EXAMPLES = 15  # per operation: ~35 s for both databases on 2 cores


@pytest.fixture
def api_schema(engine, session, settings):
    """A directive with an open round and a submitted comment, so small ids hit real rows."""
    _, _, opened = open_round(session, settings)
    token = next(iter(opened.tokens.values()))
    comment_save(session, raw_token=token, position="disagree", text="Không.", now=OPENED_AT)
    answer_submit(session, raw_token=token, now=OPENED_AT)
    admin = user_create(
        session, username="quantri", password="mat-khau-9x-dai-hon", full_name="Quản trị",
        role="admin", by="test", now=T0,
    )  # fmt: skip
    AUTH.update(bearer(session, id_of(admin)))
    ADMIN.update(engine=engine, id=admin.id)
    session.rollback()
    app = create_app(settings, engine=engine, run_sweep=False, runner=RecordingRunner())
    app.state.clock = lambda: OPENED_AT
    return schemathesis.openapi.from_asgi("/openapi.json", app)


def _reissue_if_revoked() -> None:
    """The fuzzer may revoke the very token it calls with (DELETE /api/v1/auth/tokens/{id}):
    a fresh one keeps the operations after it authenticated."""
    with Session(ADMIN["engine"]) as s:
        raw = AUTH["Authorization"].removeprefix("Bearer ")
        if api_token_user(s, raw, now=OPENED_AT) is None:
            AUTH.update(bearer(s, ADMIN["id"]))


def test_api_from_its_openapi(api_schema):
    # One hypothesis run per operation: schemathesis' lazy pytest fixture does not run under
    # pytest 9, so the operations are walked here.
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 30
    # The dossier renders every document of the directive (seconds per call, beyond the
    # fuzzer's 10 s read timeout when the cores are shared); its one parameter is an id,
    # tested by tests/web/test_dossier_route.py and tests/web/test_route_policy.py.
    operations = [op for op in operations if not op.path.endswith("/dossier.zip")]
    for operation in operations:

        @given(case=operation.as_strategy())
        @fuzzing(
            max_examples=MAX_EXAMPLES,
            derandomize=True,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def run(case):
            _reissue_if_revoked()
            case.call_and_validate(headers=AUTH, checks=CHECKS)

        run()
