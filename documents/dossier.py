"""The dossier (hồ sơ) of a directive as one ZIP (issue 11, item 11): every document the records
support (DOCX and PDF, the synthesis also XLSX), the units' reply files, the audit log (CSV
through the safe writer), a table of contents (mục lục, PDF) and `manifest.json`.

The manifest follows the metadata of QCVN 102:2016/BTTTT (edXML, the exchange format of
Vietnamese e-office systems), field names as in its MessageHeader: From (OrganId,
OrganName), To, Code (CodeNumber, CodeNotation), PromulgationInfo (Place, PromulgationDate),
DocumentType (Type, TypeName), Subject, SignerInfo (Competence, Position, FullName),
ResponseFor, Attachments (AttachmentName, ContentType, Size, Sha256).

Memory: each document is rendered, written into the archive and dropped before the next; reply
files are copied from disk in chunks (ZipFile.write); the archive goes to a file, never to a
buffer, so nothing is held twice.
"""

import csv
import hashlib
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from documents.common import Context, context, place_date, slug
from documents.docx_writer import render_docx
from documents.files import MEDIA_TYPES, plan
from documents.model import Document, Header, Para, Table
from documents.pdf_writer import render_pdf
from documents.replies import ascii_name, reply_path
from documents.spreadsheet import csv_rows
from models.errors import NotFound
from models.numbers import file_number
from models.queries.replies import DirectiveReply, files_of_directive
from models.tables import AuditEvent
from models.text import short_date

STANDARD = "QCVN 102:2016/BTTTT (edXML)"
_LONG_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})")


@dataclass
class Entry:
    """One file of the archive, as the manifest and the table of contents list it."""

    name: str
    mime: str
    size: int
    sha256: str

    def attachment(self) -> dict[str, Any]:
        return {
            "AttachmentName": self.name,
            "ContentType": self.mime,
            "Size": self.size,
            "Sha256": self.sha256,
        }


@dataclass
class Record:
    """One document of the dossier with its edXML metadata and its files."""

    meta: dict[str, Any]
    files: list[Entry] = field(default_factory=list)

    def manifest(self) -> dict[str, Any]:
        return {**self.meta, "Attachments": [f.attachment() for f in self.files]}


def _code(number: str) -> dict[str, str]:
    """ "490-CV/BDVTU" → CodeNumber 490, CodeNotation CV/BDVTU (edXML's Code); a paper not
    numbered yet ("Số      -GM/BDVTU") has its notation only."""
    number = number.removeprefix("Số").strip()
    head, sep, notation = number.partition("-")
    if sep and head.strip().isdigit():
        return {"CodeNumber": head.strip(), "CodeNotation": notation.strip()}
    number = number.lstrip("- ")
    return {"CodeNumber": "", "CodeNotation": number if "/" in number else ""}


# The type of a paper whose number carries no kind symbol (the synthesis table).
FAMILY_TYPES = {
    "letter": "Công văn",
    "minutes": "Biên bản",
    "synthesis": "Bảng tổng hợp",
    "report": "Báo cáo",
    "submission": "Tờ trình",
}


def _promulgation(h: Header) -> dict[str, str]:
    found = _LONG_DATE.search(h.place_date)
    when = ""
    if found:
        d, m, y = (int(x) for x in found.groups())
        when = date(y, m, d).isoformat()
    place = h.place_date.split(",", 1)[0].strip() if "," in h.place_date else ""
    return {"Place": place, "PromulgationDate": when}


def _lines(lines: list[str]) -> list[dict[str, str]]:
    out = []
    for line in lines:
        text = line.strip().lstrip("-").strip().rstrip(";,.").strip()
        if text and not text.lower().startswith(("lưu", "như trên")):
            out.append({"OrganName": text})
    return out


