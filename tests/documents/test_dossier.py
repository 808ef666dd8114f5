"""The dossier (issue 11, item 11): the case through issuance as one ZIP — every document in
DOCX and PDF, the synthesis XLSX, a unit's reply file, the audit log, the table of contents
and an edXML-shaped manifest (QCVN 102:2016)."""

import csv
import hashlib
import io
import json
import zipfile
from datetime import date

import pytest
from pypdf import PdfReader
from sqlmodel import select

from documents.dossier import write_dossier
from documents.replies import store_reply
from models.commands.replies import reply_enter
from models.ids import id_of
from models.tables import Invitation, Unit
from tests.documents.case import consulted, day
from tests.documents.conftest import have_poppler

pytestmark = pytest.mark.skipif(not have_poppler(), reason="poppler-utils not installed")
SCAN = b"\x89PNG\r\n\x1a\n" + b"scan of 301-CV/HU" * 20


def _mttq_reply(session, case, data_dir) -> None:
    """Mặt trận's reply came on paper after the letter: entered by the officer with its scan."""
    mttq = session.exec(select(Unit).where(Unit.name.startswith("Ủy ban Mặt trận"))).one()
    inv = session.exec(
        select(Invitation).where(
            Invitation.round_id == case.rounds[0], Invitation.unit_id == mttq.id
        )
    ).one()
    stored = store_reply(data_dir, case.directive_id, SCAN, "png", "Công văn MTTQ (scan).png")
    reply_enter(
        session,
        invitation_id=id_of(inv),
        reply_number="205-CV/MTTQ",
        reply_date=date(2023, 7, 24),
        source="paper",
        file=stored,
        by="canbo",
        now=day(20),
    )


def test_dossier_of_the_issued_case(session, links, tmp_path):
    data_dir = tmp_path / "data"
    case = consulted(session, links)
    _mttq_reply(session, case, data_dir)
    out = tmp_path / "ho-so.zip"
    names = write_dossier(session, case.directive_id, data_dir, out)
    with zipfile.ZipFile(out) as z:
        assert sorted(z.namelist()) == names
        for stem in (
            "van-ban/cong-van-490-CV-BDVTU",
            "van-ban/bien-ban-hoi-nghi",
            "van-ban/bang-tong-hop",
            "van-ban/bao-cao-ket-qua-lay-y-kien",
            "van-ban/to-trinh",
            "van-ban/chi-thi-22-CT-TU",
        ):
            assert {f"{stem}.docx", f"{stem}.pdf"} <= set(names), stem
        assert "van-ban/bang-tong-hop.xlsx" in names
        reply = "tra-loi/lan-1/Uy-ban-Mat-tran-To-quoc-Viet-Nam-tinh/Cong-van-MTTQ-scan.png"
        assert reply in names and z.read(reply) == SCAN
        assert {"muc-luc.pdf", "nhat-ky.csv", "manifest.json"} <= set(names)

        manifest = json.loads(z.read("manifest.json"))
        assert manifest["Standard"].startswith("QCVN 102:2016")
        assert manifest["Directive"]["Number"] == "22-CT/TU"
        docs = {d["Family"]: d for d in manifest["Documents"]}
        directive = docs["directive"]
        assert directive["Code"] == {"CodeNumber": "22", "CodeNotation": "CT/TU"}
        assert directive["DocumentType"] == {"Type": "CT", "TypeName": "Chỉ thị"}
        assert directive["PromulgationInfo"] == {
            "Place": "Bình Phước",
            "PromulgationDate": "2023-10-12",
        }
        assert directive["From"]["OrganId"] == "TU"
        assert directive["SignerInfo"]["FullName"] == "Huỳnh Thị Hằng"
        assert directive["SignerInfo"]["Competence"].upper() == "T/M BAN THƯỜNG VỤ"
        assert "nắm tình hình Nhân dân" in directive["Subject"]
        to = [t["OrganName"] for t in directive["To"]]
        assert any("Huyện ủy Bù Đăng" in t for t in to)
        letter = docs[f"letter:{case.rounds[0]}"]
        assert letter["Code"] == {"CodeNumber": "490", "CodeNotation": "CV/BDVTU"}
        assert letter["PromulgationInfo"]["PromulgationDate"] == "2023-07-12"
        assert letter["Subject"] == "V/v góp ý dự thảo Chỉ thị của Ban Thường vụ Tỉnh ủy"
        assert letter["From"] == {
            "OrganId": "BDVTU",
            "OrganName": "Ban Dân vận Tỉnh ủy",
            "OrganInCharge": "TỈNH ỦY BÌNH PHƯỚC",
        }
        assert "Như trên" not in {t["OrganName"] for t in letter["To"]}
        invitation = docs[f"letter:{case.rounds[1]}"]  # the giấy mời, numbered GM
        assert invitation["DocumentType"] == {"Type": "GM", "TypeName": "Giấy mời"}
        assert invitation["Code"] == {"CodeNumber": "01", "CodeNotation": "GM/BDVTU"}
        assert docs["synthesis"]["DocumentType"]["TypeName"] == "Bảng tổng hợp"
        # Every attachment's size and hash are those of the file in the archive.
        for d in manifest["Documents"]:
            assert d["Attachments"], d["Family"]
            for a in d["Attachments"]:
                data = z.read(a["AttachmentName"])
                assert (a["Size"], a["Sha256"]) == (len(data), hashlib.sha256(data).hexdigest())
        mttq = docs[f"reply:{case.rounds[0]}"]
        assert mttq["Code"] == {"CodeNumber": "205", "CodeNotation": "CV/MTTQ"}
        assert mttq["ResponseFor"] == {"CodeNumber": "490", "CodeNotation": "CV/BDVTU"}
        assert mttq["Attachments"][0]["AttachmentName"] == reply

        log = list(csv.reader(io.StringIO(z.read("nhat-ky.csv").decode("utf-8-sig"))))
        assert log[0][0] == "Thời gian" and any(row[2] == "reply.enter" for row in log[1:])
        contents = "".join(
            page.extract_text() for page in PdfReader(io.BytesIO(z.read("muc-luc.pdf"))).pages
        )
        assert "MỤC LỤC" in contents and "22-CT/TU" in contents and "205-CV/MTTQ" in contents
