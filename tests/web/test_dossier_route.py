"""The dossier's action on the directive page and its API twin: a ZIP with the unit's reply
file for those who may see the directive; another body's officer gets 404 (issue 11, item 11)."""

import io
import json
import zipfile

from sqlmodel import select

from models.tables import User
from tests.web.officer_kit import csrf_of, make_site
from tests.web.test_reply_files import PDF, _round
from tests.web.test_unit_support import bearer


def test_dossier_page_and_api(engine, session, settings):
    site = make_site(engine, session, settings)
    did, rid, tokens, invs = _round(site, settings)
    unit = site.world.units[0]
    client = site.client(None)
    url = f"/u/{tokens[unit.id]}"
    r = client.post(
        f"{url}/reply-files",
        data={"csrf_token": csrf_of(client, url), "reply_number": "125-CV/BTGTU"},
        files={"file": ("Trả lời.pdf", PDF)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    hoa = site.client("hoa")
    assert f'href="/directives/{did}/dossier.zip"' in hoa.get(f"/directives/{did}").text
    got = hoa.get(f"/directives/{did}/dossier.zip")
    assert got.status_code == 200 and got.headers["content-type"] == "application/zip"
    assert f"ho-so-du-thao-{did}.zip" in got.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(got.content)) as z:
        names = z.namelist()
        reply = "tra-loi/lan-1/Ban-Tuyen-giao-Tinh-uy/Tra-loi.pdf"
        assert reply in names and z.read(reply) == PDF
        assert "van-ban/cong-van-490-CV-BDVTU.pdf" in names
        manifest = json.loads(z.read("manifest.json"))
        assert manifest["Directive"]["Number"] == ""
    assert not list((settings.data_dir / "tmp").iterdir())  # the temporary ZIP is gone
    assert site.client("khac").get(f"/directives/{did}/dossier.zip").status_code == 404
    # A reply file lost from the disk is named in the manifest; the dossier still comes.
    for stored in (settings.data_dir / "replies").rglob("*.pdf"):
        stored.unlink()
    again = hoa.get(f"/directives/{did}/dossier.zip")
    assert again.status_code == 200
    with zipfile.ZipFile(io.BytesIO(again.content)) as z:
        assert reply not in z.namelist()
        docs = json.loads(z.read("manifest.json"))["Documents"]
        (lost,) = [d for d in docs if "MissingFile" in d]
        assert lost["MissingFile"]["Name"] == "Trả lời.pdf" and lost["Attachments"] == []

    hoa_id = site.one(select(User.id).where(User.username == "hoa"))
    khac_id = site.one(select(User.id).where(User.username == "khac"))
    api = site.client(None)
    path = f"/api/v1/directives/{did}/dossier.zip"
    ok = api.get(path, headers=site.run(bearer, user_id=hoa_id))
    assert ok.status_code == 200 and ok.content[:4] == b"PK\x03\x04"
    refused = api.get(path, headers=site.run(bearer, user_id=khac_id))
    assert refused.status_code == 404
    missing = api.get("/api/v1/directives/999999/dossier.zip", headers=ok.request.headers)
    assert refused.text.replace(str(did), "999999") == missing.text  # worded as a missing one
