"""The operations the bản so sánh is written from (models/redline.py): both texts kept,
sections aligned by key (added, removed, moved), words diffed inside a section."""

from models.redline import SectionText, compare_sections, line_ops, word_ops


def _side(ops, drop: str) -> str:
    return "".join(o.text for o in ops if o.kind != drop)


def test_word_ops_keep_both_texts_and_change_only_what_changed():
    old = "Tổ chức hội nghị giao ban ít nhất 01 lần/quý."
    new = "Tổ chức hội nghị giao ban  ít nhất 01 lần/sáu tháng, có báo cáo."
    ops = word_ops(old, new)
    assert _side(ops, "insert") == old and _side(ops, "delete") == new
    assert [(o.kind, o.text) for o in ops] == [
        ("equal", "Tổ chức hội nghị giao ban"),
        ("delete", " "),
        ("insert", "  "),
        ("equal", "ít nhất 01 lần/"),
        ("delete", "quý"),
        ("insert", "sáu tháng, có báo cáo"),
        ("equal", "."),
    ]
    assert all(a.kind != b.kind for a, b in zip(ops, ops[1:], strict=False))  # merged


def test_punctuation_is_a_token_of_its_own():
    ops = word_ops("đạt nhiều kết quả.", "đạt nhiều kết quả quan trọng.")
    assert [(o.kind, o.text) for o in ops] == [
        ("equal", "đạt nhiều kết quả"),
        ("insert", " quan trọng"),
        ("equal", "."),
    ]


def test_line_ops_pair_edited_lines_and_keep_whole_ones_whole():
    ops = line_ops("Một.\nHai ba.\nBốn.", "Một.\nHai bốn.\nNăm.\nSáu.")
    assert [o.kind for o in ops] == ["equal", "modify", "modify", "insert"]
    assert [o.old for o in ops] == ["Một.", "Hai ba.", "Bốn.", ""]
    assert [o.new for o in ops] == ["Một.", "Hai bốn.", "Năm.", "Sáu."]
    assert [o.kind for o in line_ops("A\nB", "A")] == ["equal", "delete"]


def _s(key: str, text: str) -> SectionText:
    return SectionText(key, text.split("\n")[0], text)


def test_sections_aligned_by_key_added_removed_moved():
    old = [_s("I", "I. Một"), _s("II", "II. Hai"), _s("III", "III. Ba"), _s("IV", "IV. Bốn")]
    new = [_s("I", "I. Một sửa"), _s("III", "III. Ba"), _s("II", "II. Hai"), _s("V", "V. Năm")]
    changes = compare_sections(old, new)
    shown = [(c.key, c.status) for c in changes]
    assert ("I", "modified") == shown[0]
    assert ("IV", "removed") in shown and ("V", "added") in shown
    moved = [k for k, s in shown if s.startswith("moved")]
    assert len(moved) == 2 and len(set(moved)) == 1  # deleted where it was, inserted where it is
    assert {s for k, s in shown if k in ("II", "III") and not s.startswith("moved")} == {
        "unchanged"
    }
    # Every change kept: the older text reads back from the old sides, the newer from the new.
    assert [line.old for c in changes for line in c.lines if line.old] == [s.text for s in old]
    assert [line.new for c in changes for line in c.lines if line.new] == [s.text for s in new]
