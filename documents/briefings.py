"""Where the minutes (biên bản) of a hội nghị giao ban live: under the data folder, by a
generated name, as the units' reply files are (documents/replies.py)."""

from pathlib import Path

from documents.replies import reply_path, store_reply
from models.commands.replies import ReceivedFile

ROOT = "briefings"
MISSING = "Không tìm thấy biên bản hội nghị giao ban."


def store_minutes(
    data_dir: Path, directive_id: int, data: bytes, kind: str, uploaded: str
) -> ReceivedFile:
    return store_reply(data_dir, directive_id, data, kind, uploaded or "bien-ban", root=ROOT)


def minutes_path(data_dir: Path, stored_path: str) -> Path:
    return reply_path(data_dir, stored_path, root=ROOT, missing=MISSING)


def remove_minutes(data_dir: Path, stored_path: str) -> None:
    """A file whose record is gone (deleted, replaced, or refused)."""
    if stored_path:
        (data_dir / stored_path).unlink(missing_ok=True)
