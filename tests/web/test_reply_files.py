"""Replies kept as records (issue 11, item 7): a unit attaches its signed reply letter through
its link; an officer enters a paper or e-office reply for a written round; the files show on
the round page and download only to those who may see the directive; hostile files are
refused at the field with nothing stored."""

import io
import re
import zipfile
from datetime import date

from sqlmodel import func, select

from models.commands.rounds import round_open
from models.ids import id_of
from models.tables import Comment, Invitation, ReplyFile, User
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, csrf_of, make_site, post
from tests.web.test_unit_support import bearer

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


def _bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", b"\0" * (40 * 1024 * 1024))
    return out.getvalue()


def _round(site, settings):
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    opened = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in site.world.units],
        letter_number="490-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        by="hoa",
        now=NOW,
        links=links,
    )
    rid = id_of(opened.round)
    invs = {i.unit_id: i.id for i in site.all(select(Invitation).where(Invitation.round_id == rid))}
    return did, rid, opened.tokens, invs


def _stored(settings) -> list:
    root = settings.data_dir / "replies"
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def _count(site) -> int:
    return site.one(select(func.count()).select_from(ReplyFile))


def test_unit_attaches_reply_and_hostile_files_are_refused(engine, session, settings):
    site = make_site(engine, session, settings)
    did, rid, tokens, invs = _round(site, settings)
    unit = site.world.units[0]
    url = f"/u/{tokens[id_of(unit)]}"
    client = site.client(None)
    token = csrf_of(client, url)
    for name, data, message in [
        ("cong-van.pdf", b"<html><script>alert(1)</script></html>", "Chỉ nhận công văn trả lời"),
        ("cong-van.docx", _bomb(), "không nhận"),
        ("trong.pdf", b"", "Tệp rỗng (0 byte)"),
    ]:
        r = client.post(
            f"{url}/reply-files",
            data={"csrf_token": token, "reply_number": "125-CV/BTGTU", "reply_date": "20/7/2023"},
            files={"file": (name, data)},
        )
        assert r.status_code == 422 and message in r.text, name
        assert 'value="125-CV/BTGTU"' in r.text  # what was typed stays
    assert _count(site) == 0 and _stored(settings) == []

    r = client.post(
        f"{url}/reply-files",
        data={"csrf_token": token, "reply_number": "125-CV/BTGTU", "reply_date": "20/7/2023"},
        files={"file": ("../../Công văn 125.pdf", PDF)},
        follow_redirects=False,
    )
    assert r.status_code == 303
    (row,) = site.all(select(ReplyFile))
    assert (row.original_name, row.source, row.uploaded_by, row.size) == (
        "Công văn 125.pdf",
        "link",
        "unit",
        len(PDF),
    )
    # A generated name, never the upload's ("125" may well occur in 32 random hex digits).
    assert re.fullmatch(rf"replies/{did}/[0-9a-f]{{32}}\.pdf", row.stored_path), row.stored_path
    assert _stored(settings) == [settings.data_dir / row.stored_path]
    inv = site.get(Invitation, invs[id_of(unit)])
    assert (inv.reply_number, inv.reply_date) == ("125-CV/BTGTU", date(2023, 7, 20))
    # The unit gets its own file back through its link.
    got = client.get(f"{url}/reply-files/{row.id}")
    assert got.status_code == 200 and got.content == PDF
    # The drafting body sees it on the round page and downloads it; another body: 404.
    hoa = site.client("hoa")
    page = hoa.get(f"/rounds/{rid}").text
    assert f"/invitations/{inv.id}/reply-files/{row.id}" in page and "Công văn 125.pdf" in page
    got = hoa.get(f"/invitations/{inv.id}/reply-files/{row.id}")
    assert got.status_code == 200 and got.content == PDF
    assert site.client("lanh").get(f"/invitations/{inv.id}/reply-files/{row.id}").status_code == 200
    other = site.client("khac").get(f"/invitations/{inv.id}/reply-files/{row.id}")
    assert other.status_code == 404 and PDF.decode()[:8] not in other.text
    # The unit's e-office system attaches through the API twin with the link's token.
    api = site.client(None)
    bad = api.post(f"/api/v1{url}/reply-files", files={"file": ("x.pdf", b"<html>")})
    assert bad.status_code == 422 and "Chỉ nhận công văn trả lời" in bad.text
    r = api.post(
        f"/api/v1{url}/reply-files",
        data={"reply_number": "125-CV/BTGTU", "reply_date": "2023-07-20"},
        files={"file": ("ban-ky.docx", _docx())},
    )
    assert r.status_code == 201 and r.json()["mime"].endswith("wordprocessingml.document")
    assert _count(site) == 2 and len(_stored(settings)) == 2
    # A file id under another invitation is a missing file.
    wrong = next(i for u, i in invs.items() if u != id_of(unit))
    assert hoa.get(f"/invitations/{wrong}/reply-files/{row.id}").status_code == 404


