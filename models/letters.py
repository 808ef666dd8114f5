"""Pure rules of a letter's signature block (DOMAIN.md, "Signature forms"); no I/O.

T/M   thay mặt a collective:  "T/M BAN THƯỜNG VỤ" / "PHÓ BÍ THƯ" / name
K/T   ký thay the head:       "K/T TRƯỞNG BAN" / "PHÓ TRƯỞNG BAN" / name
T/L   thừa lệnh:              "T/L BAN THƯỜNG VỤ" / "CHÁNH VĂN PHÒNG" / name
T/UQ  thừa ủy quyền:          "T/UQ BAN THƯỜNG VỤ" / "TRƯỞNG BAN TUYÊN GIÁO" / name
""    the head in one's own name: "TRƯỞNG BAN" / name
"""

from models.text import clean_line

FORMS = ("T/M", "K/T", "T/L", "T/UQ", "")
FORM_LABELS = {
    "T/M": "T/M — thay mặt tập thể",
    "K/T": "K/T — ký thay người đứng đầu",
    "T/L": "T/L — thừa lệnh",
    "T/UQ": "T/UQ — thừa ủy quyền",
    "": "Người đứng đầu ký",
}
# Spellings typed for the same form: "TM", "KT", "TL", "TUQ", "T.L", "TUQ."
_ALIASES = {f.replace("/", ""): f for f in FORMS if f}


def form_of(value: str) -> str | None:
    """The canonical form for what was typed, or None when it is no known form."""
    key = clean_line(value).upper().replace("/", "").replace(".", "").replace(" ", "")
    if not key:
        return ""
    return _ALIASES.get(key)


def signature_lines(form: str, on_behalf_of: str, title: str) -> list[str]:
    """The block's lines above the name, in capitals as the layout prints them."""
    head = clean_line(on_behalf_of).upper()
    own = clean_line(title).upper()
    if not form:
        return [own]
    return [f"{form} {head}".strip(), own]
