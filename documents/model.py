"""A document as plain data, in the Party's layout; the DOCX and PDF writers both read it.

Builders (letters, minutes, synthesis, report, submission, directive) fill one `Document`
from the records; they never format for a particular output.
"""

from dataclasses import dataclass, field


@dataclass
class Header:
    """Top of the page: issuer block left (with "*" and the number), party name right."""

    issuer_lines: list[str]  # ["TỈNH ỦY BÌNH PHƯỚC", "BAN DÂN VẬN"]
    number: str  # "Số 490-CV/BDVTU"
    place_date: str  # "Bình Phước, ngày 12 tháng 7 năm 2023"
    abstract: str = ""  # a công văn's trích yếu, in small italics under the number
    marker: str = ""  # "Dự thảo lần 2", top right above the party name


@dataclass
class Para:
    text: str
    style: str = "body"  # body | heading | center | center-bold | italic | right | note
    runs: list[tuple[str, str]] | None = None  # (text, "b"/"i"/"") when a line mixes styles


@dataclass
class Table:
    columns: list[str]
    rows: list[list[str]]
    widths: list[float]  # relative


@dataclass
class PageBreak:
    pass


Block = Para | Table | PageBreak


@dataclass
class Signature:
    lines: list[str]  # ["T/M BAN THƯỜNG VỤ", "PHÓ BÍ THƯ"]
    name: str = ""


@dataclass
class Document:
    slug: str  # file name without extension
    header: Header
    # Which template lays it out: documents/typst/<kind>.typ (cong-van, giay-moi, du-thao,
    # chi-thi, to-trinh, bao-cao, bang-tong-hop, bien-ban, muc-luc; van-ban when unnamed).
    kind: str = "van-ban"
    title: str = ""  # "CHỈ THỊ", "GIẤY MỜI" (none for a công văn)
    subtitle: list[str] = field(default_factory=list)  # lines under the title, bold
    addressees: list[str] = field(default_factory=list)  # "Kính gửi:" lines
    blocks: list[Block] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)  # "Nơi nhận:" lines
    signatures: list[Signature] = field(default_factory=list)  # 1 right, or 2 left + right
    landscape: bool = False
    appendix: list["Document"] = field(default_factory=list)  # e.g. the attached draft

    def text(self) -> str:
        """Every visible line, for tests and search."""
        out = [*self.header.issuer_lines, self.header.number, self.header.place_date]
        out += [self.header.abstract, self.title, *self.subtitle, *self.addressees]
        for b in self.blocks:
            if isinstance(b, Para):
                out.append(b.text)
            elif isinstance(b, Table):
                out += [" | ".join(r) for r in [b.columns, *b.rows]]
        out += self.recipients
        for s in self.signatures:
            out += [*s.lines, s.name]
        for a in self.appendix:
            out.append(a.text())
        return "\n".join(x for x in out if x)