def document_meta(ctx: Context, doc: Document, family: str) -> dict[str, Any]:
    """A rendered document's edXML header, read from the document as the records built it."""
    code = _code(doc.header.number)
    symbol = code["CodeNotation"].split("/", 1)[0]
    organ = code["CodeNotation"].rsplit("/", 1)[-1] if "/" in code["CodeNotation"] else ""
    body = ctx.issuer if family == "directive" else ctx.drafting
    if family == "directive":
        type_name = ctx.kind_name
    else:
        type_name = ctx.rules.kind_name(symbol) if symbol else ""
        type_name = type_name or FAMILY_TYPES.get(family.split(":", 1)[0], "")
    signature = doc.signatures[-1] if doc.signatures else None
    subject = doc.header.abstract or " ".join([doc.title.capitalize(), *doc.subtitle]).strip()
    return {
        "Family": family,
        "From": {
            "OrganId": organ or body.symbol,
            "OrganName": body.name,
            "OrganInCharge": doc.header.issuer_lines[0] if doc.header.issuer_lines else "",
        },
        "To": _lines(doc.addressees) + _lines(doc.recipients),
        "Code": code,
        "PromulgationInfo": _promulgation(doc.header),
        "DocumentType": {"Type": symbol or "", "TypeName": type_name},
        "Subject": subject,
        "SignerInfo": {
            "Competence": signature.lines[0] if signature and signature.lines else "",
            "Position": signature.lines[-1] if signature and len(signature.lines) > 1 else "",
            "FullName": signature.name if signature else "",
        },
    }


def reply_meta(ctx: Context, r: DirectiveReply) -> dict[str, Any]:
    """A unit's reply letter: from the unit, to the drafting body, answering the round's letter."""
    inv, rnd = r.invitation, r.round
    code = _code(inv.reply_number)
    symbol = code["CodeNotation"].split("/", 1)[0] or "CV"
    asked = f"Công văn số {rnd.letter_number}" if rnd.letter_number else "đề nghị góp ý"
    return {
        "Family": f"reply:{rnd.id}",
        "From": {"OrganId": r.unit.symbol or "", "OrganName": r.unit.name},
        "To": [{"OrganName": ctx.drafting.name}],
        "Code": code,
        "PromulgationInfo": {
            "Place": "",
            "PromulgationDate": inv.reply_date.isoformat() if inv.reply_date else "",
        },
        "DocumentType": {"Type": symbol, "TypeName": ctx.rules.kind_name(symbol)},
        "Subject": f"Trả lời {asked} về dự thảo {ctx.about}",
        "SignerInfo": {"Competence": "", "Position": "", "FullName": ""},
        "ResponseFor": _code(rnd.letter_number or ""),
        "ReceivedBy": str(r.file.source),
    }


