"""Re-anchoring comments on a new draft version (models/anchoring.py)."""

from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from models.anchoring import Anchor, reanchor
from models.commands.answers import anchor_fields
from models.sections import split_sections
from models.tables import Section
from tests.factories import DRAFT_TEXT


@dataclass
class S:
    key: str
    text: str


def _anchor(text: str, key: str, quote: str = "") -> Anchor:
    parsed = next(s for s in split_sections(text) if s.key == key)
    # anchor_fields takes a stored section: the one the draft command would store.
    section = Section(
        version_id=1,
        ordinal=parsed.ordinal,
        key=parsed.key,
        level=parsed.level,
        heading=parsed.heading,
        text=parsed.text,
    )
    f = anchor_fields(section, quote)
    return Anchor(f["section_key"], f["quote"], f["quote_prefix"], f["quote_suffix"])


def test_quote_found_after_renumbering():
    a = _anchor(DRAFT_TEXT, "II.2.a", "ít nhất 01 lần/quý")
    # A new khoản is inserted: the old II.2 becomes II.3.
    v2 = DRAFT_TEXT.replace(
        "2. Đổi mới phương pháp", "2. Phát huy vai trò của Mặt trận.\n3. Đổi mới phương pháp"
    )
    assert reanchor(a, split_sections(v2)) == "II.3.a"


def test_reworded_section_matched_by_similarity():
    a = _anchor(DRAFT_TEXT, "II.1")
    v2 = DRAFT_TEXT.replace(
        "Tăng cường sự lãnh đạo của cấp ủy", "Tăng cường hơn nữa sự lãnh đạo của các cấp ủy"
    )
    assert reanchor(a, split_sections(v2)) == "II.1"


def test_deleted_passage_is_orphaned_not_misplaced():
    a = _anchor(DRAFT_TEXT, "II.2.b")
    v2 = DRAFT_TEXT.replace("b) Định kỳ báo cáo hằng quý, sáu tháng, chín tháng và năm.\n", "")
    assert reanchor(a, split_sections(v2)) is None


def test_same_quote_twice_prefers_context_and_key():
    sections = [S("1", "Giao Ban Dân vận chủ trì."), S("2", "Giao Ban Dân vận chủ trì, phối hợp.")]
    a = Anchor("2", "Giao Ban Dân vận chủ trì", "", ", phối hợp.")
    assert reanchor(a, sections) == "2"
    assert reanchor(Anchor("", "", "", ""), sections) is None  # a comment on the whole draft


@given(st.sampled_from([s.key for s in split_sections(DRAFT_TEXT) if s.key != "0"]))
def test_unchanged_text_keeps_every_anchor(key):
    assert reanchor(_anchor(DRAFT_TEXT, key), split_sections(DRAFT_TEXT)) == key
