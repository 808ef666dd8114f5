"""The dashboard shows the user's body's directives, with hostile text escaped."""

from models.commands.directives import directive_create
from tests.conftest import T0
from tests.web.officer_kit import make_site


def test_dashboard_lists_own_directives_escaped(engine, session, settings):
    site = make_site(engine, session, settings)
    w = site.world
    d, _ = site.run(
        directive_create,
        title="Chỉ thị <script>alert(1)</script> về dân vận",
        issuer_id=w.issuer.id,
        drafting_unit_id=w.drafting.id,
        assignment_number="1704-TB/TU",
        by="hoa",
        now=T0,
    )
    hoa = site.client("hoa")
    page = hoa.get("/")
    assert page.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script>alert(1)" not in page.text
    assert "Soạn và đưa lên bản dự thảo đầu tiên" in page.text
    audit = hoa.get(f"/directives/{d.id}/audit")
    assert "directive.create" in audit.text and "1704-TB/TU" in audit.text
    missing = hoa.get("/directives/99999")
    assert missing.status_code == 404 and "Không tìm thấy" in missing.text
    # An officer of another drafting body does not even see it listed.
    assert "về dân vận" not in site.client("khac").get("/").text
    assert "về dân vận" in site.client("lanh").get("/").text
