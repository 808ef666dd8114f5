"""The levels a grassroots round's reports count meetings by, chosen when the round opens.

A provincial committee consults by place (the hamlets and the communes of each district); a
bloc's committee (agencies and enterprises) has no geography: its grassroots are its Party
cells and committees. Levels are data: the round stores its list (Round.levels), a report
may still add a level the list lacks, and the totals follow the round's order.
"""

from collections.abc import Iterable

from models.errors import Invalid
from models.text import clean_line, fold

GEOGRAPHIC = ("Thôn, ấp, khu phố", "Xã, phường, thị trấn")  # the 2023 round's levels
BLOC = ("Chi bộ trực thuộc", "Đảng bộ bộ phận", "Đảng ủy cơ sở")
CUSTOM = "custom"
PRESETS: dict[str, tuple[str, tuple[str, ...]]] = {
    "geographic": ("Theo địa bàn", GEOGRAPHIC),
    "bloc": ("Theo tổ chức đảng của khối", BLOC),
}
DEFAULT_PRESET = "geographic"
MAX_LEVELS = 12  # a report's meetings hold at most 20 levels: room for the ones it adds
MAX_LEVEL_CHARS = 200


def check_levels(levels: Iterable[str]) -> list[str]:
    """The levels as stored: each on one clean line, blanks and repeats (same `fold`) left
    out, in the order given; Invalid at the field "levels" when none or too many."""
    out: list[str] = []
    seen: set[str] = set()
    for level in levels:
        level = clean_line(level)
        if not level or fold(level) in seen:
            continue
        if len(level) > MAX_LEVEL_CHARS:
            raise Invalid(
                f"Tên cấp quá dài (tối đa {MAX_LEVEL_CHARS} ký tự): “{level[:40]}…”.",
                field="levels",
            )
        seen.add(fold(level))
        out.append(level)
    if not out:
        raise Invalid("Chọn hoặc nhập ít nhất một cấp tổ chức hội nghị.", field="levels")
    if len(out) > MAX_LEVELS:
        raise Invalid(f"Tối đa {MAX_LEVELS} cấp tổ chức hội nghị.", field="levels")
    return out


def chosen_levels(preset: str, custom: str) -> list[str]:
    """The round form's choice: a preset's levels, or the custom list typed one per line;
    a form posted without the choice (an older page) counts by place."""
    preset = preset or DEFAULT_PRESET
    if preset in PRESETS:
        return list(PRESETS[preset][1])
    if preset == CUSTOM:
        return custom.splitlines()
    raise Invalid("Chọn các cấp tổ chức hội nghị.", field="levels")


def round_levels(levels: list[str] | None) -> list[str]:
    """A grassroots round's levels; a round stored without them counted by place."""
    return list(levels) if levels else list(GEOGRAPHIC)
