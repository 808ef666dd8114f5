"""Document numbers: "490-CV/BDVTU" — sequence, hyphen, kind, slash, issuer symbol."""

import re
from dataclasses import dataclass

from models.text import clean_line, search_key

# Body text also writes "25 -NQ/TW" or "865 - TB/TU": spaces around the hyphen are accepted.
_NUMBER_RE = re.compile(r"^(?:Số\s+)?(\d{1,5})\s*-\s*([A-ZĐa-zđ]{1,5})\s*/\s*([A-ZĐa-zđ]{1,12})$")


@dataclass(frozen=True)
class DocNumber:
    seq: int
    kind: str
    issuer: str

    def __str__(self) -> str:
        return f"{self.seq}-{self.kind}/{self.issuer}"


def format_number(seq: int, kind: str, issuer: str) -> str:
    # Sequences below 10 are written with two digits ("01-CT/TU"), as offices do.
    return f"{seq:02d}-{kind}/{issuer}"


def parse_number(text: str) -> DocNumber:
    m = _NUMBER_RE.match(clean_line(text))
    if not m:
        raise ValueError(
            f"Số văn bản không đúng dạng “số-loại/cơ quan” (ví dụ 490-CV/BDVTU): “{text}”."
        )
    return DocNumber(int(m.group(1)), m.group(2).upper(), m.group(3).upper())


def draft_number_placeholder(kind: str, issuer: str) -> str:
    """A draft carries no number: "      -CT/TU"."""
    return f"      -{kind}/{issuer}"


def file_number(number: str) -> str:
    """ "490-CV/BDVTU" → "490-CV-BDVTU"; "Đ" becomes "D" so every system can open it."""
    return search_key(number).upper().replace("/", "-").replace(" ", "")
