"""Text out of an uploaded draft: plain text, Markdown or .docx (python-docx).

An upload costs at most about 100 MB and never blocks the event loop: the file is read up to
its limit, a zip container (.docx) is judged by its central directory alone (declared sizes,
compression ratios, member count: a 394 KB file that expands to 150 MB is refused in
milliseconds, before any XML is parsed), and parsing runs in a worker thread. zipfile never
inflates a member past its declared size, so the declared sizes are what reading can cost.
"""

import io
import zipfile
from dataclasses import dataclass

from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile

from models.errors import Invalid
from models.settings import Settings

MB = 1024 * 1024
# A member compressed more than this is a bomb, not a document (Word's XML: 5-40x).
MAX_RATIO = 100
# Below this expanded size a high ratio costs nothing (a styles.xml of spaces).
RATIO_FLOOR = 1 * MB
# A .docx has a few dozen parts; thousands are a central directory built to exhaust memory.
MAX_MEMBERS = 2000
FIELD = "file"


@dataclass(frozen=True)
class UploadLimits:
    max_bytes: int = 10 * MB
    # What a zip container may expand to in all: python-docx holds every part in memory and
    # lxml's tree costs about 8x the XML, so 12 MB expanded is ~100 MB at its peak.
    max_expanded_bytes: int = 12 * MB

    @classmethod
    def of(cls, settings: Settings) -> "UploadLimits":
        return cls(settings.upload_max_mb * MB, settings.upload_expanded_max_mb * MB)


def _mb(n: int) -> str:
    return f"{n / MB:g} MB"


def check_zip(data: bytes, limits: UploadLimits) -> None:
    """Refuse a zip whose central directory promises more than the limits allow. Only the
    directory is read; nothing is inflated."""
    # ZipFile builds an object per directory entry: count the entry signatures first.
    if data.count(b"PK\x01\x02") > MAX_MEMBERS:
        raise Invalid("Tệp có quá nhiều thành phần: không phải tệp .docx hợp lệ.", field=FIELD)
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        raise Invalid("Không đọc được tệp .docx này.", field=FIELD) from exc
    if len(members) > MAX_MEMBERS:
        raise Invalid("Tệp có quá nhiều thành phần: không phải tệp .docx hợp lệ.", field=FIELD)
    expanded = sum(m.file_size for m in members)
    if expanded > limits.max_expanded_bytes:
        raise Invalid(
            f"Tệp giải nén ra {_mb(expanded)}, quá giới hạn {_mb(limits.max_expanded_bytes)}:"
            " không nhận. Hãy bỏ bớt hình ảnh hoặc tách tệp.",
            field=FIELD,
        )
    for m in members:
        if m.file_size > RATIO_FLOOR and m.file_size > MAX_RATIO * max(m.compress_size, 1):
            raise Invalid(
                "Tệp nén bất thường (tỉ lệ nén quá cao, có thể là tệp độc hại): không nhận.",
                field=FIELD,
            )


def _docx_text(data: bytes, limits: UploadLimits) -> str:
    check_zip(data, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises several kinds on a broken file
        raise Invalid("Không đọc được tệp .docx này.", field=FIELD) from exc
    return "\n".join(p.text for p in document.paragraphs)


def draft_text(filename: str, data: bytes, limits: UploadLimits | None = None) -> str:
    """The draft's text, one paragraph a line; Markdown keeps its text (headings lose '#'
    when split into sections). Anything else is refused with a Vietnamese message."""
    limits = limits or UploadLimits()
    name = filename.lower()
    if len(data) > limits.max_bytes:
        raise Invalid(f"Tệp quá lớn (tối đa {_mb(limits.max_bytes)}).", field=FIELD)
    if name.endswith(".docx"):
        return _docx_text(data, limits)
    if name.endswith((".txt", ".md", ".markdown")):
        for encoding in ("utf-8-sig", "utf-16"):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError:
                continue
        raise Invalid("Tệp văn bản phải được lưu theo bảng mã UTF-8.", field=FIELD)
    raise Invalid("Chỉ nhận tệp .txt, .md hoặc .docx.", field=FIELD)


async def read_draft(upload: UploadFile, limits: UploadLimits) -> str:
    """draft_text for a form's file: read at most one byte past the limit, parse in a
    worker thread so that other requests keep answering meanwhile."""
    data = await upload.read(limits.max_bytes + 1)
    return await run_in_threadpool(draft_text, upload.filename or "", data, limits)


# --- reply letters (công văn trả lời): a signed PDF, a .docx, or a scan ---

REPLY_REFUSED = "Chỉ nhận công văn trả lời dạng PDF, DOCX hoặc ảnh chụp JPEG, PNG."


def _looks_like_docx(data: bytes, limits: UploadLimits) -> bool:
    check_zip(data, limits)  # a bomb is refused before its directory is trusted
    names = set(zipfile.ZipFile(io.BytesIO(data)).namelist())
    return "[Content_Types].xml" in names and "word/document.xml" in names


def reply_file_kind(data: bytes, limits: UploadLimits | None = None) -> str:
    """The reply file's extension ("pdf", "docx", "jpg", "png"), judged by its content (its
    first bytes and, for a .docx, its zip directory), never by the name it was uploaded
    with: an HTML page renamed .pdf, an empty file, a bomb are refused."""
    limits = limits or UploadLimits()
    if not data:
        raise Invalid("Tệp rỗng (0 byte): vui lòng chọn đúng tệp công văn.", field=FIELD)
    if len(data) > limits.max_bytes:
        raise Invalid(f"Tệp quá lớn (tối đa {_mb(limits.max_bytes)}).", field=FIELD)
    if data.startswith(b"%PDF-"):
        return "pdf"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"PK\x03\x04") and _looks_like_docx(data, limits):
        return "docx"
    raise Invalid(REPLY_REFUSED, field=FIELD)


async def read_reply_file(upload: UploadFile, limits: UploadLimits) -> tuple[bytes, str]:
    """A posted reply file and its kind; the checks run in a worker thread (a zip directory
    of a large .docx takes a moment)."""
    data = await upload.read(limits.max_bytes + 1)
    return data, await run_in_threadpool(reply_file_kind, data, limits)
