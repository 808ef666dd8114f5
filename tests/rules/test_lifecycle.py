"""Property tests of the pure lifecycle: no sequence reaches an illegal state, and every
legal path of the template reaches issuance."""

from dataclasses import replace

from hypothesis import given, settings
from hypothesis import strategies as st

from models.errors import DomainError
from models.lifecycle import (
    DEFAULT_TEMPLATE,
    Action,
    Facts,
    RoundKind,
    Stage,
    advance,
    apply,
    is_legal,
    legal_actions,
)

# What the office does between rule-checked actions: choose the final version, decide on
# every comment. These are facts the records change, not stage moves.
CHOOSE_FINAL = "choose_final"
DISPOSE_ALL = "dispose_all"
MOVES = [*Action, CHOOSE_FINAL, DISPOSE_ALL]


def step(facts: Facts, move: object, comments: int) -> Facts:
    if move == CHOOSE_FINAL:
        return replace(facts, final_version=True) if facts.stage == Stage.FINALISING else facts
    if move == DISPOSE_ALL:
        return replace(facts, undisposed_comments=0)
    assert isinstance(move, Action)
    if not is_legal(facts, move):
        try:
            advance(facts, move)
        except DomainError as exc:
            assert exc.message and not exc.message.isascii()  # a Vietnamese message
        else:
            raise AssertionError(f"{move} was refused by is_legal but accepted by advance")
        return facts
    return apply(facts, move, closes_round_with_comments=comments)


def invariants(f: Facts) -> None:
    assert (f.stage == Stage.CONSULTING) == f.open_round
    if f.stage != Stage.ASSIGNED:
        assert f.draft_versions >= 1
    if f.stage in (Stage.FINALISING, Stage.SUBMITTED, Stage.SIGNED, Stage.ISSUED):
        assert f.closed_rounds >= 1
    if f.stage in (Stage.SIGNED, Stage.ISSUED):
        assert f.final_version and f.number
    if f.stage == Stage.ISSUED:
        assert f.number


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(MOVES), st.integers(0, 5)), max_size=60))
def test_no_sequence_reaches_an_illegal_state(moves: list[tuple[object, int]]) -> None:
    facts = Facts(stage=Stage.ASSIGNED)
    for move, comments in moves:
        facts = step(facts, move, comments)
        invariants(facts)


@settings(max_examples=200, deadline=None)
@given(
    rounds=st.lists(st.sampled_from(list(RoundKind)), min_size=1, max_size=6),
    redrafts=st.lists(st.booleans(), min_size=6, max_size=6),
    comments=st.lists(st.integers(0, 30), min_size=6, max_size=6),
)
def test_every_template_path_reaches_issuance(
    rounds: list[RoundKind], redrafts: list[bool], comments: list[int]
) -> None:
    facts = apply(Facts(stage=Stage.ASSIGNED), Action.ADD_DRAFT)
    for i, _kind in enumerate(rounds):
        assert Action.OPEN_ROUND in legal_actions(facts)
        facts = apply(facts, Action.OPEN_ROUND)
        assert legal_actions(facts) == [Action.CLOSE_ROUND]
        facts = apply(facts, Action.CLOSE_ROUND, closes_round_with_comments=comments[i])
        if redrafts[i]:
            facts = apply(facts, Action.ADD_DRAFT)
    facts = apply(facts, Action.FINALISE)
    facts = replace(facts, final_version=True, undisposed_comments=0)
    for action in (Action.SUBMIT, Action.SIGN, Action.ISSUE):
        facts = apply(facts, action)
    assert facts.stage == Stage.ISSUED
    assert legal_actions(facts) == []


def test_default_template_is_chi_thi_22() -> None:
    assert DEFAULT_TEMPLATE == (RoundKind.WRITTEN, RoundKind.CONFERENCE, RoundKind.GRASSROOTS)


def test_guards_explain_themselves() -> None:
    cases = [
        (Facts(stage=Stage.DRAFTING), Action.CLOSE_ROUND, "Không có đợt"),
        (
            Facts(stage=Stage.CONSULTING, draft_versions=1, open_round=True),
            Action.OPEN_ROUND,
            "Đang có một đợt",
        ),
        (Facts(stage=Stage.DRAFTING), Action.OPEN_ROUND, "Chưa có bản dự thảo"),
        (Facts(stage=Stage.DRAFTING, draft_versions=1), Action.FINALISE, "Chưa có đợt"),
        (
            Facts(stage=Stage.FINALISING, draft_versions=1, closed_rounds=1),
            Action.SUBMIT,
            "Chưa chọn bản dự thảo hoàn chỉnh",
        ),
        (
            Facts(
                stage=Stage.FINALISING,
                draft_versions=1,
                closed_rounds=1,
                final_version=True,
                undisposed_comments=3,
            ),
            Action.SUBMIT,
            "Còn 3 ý kiến",
        ),
        (Facts(stage=Stage.SIGNED, final_version=True), Action.ISSUE, "Chưa đăng ký số"),
        (Facts(stage=Stage.ISSUED, number="22-CT/TU"), Action.ADD_DRAFT, "đã ban hành"),
    ]
    for facts, action, expected in cases:
        try:
            advance(facts, action)
        except DomainError as exc:
            assert expected in exc.message, (action, exc.message)
        else:
            raise AssertionError(f"{action} should be refused from {facts}")
