"""Uploads are refused cheaply: a zip bomb by its central directory (before any XML is
parsed), an oversized body before it is read, and a heavy .docx is parsed off the event loop
so that other requests keep answering."""

import asyncio
import io
import time
import tracemalloc
import zipfile

import docx
import httpx
import pytest
from sqlmodel import func, select

from models.errors import Invalid
from models.tables import DraftVersion
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, PASSWORD, make_site, post
from web.uploads import MB, UploadLimits, check_zip, draft_text


def _skeleton() -> dict[str, bytes]:
    document = docx.Document()
    document.add_paragraph("I. TÌNH HÌNH")
    out = io.BytesIO()
    document.save(out)
    with zipfile.ZipFile(out) as z:
        return {name: z.read(name) for name in z.namelist()}


def _bomb(expanded_mb: int) -> bytes:
    """A real .docx whose document.xml inflates to `expanded_mb` MB: one paragraph of
    spaces, written in 1 MB pieces (the test never holds the expanded text). One long text
    node keeps even a failing parser's cost to a few hundred MB, not millions of elements."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        for name, data in _skeleton().items():
            if name != "word/document.xml":
                z.writestr(name, data)
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(b'<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlf')
            part.write(b'ormats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>')
            piece = b" " * MB
            for _ in range(expanded_mb):
                part.write(piece)
            part.write(b"</w:t></w:r></w:p></w:body></w:document>")
    return out.getvalue()


def _heavy_docx(paragraphs: int) -> bytes:
    """A legitimate, long document: a few MB of XML that takes seconds to parse."""
    parts = _skeleton()
    xml = parts["word/document.xml"].decode()
    para = "<w:p><w:r><w:t>Tăng cường sự lãnh đạo của cấp ủy, đoạn {}.</w:t></w:r></w:p>"
    body = "".join(para.format(i) for i in range(paragraphs))
    parts["word/document.xml"] = xml.replace("<w:body>", "<w:body>" + body, 1).encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return out.getvalue()


def test_check_zip_reads_only_the_directory() -> None:
    limits = UploadLimits(max_bytes=10 * MB, max_expanded_bytes=2 * MB)
    with pytest.raises(Invalid, match="giải nén ra") as e:
        check_zip(_bomb(3), limits)
    assert e.value.field == "file"
    with pytest.raises(Invalid, match="nén bất thường"):
        check_zip(_bomb(2), UploadLimits())  # 2 MB at ~1000:1: within size, not in ratio
    many = io.BytesIO()
    with zipfile.ZipFile(many, "w") as z:
        for i in range(2500):
            z.writestr(f"p{i}", b"")
    with pytest.raises(Invalid, match="quá nhiều thành phần"):
        check_zip(many.getvalue(), limits)
    with pytest.raises(Invalid, match="Không đọc được"):
        check_zip(b"PK\x03\x04 not really", limits)
    check_zip(_heavy_docx(10), limits)  # an ordinary document passes
    assert "đoạn 2." in draft_text("v.docx", _heavy_docx(3), limits)


def test_a_zip_bomb_is_refused_in_milliseconds_with_a_message_at_the_field(
    engine, session, settings
):
    bomb = _bomb(150)
    assert len(bomb) < 1 * MB  # small on disk, 150 MB inflated
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    tracemalloc.start()
    started = time.monotonic()
    r = post(
        hoa,
        f"/directives/{did}/drafts/new",
        {"text": "I. MỤC ĐANG GÕ"},
        files={"file": ("du-thao.docx", bomb)},
    )
    elapsed = time.monotonic() - started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert r.status_code == 422
    assert 'class="field-error">Tệp giải nén ra 150' in r.text
    assert "I. MỤC ĐANG GÕ" in r.text  # what was typed is kept
    assert elapsed < 3, elapsed
    assert peak < 40 * MB, peak / MB
    assert site.one(select(func.count()).select_from(DraftVersion)) == 1


def test_an_oversized_body_is_refused_before_it_is_read(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    url = f"/directives/{did}/drafts/new"
    declared = hoa.post(url, content=b"x", headers={"Content-Length": str(2**31)})
    assert declared.status_code == 413 and "quá lớn (tối đa 11 MB)" in declared.text

    def chunks():
        yield b"--b\r\nContent-Disposition: form-data; name=file; filename=a.txt\r\n\r\n"
        for _ in range(12):
            yield b"a" * MB

    streamed = hoa.post(
        url,
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=b", "X-CSRF-Token": hoa.csrf},
    )
    assert streamed.status_code == 413 and "quá lớn" in streamed.text
    api = hoa.post("/api/v1/directives", content=b"{}", headers={"Content-Length": "99999999"})
    assert api.status_code == 413 and "quá lớn" in api.json()["error"]
    assert site.one(select(func.count()).select_from(DraftVersion)) == 1


def test_parsing_a_heavy_docx_does_not_stop_other_requests(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    heavy = _heavy_docx(40_000)  # ~4 MB of XML: seconds of python-docx

    async def scenario() -> tuple[float, float, httpx.Response]:
        transport = httpx.ASGITransport(app=site.app)
        async with httpx.AsyncClient(transport=transport, base_url="http://duthao.test") as c:
            login = await c.get("/login")
            token = login.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            await c.post(
                "/login", data={"username": "hoa", "password": PASSWORD, "csrf_token": token}
            )
            page = await c.get(f"/directives/{did}/drafts/new")
            token = page.text.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            started = time.monotonic()
            upload = asyncio.create_task(
                c.post(
                    f"/directives/{did}/drafts/new",
                    data={"csrf_token": token, "text": ""},
                    files={"file": ("dai.docx", heavy)},
                )
            )
            # Asked once the upload is being parsed; if parsing held the event loop, even
            # waking up to ask would wait for it, so the delay counts from the schedule.
            await asyncio.sleep(0.3)
            health = await c.get("/healthz")
            # An order, not a duration: the probe answered while the upload was still being
            # parsed (a parse on the event loop would answer the probe only after it).
            still_parsing = not upload.done()
            assert health.status_code == 200
            response = await upload
            return still_parsing, time.monotonic() - started, response

    still_parsing, upload_took, response = asyncio.run(scenario())
    assert response.status_code in (303, 422), response.text[:300]
    assert upload_took > 1.0  # really heavy, or the comparison says nothing
    assert still_parsing, upload_took
