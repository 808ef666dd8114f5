"""What every generated document shares: the issuer block, place and date, the draft's text."""

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, select

from documents.model import Block, Header, Para
from models.numbers import draft_number_placeholder
from models.queries.records import get
from models.rulesets import RuleSet, load
from models.sections import split_sections
from models.tables import Directive, DraftVersion, Unit
from models.text import long_date, lower_first, search_key, short_date, without_about

ORDINALS = ["nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười"]


def ordinal(n: int) -> str:
    """ "thứ nhất", "thứ tư", then "thứ 11"."""
    return f"thứ {ORDINALS[n - 1]}" if 1 <= n <= len(ORDINALS) else f"thứ {n}"


def _strip_suffix(name: str, superior: str) -> str:
    """ "BAN DÂN VẬN TỈNH ỦY" under "TỈNH ỦY BÌNH PHƯỚC" is written "BAN DÂN VẬN"."""
    words, sup = name.split(), superior.split()
    for n in range(min(len(sup), len(words) - 1), 0, -1):
        if words[-n:] == sup[:n]:
            return " ".join(words[:-n])
    return name


def short_name(unit: Unit) -> str:
    """The body's name as its signature block writes it: "Ban Thường vụ" for T/M."""
    parent_words = ["Tỉnh ủy", "Thành ủy", "Huyện ủy", "Thị ủy", "Đảng ủy"]
    for w in parent_words:
        if unit.name.endswith(" " + w):
            return unit.name[: -len(w) - 1]
    return unit.name


def issuing_body(session: Session, unit: Unit) -> Unit:
    """A body that issues under its parent's symbol (the Ban Thường vụ as TU) uses the parent."""
    while unit.parent_id is not None and unit.symbol:
        parent = session.get(Unit, unit.parent_id)
        if parent is None or parent.symbol != unit.symbol:
            break
        unit = parent
    return unit


def issuer_lines(session: Session, unit: Unit) -> list[str]:
    body = issuing_body(session, unit)
    superior = body.superior.upper()
    name = _strip_suffix(body.name.upper(), superior)
    if superior and superior != name:
        return [superior, name]
    return [name]


def place_of(session: Session, unit: Unit) -> str:
    seen = 0
    current: Unit | None = unit
    while current is not None and seen < 20:
        if current.place:
            return current.place
        current = session.get(Unit, current.parent_id) if current.parent_id else None
        seen += 1
    return ""


def place_date(place: str, on: date | None, year: int | None = None) -> str:
    """ "Bình Phước, ngày 12 tháng 7 năm 2023"; an undated draft leaves day and month blank."""
    when = long_date(on) if on else f"ngày     tháng     năm {year or ''}".rstrip()
    return f"{place}, {when}" if place else when[0].upper() + when[1:]


def header(
    session: Session,
    unit: Unit,
    *,
    number: str | None,
    kind: str,
    on: date | None,
    year: int | None = None,
    abstract: str = "",
    marker: str = "",
) -> Header:
    symbol = unit.symbol or ""
    shown = number or draft_number_placeholder(kind, symbol).strip()
    return Header(
        issuer_lines=issuer_lines(session, unit),
        number=f"Số {shown}" if number else f"Số      {shown}",
        place_date=place_date(place_of(session, unit), on, year),
        abstract=abstract,
        marker=marker,
    )


@dataclass
class Context:
    directive: Directive
    issuer: Unit
    drafting: Unit
    rules: RuleSet

    @property
    def kind_name(self) -> str:
        return self.rules.kind_name(self.directive.kind)

    @property
    def topic(self) -> str:
        """The title as it follows "về": "tăng cường …" even when typed "Về tăng cường …"."""
        return lower_first(without_about(self.directive.title))

    @property
    def about(self) -> str:
        """ "Chỉ thị của Ban Thường vụ Tỉnh ủy về tăng cường …"."""
        return f"{self.kind_name} của {self.issuer.name} về {self.topic}"


def context(session: Session, directive_id: int) -> Context:
    d = get(session, Directive, directive_id)
    return Context(
        directive=d,
        issuer=get(session, Unit, d.issuer_id),
        drafting=get(session, Unit, d.drafting_unit_id),
        rules=load(d.ruleset),
    )


def assignment_ref(session: Session, ctx: Context) -> str:
    """ "Thông báo số 1704-TB/TU, ngày 04/7/2023 của Tỉnh ủy Bình Phước", from the records."""
    d = ctx.directive
    if not d.assignment_number:
        return ""
    symbol = d.assignment_number.split("-", 1)[-1].split("/", 1)[0].strip()
    issuer_symbol = d.assignment_number.rsplit("/", 1)[-1].strip()
    ref = f"{ctx.rules.kind_name(symbol)} số {d.assignment_number}"
    if d.assignment_date:
        ref += f", ngày {short_date(d.assignment_date)}"
    body = session.exec(select(Unit).where(Unit.symbol == issuer_symbol)).first()
    if body is not None:
        ref += f" của {issuing_body(session, body).name}"
    return ref


def draft_paras(text: str) -> list[Block]:
    """A draft's text as paragraphs: part headings (I., II.) bold, the rest body text."""
    out: list[Block] = []
    for part in split_sections(text):
        for i, line in enumerate(part.text.split("\n")):
            out.append(Para(line, "heading" if i == 0 and part.level == "phan" else "body"))
    return out


def version(session: Session, version_id: int) -> DraftVersion:
    return get(session, DraftVersion, version_id)


def slug(text: str) -> str:
    """ "Chỉ thị" → "chi-thi": file names without diacritics."""
    return "-".join(search_key(text).split())
