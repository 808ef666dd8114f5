"""Bidi controls and invisible format characters typed, pasted or uploaded anywhere (pages,
API, CSV, .docx, unit answers) never reach the records, and a title printed in the PDF reads
in its logical order."""

import io
import json
import re
import subprocess
import unicodedata
from datetime import date, timedelta

import docx
import pytest
from sqlalchemy import String, Text
from sqlmodel import SQLModel, select

from documents.common import context
from documents.letters import round_letter
from documents.pdf_writer import render_pdf
from models.commands.rounds import round_open
from models.db import session_scope
from models.tables import Comment, Directive, DraftVersion, Round, Section, Unit, User
from tests.documents.conftest import have_poppler
from tests.expect import stored
from tests.web.officer_kit import NOW, make_site, post
from tests.web.test_unit_support import bearer, links_for

RLO, PDF_, LRI, PDI, RLM, BOM = "\u202e", "\u202c", "\u2066", "\u2069", "\u200f", "\ufeff"
TITLE = f"Tăng cường {RLO}abc xyz{PDF_} trong công tác dân vận{BOM}"


def _docx(*paragraphs: str) -> bytes:
    document = docx.Document()
    for p in paragraphs:
        document.add_paragraph(p)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _format_chars(value: object) -> list[str]:
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return [f"U+{ord(c):04X}" for c in text if unicodedata.category(c) == "Cf"]


def _dirty_cells(engine) -> list[str]:
    """Every text or JSON cell of every table that holds a format character."""
    found = []
    with engine.connect() as conn:
        for table in SQLModel.metadata.sorted_tables:
            columns = [c for c in table.columns if not c.primary_key]
            for row in conn.execute(table.select()).mappings():
                for col in columns:
                    value = row[col.name]
                    if value is None or not isinstance(value, str | dict | list):
                        continue
                    if isinstance(col.type, String | Text) or isinstance(value, dict | list):
                        bad = _format_chars(value)
                        if bad:
                            found.append(f"{table.name}.{col.name}: {bad}")
    return found


def test_every_input_is_cleaned_and_the_pdf_reads_in_logical_order(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")

    # A title typed (or pasted) into the page form.
    new = hoa.get("/directives/new")
    issuer = re.search(r'<option value="(\d+)" selected>Ban Thường vụ Tỉnh ủy', new.text)
    assert issuer
    made = post(
        hoa,
        "/directives/new",
        {"title": TITLE, "issuer_id": issuer.group(1), "assignment_number": f"1704-TB/TU{RLM}"},
    )
    assert made.status_code == 303
    did = int(made.headers["location"].rsplit("/", 1)[-1])
    assert site.get(Directive, did).title == "Tăng cường abc xyz trong công tác dân vận"

    # An uploaded .docx draft.
    upload = _docx(
        f"{BOM}I. TÌNH HÌNH",
        f"Nội dung {RLO}đảo chiều{PDF_} và {LRI}cô lập{PDI}.",
        "II. NHIỆM VỤ, GIẢI PHÁP",
        f"1. Tăng cường{RLM} sự lãnh đạo.",
    )
    r = post(
        hoa, f"/directives/{did}/drafts/new", {"text": ""}, files={"file": ("v1.docx", upload)}
    )
    assert r.status_code == 303, r.text
    version = site.one(select(DraftVersion).where(DraftVersion.directive_id == did))
    assert "Nội dung đảo chiều và cô lập." in version.text
    keys = site.all(select(Section.key).where(Section.version_id == version.id))
    assert "II.1" in keys

    # Unit names from a CSV import.
    csv_text = f"name,parent,email\n{RLO}Huyện ủy Lộc Ninh{BOM},,hu.locninh@binhphuoc.test\n"
    assert post(hoa, "/units/import", {"csv": csv_text}).status_code == 303
    assert site.one(select(Unit).where(Unit.email == "hu.locninh@binhphuoc.test")).name == (
        "Huyện ủy Lộc Ninh"
    )

    # A round's abstract, then a unit's answer through the API with its link.
    opened = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in site.world.units],
        letter_number="490-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        abstract=f"V/v góp ý {RLO}dự thảo{PDF_} Chỉ thị",
        by="hoa",
        now=NOW,
        links=links_for(settings),
    )
    token = opened.tokens[site.world.units[0].id]
    site.set_now(NOW + timedelta(days=1))
    r = hoa.post(
        f"/api/v1/u/{token}/comments",
        json={"position": "disagree", "text": f"Đề nghị {RLO}bỏ mục III{PDF_}.{RLM}"},
    )
    assert r.status_code == 201, r.text
    r = hoa.post(f"/api/v1/u/{token}/submit", json={"reply_number": f"{LRI}125-CV/BTGTU{PDI}"})
    assert r.status_code == 200, r.text
    comment = site.one(select(Comment).where(Comment.round_id == opened.round.id))
    assert comment.text == "Đề nghị bỏ mục III."

    # The drafting body's answer to it, on the round page (a day later: sign in again, the
    # idle limit ended the first session).
    hoa = site.client("hoa")
    r = post(
        hoa,
        f"/comments/{comment.id}/disposition",
        {"decision": "explain", "response": f"Giữ nguyên {LRI}mục III{PDI}{BOM}."},
    )
    assert r.status_code == 303, r.text

    assert _dirty_cells(engine) == []

    if have_poppler():
        _assert_pdf_in_logical_order(site, opened.round.id)


def _assert_pdf_in_logical_order(site, round_id: int) -> None:
    with session_scope(site.app.state.engine) as s:
        doc = round_letter(s, round_id)
        pdf = render_pdf(doc, context(s, stored(s, Round, round_id).directive_id).rules)
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=pdf, check=True, capture_output=True
    ).stdout.decode()
    flat = " ".join(text.split())
    assert "abc xyz trong công tác dân vận" in flat
    assert "zyx cba" not in flat


@pytest.mark.parametrize("char", [RLO, LRI, RLM, BOM, "\u200d", "\u00ad"])
def test_api_directive_title_is_cleaned(engine, session, settings, char: str):
    site = make_site(engine, session, settings)
    hoa = site.one(select(User.id).where(User.username == "hoa"))
    r = site.client(None).post(
        "/api/v1/directives",
        headers=bearer(session, hoa),
        json={
            "title": f"Về công tác{char} dân vận {char}abc",
            "issuer_id": site.world.issuer.id,
            "drafting_unit_id": site.world.drafting.id,
        },
    )
    assert r.status_code == 201, r.text
    assert r.json()["title"] == "Về công tác dân vận abc"
