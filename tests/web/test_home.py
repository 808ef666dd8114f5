"""The read-only overview shows the real records, with hostile text escaped."""

from fastapi.testclient import TestClient

from models.commands.directives import directive_create
from tests.conftest import T0
from tests.factories import world
from web.app import create_app


def test_home_lists_directives_escaped(engine, session, settings):  # type: ignore[no-untyped-def]
    w = world(session, T0)
    d, _ = directive_create(
        session,
        title="Chỉ thị <script>alert(1)</script> về dân vận",
        issuer_id=w.issuer.id,
        drafting_unit_id=w.drafting.id,
        assignment_number="1704-TB/TU",
        by="canbo",
        now=T0,
    )
    app = create_app(settings, engine=engine, run_sweep=False)
    with TestClient(app) as client:
        page = client.get("/")
        assert page.status_code == 200
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
        assert "<script>alert(1)" not in page.text
        audit = client.get(f"/directives/{d.id}/audit")
        assert "directive.create" in audit.text and "1704-TB/TU" in audit.text
        missing = client.get("/directives/99999/audit")
        assert missing.status_code == 404
        assert "Không tìm thấy" in missing.text