def test_officer_enters_paper_reply_page_and_api(engine, session, settings):
    site = make_site(engine, session, settings)
    did, rid, tokens, invs = _round(site, settings)
    paper_unit, eoffice_unit = site.world.units[1], site.world.units[2]
    hoa = site.client("hoa")
    inv_id = invs[id_of(paper_unit)]
    form = hoa.get(f"/invitations/{inv_id}/reply")
    assert form.status_code == 200 and paper_unit.name in form.text
    typed = {"source": "paper", "reply_number": "88-CV/BTCTU", "reply_date": "21/7/2023"}
    typed |= {"position": "disagree", "text": ""}
    r = post(hoa, f"/invitations/{inv_id}/reply", typed, files={"file": ("a.pdf", b"MZ\x90")})
    assert r.status_code == 422 and "Chỉ nhận công văn trả lời" in r.text
    assert 'value="88-CV/BTCTU"' in r.text
    assert _count(site) == 0 and _stored(settings) == []
    typed["text"] = "Không tán thành giao ban hằng quý."
    r = post(
        hoa,
        f"/invitations/{inv_id}/reply",
        typed,
        files={"file": ("scan.png", b"\x89PNG\r\n\x1a\n....")},
    )
    assert r.status_code == 303
    inv = site.get(Invitation, inv_id)
    assert inv.answered_at is not None and inv.reply_number == "88-CV/BTCTU"
    (c,) = site.all(select(Comment).where(Comment.invitation_id == inv_id))
    assert (c.position, c.draft) == ("disagree", False)
    (f,) = site.all(select(ReplyFile).where(ReplyFile.invitation_id == inv_id))
    assert (f.source, f.uploaded_by, f.mime) == ("paper", "hoa", "image/png")

    # The API twin: same command, same schema.
    hoa_id = site.one(select(User.id).where(User.username == "hoa"))
    khac_id = site.one(select(User.id).where(User.username == "khac"))
    headers, other = site.run(bearer, user_id=hoa_id), site.run(bearer, user_id=khac_id)
    api = site.client(None)
    target = invs[id_of(eoffice_unit)]
    bad = api.post(
        f"/api/v1/invitations/{target}/reply",
        data={"source": "e-office", "reply_number": "", "reply_date": "22/7/2023"},
        headers=headers,
    )
    assert bad.status_code == 422
    r = api.post(
        f"/api/v1/invitations/{target}/reply",
        data={"source": "e-office", "reply_number": "77-CV/MTTQ", "reply_date": "22/7/2023"},
        files={"file": ("tra-loi.docx", _docx())},
        headers=headers,
    )
    assert r.status_code == 200, r.text
    assert r.json()["reply_number"] == "77-CV/MTTQ"
    inv = site.get(Invitation, target)
    assert inv.no_further_comments
    listed = api.get(f"/api/v1/invitations/{target}/reply-files", headers=headers).json()
    assert [x["original_name"] for x in listed] == ["tra-loi.docx"]
    got = api.get(f"/api/v1/invitations/{target}/reply-files/{listed[0]['id']}", headers=headers)
    assert got.status_code == 200 and got.content[:4] == b"PK\x03\x04"
    assert (
        api.get(
            f"/api/v1/invitations/{target}/reply-files/{listed[0]['id']}", headers=other
        ).status_code
        == 404
    )
    assert (
        api.post(
            f"/api/v1/invitations/{target}/reply",
            data={"reply_number": "1", "reply_date": "22/7/2023"},
            headers=other,
        ).status_code
        == 404
    )
    assert "77-CV/MTTQ" not in site.client("khac").get(f"/rounds/{rid}").text