class Writer:
    """The archive being written, with what each file was (name, type, size, sha256)."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.zf = zf
        self.names: set[str] = set()

    def unique(self, name: str) -> str:
        stem, dot, ext = name.rpartition(".")
        candidate, n = name, 1
        while candidate in self.names:
            n += 1
            candidate = f"{stem}-{n}{dot}{ext}"
        self.names.add(candidate)
        return candidate

    def bytes(self, name: str, data: bytes, mime: str) -> Entry:
        name = self.unique(name)
        self.zf.writestr(name, data)
        return Entry(name, mime, len(data), hashlib.sha256(data).hexdigest())

    def file(self, name: str, path: Path, mime: str) -> Entry:
        name = self.unique(name)
        digest, size = hashlib.sha256(), 0
        with path.open("rb") as f:
            while chunk := f.read(1024 * 1024):
                digest.update(chunk)
                size += len(chunk)
        self.zf.write(path, name)  # copied in chunks by zipfile
        return Entry(name, mime, size, digest.hexdigest())


def audit_csv(session: Session, directive_id: int) -> bytes:
    rows = session.exec(
        select(AuditEvent)
        .where(AuditEvent.directive_id == directive_id)
        .order_by(col(AuditEvent.at), col(AuditEvent.id))
    ).all()
    out = io.StringIO()
    table = [["Thời gian", "Người thực hiện", "Hành động", "Đối tượng", "Mã", "Trước", "Sau"]]
    for e in rows:
        table.append(
            [
                e.at.isoformat(),
                e.actor,
                e.action,
                e.entity,
                "" if e.entity_id is None else str(e.entity_id),
                json.dumps(e.before, ensure_ascii=False) if e.before else "",
                json.dumps(e.after, ensure_ascii=False) if e.after else "",
            ]
        )
    csv.writer(out).writerows(csv_rows(table))
    return out.getvalue().encode("utf-8-sig")  # Excel reads the BOM as UTF-8


def table_of_contents(ctx: Context, records: list[Record], extra: list[Entry]) -> Document:
    """The mục lục: one row per document (number, date, abstract) with its files."""
    rows: list[list[str]] = []
    for i, r in enumerate(records, 1):
        m = r.meta
        number = "-".join(x for x in (m["Code"]["CodeNumber"], m["Code"]["CodeNotation"]) if x)
        when = m["PromulgationInfo"]["PromulgationDate"]
        shown = short_date(date.fromisoformat(when)) if when else ""
        files = "\n".join(f.name for f in r.files)
        rows.append([str(i), m["DocumentType"]["TypeName"], number, shown, m["Subject"], files])
    for e in extra:
        rows.append([str(len(rows) + 1), "Tệp kèm theo", "", "", e.name, e.name])
    d = ctx.directive
    return Document(
        slug="muc-luc",
        kind="muc-luc",
        header=Header(
            issuer_lines=[ctx.drafting.name.upper()],
            number="",
            place_date=place_date("", None, d.created_at.year),
        ),
        title="MỤC LỤC HỒ SƠ",
        subtitle=[f"{ctx.kind_name} {d.number or '(dự thảo)'}: {d.title}"],
        blocks=[
            Table(
                columns=["STT", "Loại văn bản", "Số, ký hiệu", "Ngày", "Trích yếu", "Tệp"],
                rows=rows,
                widths=[0.5, 1.4, 1.6, 1.1, 4, 3],
            ),
            Para(f"Hồ sơ gồm {len(records)} văn bản.", "italic"),
        ],
        landscape=True,
    )


def write_dossier(session: Session, directive_id: int, data_dir: Path, out: Path) -> list[str]:
    """Write the dossier ZIP to `out` (a temporary file of the caller); its member names."""
    ctx = context(session, directive_id)
    records: list[Record] = []
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        w = Writer(zf)
        for p in plan(session, directive_id):
            doc = p.document()
            record = Record(document_meta(ctx, doc, p.family))
            base = f"van-ban/{doc.slug}"
            docx = render_docx(doc, ctx.rules)
            record.files.append(w.bytes(f"{base}.docx", docx, MEDIA_TYPES["docx"]))
            del docx
            pdf = render_pdf(doc, ctx.rules)
            record.files.append(w.bytes(f"{base}.pdf", pdf, MEDIA_TYPES["pdf"]))
            del pdf
            if p.xlsx is not None:
                xlsx = p.xlsx()
                record.files.append(w.bytes(f"{base}.xlsx", xlsx, MEDIA_TYPES["xlsx"]))
            records.append(record)
        for r in files_of_directive(session, directive_id):
            folder = f"tra-loi/lan-{r.round.ordinal}/{ascii_name(r.unit.name)}"
            record = Record(reply_meta(ctx, r))
            try:
                path = reply_path(data_dir, r.file.stored_path)
            except NotFound:
                # Lost from the disk (a restore without the data folder): the dossier still
                # lists the reply, and says which file it lacks rather than failing whole.
                record.meta["MissingFile"] = {"Name": r.file.original_name, "Sha256": r.file.sha256}
                records.append(record)
                continue
            record.files.append(
                w.file(f"{folder}/{ascii_name(r.file.original_name)}", path, r.file.mime)
            )
            records.append(record)
        log = w.bytes("nhat-ky.csv", audit_csv(session, directive_id), "text/csv")
        toc = render_pdf(table_of_contents(ctx, records, [log]), ctx.rules)
        contents = w.bytes("muc-luc.pdf", toc, MEDIA_TYPES["pdf"])
        d = ctx.directive
        manifest = {
            "Standard": STANDARD,
            "Directive": {
                "Title": d.title,
                "Type": d.kind,
                "TypeName": ctx.kind_name,
                "Number": d.number or "",
                "Stage": str(d.stage),
                "Issuer": {"OrganId": ctx.issuer.symbol, "OrganName": ctx.issuer.name},
                "Drafting": {"OrganId": ctx.drafting.symbol, "OrganName": ctx.drafting.name},
                "SignedOn": d.signed_on.isoformat() if d.signed_on else "",
            },
            "Documents": [r.manifest() for r in records],
            "Files": [e.attachment() for e in (log, contents)],
        }
        w.bytes(
            "manifest.json",
            json.dumps(manifest, ensure_ascii=False, indent=2).encode(),
            "application/json",
        )
        return sorted(w.names)


def dossier_name(session: Session, directive_id: int) -> str:
    """ "ho-so-chi-thi-22-CT-TU.zip" once numbered, "ho-so-du-thao-7.zip" before."""
    ctx = context(session, directive_id)
    d = ctx.directive
    if d.number:
        return f"ho-so-{slug(ctx.kind_name)}-{file_number(d.number)}.zip"
    return f"ho-so-du-thao-{directive_id}.zip"
