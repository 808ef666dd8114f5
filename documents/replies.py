"""Where the units' reply files live: under the data folder, by a generated name.

The uploaded name never reaches the disk (it may hold "../", a device name, or collide with
another unit's); it is kept in the record for display and for the dossier's file names.
"""

import hashlib
import secrets
import unicodedata
from pathlib import Path, PurePosixPath

from documents.files import write_atomic
from models.commands.replies import ReceivedFile
from models.errors import NotFound
from models.text import clean_line

ROOT = "replies"
# The kinds web/uploads.reply_file_kind recognises by their content.
MIME = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "jpg": "image/jpeg",
    "png": "image/png",
}


def display_name(uploaded: str, kind: str) -> str:
    """The uploaded name as shown: its last path part, cleaned, ending with the real kind."""
    name = clean_line(PurePosixPath(uploaded.replace("\\", "/")).name)[:200].strip(". ")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    return f"{stem or 'cong-van-tra-loi'}.{kind}"


def store_reply(
    data_dir: Path, directive_id: int, data: bytes, kind: str, uploaded: str, *, root: str = ROOT
) -> ReceivedFile:
    """Write the file as data/<root>/<directive>/<random>.<kind>; the record's fields (the
    briefings' minutes use the same rule under a root of their own)."""
    relative = f"{root}/{directive_id}/{secrets.token_hex(16)}.{kind}"
    path = data_dir / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return ReceivedFile(
        stored_path=relative,
        original_name=display_name(uploaded, kind),
        mime=MIME[kind],
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
    )


def reply_path(
    data_dir: Path,
    stored_path: str,
    *,
    root: str = ROOT,
    missing: str = "Không tìm thấy tệp công văn trả lời.",
) -> Path:
    """The file of a record, only inside its folder (replies, or `root`)."""
    folder = (data_dir / root).resolve()
    path = (data_dir / stored_path).resolve()
    if folder not in path.parents or not path.is_file():
        raise NotFound(missing)
    return path


def discard(data_dir: Path, file: ReceivedFile) -> None:
    """A file whose record was refused: nothing stays stored."""
    (data_dir / file.stored_path).unlink(missing_ok=True)


def ascii_name(name: str) -> str:
    """A name every unzip tool shows alike (no diacritics; Đ as D)."""
    folded = unicodedata.normalize("NFD", name.replace("Đ", "D").replace("đ", "d"))
    kept = "".join(c for c in folded if c.isascii() and (c.isalnum() or c in "-_. "))
    return "-".join(kept.split()) or "tep"
