"""The grouping's quality on the labelled set (tests/rules/grouping_set.py).

Purity: each suggested group counted by its largest true group, over all comments (1.0 when
no group mixes two requests). Completeness: each true group counted by its largest share in
one suggested group, over all comments (1.0 when no request is split). Singletons-only
suggestions score purity 1.0 and a low completeness; one big group the reverse."""

from collections import Counter

import pytest

from models.grouping import engine
from models.grouping.engine import group
from models.grouping.normalise import normalise
from tests.rules.grouping_set import ITEMS, nfd


def purity(truth: list[str], got: list[int]) -> float:
    by_group: dict[int, Counter[str]] = {}
    for t, g in zip(truth, got, strict=True):
        by_group.setdefault(g, Counter())[t] += 1
    return sum(c.most_common(1)[0][1] for c in by_group.values()) / len(truth)


def completeness(truth: list[str], got: list[int]) -> float:
    by_truth: dict[str, Counter[int]] = {}
    for t, g in zip(truth, got, strict=True):
        by_truth.setdefault(t, Counter())[g] += 1
    return sum(c.most_common(1)[0][1] for c in by_truth.values()) / len(truth)


def _scores(items: list[tuple[str, str]]) -> tuple[float, float]:
    truth = [label for label, _ in items]
    got = group([text for _, text in items])
    return purity(truth, got), completeness(truth, got)


def test_the_measures_mean_what_they_say() -> None:
    truth = ["a", "a", "b", "b"]
    assert (purity(truth, [0, 1, 2, 3]), completeness(truth, [0, 1, 2, 3])) == (1.0, 0.5)
    assert (purity(truth, [0, 0, 0, 0]), completeness(truth, [0, 0, 0, 0])) == (0.5, 1.0)
    assert purity(truth, [0, 0, 1, 1]) == completeness(truth, [0, 0, 1, 1]) == 1.0


def test_the_labelled_set_is_grouped_well() -> None:
    p, c = _scores(ITEMS)
    assert p >= 0.95, p
    assert c >= 0.85, c


def test_the_linear_method_groups_the_set_well_too(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(engine, "LINEAR_ABOVE", 0)
    monkeypatch.setattr(engine, "BATCH", 16)
    p, c = _scores(ITEMS)
    assert p >= 0.95, p
    assert c >= 0.85, c


def test_one_entity_variants_stay_apart() -> None:
    texts = [
        "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân.",
        "Đề nghị bổ sung vai trò của Đoàn Thanh niên trong nắm tình hình Nhân dân.",
        "Quy định chế độ báo cáo tình hình Nhân dân hằng quý.",
        "Quy định chế độ báo cáo tình hình Nhân dân đột xuất.",
    ]
    assert len(set(group(texts))) == 4


def test_spelling_forms_and_stock_phrases_are_one_text() -> None:
    forms = [
        "Đề nghị Ban soạn thảo bổ sung vai trò Mặt trận cho phù hợp.",
        nfd("Bổ sung vai trò Mặt trận"),
        "BO SUNG VAI TRO MAT TRAN",
        "Bổ sung vai trò Mặt trận.",
    ]
    assert len({normalise(f) for f in forms}) == 1
    assert normalise("Ðoàn") == normalise("đoàn") == "doan"


def test_exact_duplicates_are_counted_once() -> None:
    d = engine.distinct(["Thống nhất với dự thảo.", "thong nhat voi du thao", "Khác hẳn"])
    assert d.counts == [2, 1] and d.of_input == [0, 0, 1]


def test_texts_without_words_are_grouped_too() -> None:
    assert group(["", "Đề nghị.", "Bổ sung kinh phí", ""]) == [0, 0, 1, 0]
    assert group(["", "..."]) == [0, 0]
    assert group([]) == []
