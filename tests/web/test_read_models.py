"""Pure pieces of the pages: what a directive needs next, and the draft diff."""

from datetime import UTC, date, datetime

from models.lifecycle import Facts, RoundKind, Stage
from models.queries.diff import inline, side_by_side
from models.queries.progress import RoundCounts, next_step
from models.tables import Round

TODAY = date(2023, 7, 28)


def _round(deadline: date | None) -> Round:
    return Round(
        directive_id=1,
        ordinal=1,
        kind=RoundKind.WRITTEN,
        draft_version_id=1,
        deadline=deadline,
        opened_at=datetime(2023, 7, 12, 1, 0, tzinfo=UTC),
    )


def test_next_step_follows_the_stage_and_the_round():
    assert "bản dự thảo đầu tiên" in next_step(Facts(Stage.ASSIGNED), None, None, TODAY)
    assert next_step(Facts(Stage.DRAFTING, 1), None, None, TODAY) == "Mở đợt lấy ý kiến"
    consulting = Facts(Stage.CONSULTING, 1, open_round=True)
    waiting = next_step(consulting, _round(date(2023, 7, 30)), RoundCounts(5, 2, 3), TODAY)
    assert waiting == "Chờ đơn vị trả lời (2/5)"
    late = next_step(consulting, _round(date(2023, 7, 27)), RoundCounts(5, 2, 3), TODAY)
    assert "quá hạn" in late
    done = next_step(consulting, _round(date(2023, 7, 30)), RoundCounts(5, 5, 9), TODAY)
    assert "có thể kết thúc" in done
    finalising = Facts(Stage.FINALISING, 2, closed_rounds=1, undisposed_comments=7)
    assert "7 ý kiến" in next_step(finalising, None, None, TODAY)
    ready = Facts(Stage.FINALISING, 2, closed_rounds=1, final_version=True)
    assert next_step(ready, None, None, TODAY) == "Trình Ban Thường vụ"
    assert next_step(Facts(Stage.ISSUED), None, None, TODAY) == ""


def test_diff_marks_words_lines_added_and_removed():
    old = "I. TÌNH HÌNH\nCông tác dân vận còn hạn chế.\nDòng bỏ đi."
    new = "I. TÌNH HÌNH\nCông tác dân vận còn nhiều hạn chế.\nDòng mới."
    rows = side_by_side(old, new)
    assert rows[0].tag == "equal"
    changed = rows[1]
    assert changed.left is not None and changed.right is not None  # a changed line has both
    assert [p.text for p in changed.right if p.changed] == ["nhiều "]
    assert not any(p.changed for p in changed.left)
    ops = [(line.op, line.text) for line in inline(old, new)]
    assert ("-", "Dòng bỏ đi.") in ops and ("+", "Dòng mới.") in ops
    assert ops[0] == (" ", "I. TÌNH HÌNH")
    grown = side_by_side("a", "a\nb")
    added = grown[-1]
    assert added.left is None and added.right is not None and added.right[0].text == "b"
