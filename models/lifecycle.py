"""The directive lifecycle as pure rules: stages, actions, guards. No I/O, no clock, no DB.

The caller gathers the facts (`Facts`) from the records and asks `advance` for the next
stage; a refused action raises `DomainError` with the Vietnamese message shown to users.
Rounds of any kind may repeat in any order; after a round the directive returns to drafting.
"""

from dataclasses import dataclass, replace
from enum import StrEnum

from models.errors import Cause, DomainError


class Stage(StrEnum):
    ASSIGNED = "assigned"  # giao nhiệm vụ
    DRAFTING = "drafting"  # soạn thảo
    CONSULTING = "consulting"  # a round is open
    FINALISING = "finalising"  # tiếp thu, hoàn chỉnh
    SUBMITTED = "submitted"  # trình Ban Thường vụ
    SIGNED = "signed"  # ký
    ISSUED = "issued"  # ban hành

    @property
    def label(self) -> str:
        return STAGE_LABELS[self]


STAGE_LABELS = {
    Stage.ASSIGNED: "Giao nhiệm vụ",
    Stage.DRAFTING: "Soạn thảo",
    Stage.CONSULTING: "Lấy ý kiến",
    Stage.FINALISING: "Tiếp thu, hoàn chỉnh",
    Stage.SUBMITTED: "Đã trình",
    Stage.SIGNED: "Đã ký",
    Stage.ISSUED: "Đã ban hành",
}


class RoundKind(StrEnum):
    WRITTEN = "written"  # lấy ý kiến bằng văn bản
    CONFERENCE = "conference"  # hội nghị góp ý trực tiếp
    GRASSROOTS = "grassroots"  # lấy ý kiến cơ sở

    @property
    def label(self) -> str:
        return ROUND_LABELS[self]

    @property
    def counts(self) -> str:
        """What this kind of round counts: never add one kind's count to another's."""
        return {"written": "văn bản", "conference": "ý kiến", "grassroots": "đại biểu"}[self]


ROUND_LABELS = {
    RoundKind.WRITTEN: "Lấy ý kiến bằng văn bản",
    RoundKind.CONFERENCE: "Hội nghị góp ý trực tiếp",
    RoundKind.GRASSROOTS: "Lấy ý kiến cơ sở",
}


class Action(StrEnum):
    ADD_DRAFT = "add_draft"
    OPEN_ROUND = "open_round"
    CLOSE_ROUND = "close_round"
    FINALISE = "finalise"
    SUBMIT = "submit"
    RETURN = "return"  # the Standing Board sends the submission back
    SIGN = "sign"
    ISSUE = "issue"

    @property
    def label(self) -> str:
        return ACTION_LABELS[self]


ACTION_LABELS = {
    Action.ADD_DRAFT: "Thêm bản dự thảo mới",
    Action.OPEN_ROUND: "Mở đợt lấy ý kiến",
    Action.CLOSE_ROUND: "Kết thúc đợt lấy ý kiến",
    Action.FINALISE: "Chuyển sang tiếp thu, hoàn chỉnh",
    Action.SUBMIT: "Trình Ban Thường vụ",
    Action.RETURN: "Trả lại để hoàn chỉnh",
    Action.SIGN: "Ghi nhận ký",
    Action.ISSUE: "Ban hành",
}


@dataclass(frozen=True)
class Facts:
    """What the rules need to know about one directive, gathered by the caller."""

    stage: Stage
    draft_versions: int = 0
    open_round: bool = False
    closed_rounds: int = 0
    final_version: bool = False
    undisposed_comments: int = 0
    number: str | None = None
    # Where those comments are: (round id, ordinal, count) per closed round, so a refusal
    # can link to them; empty when the caller did not gather them (simulations).
    undisposed_rounds: tuple[tuple[int, int, int], ...] = ()
    open_round_id: int | None = None  # the open round, for the refusals it causes


# The stages each action may start from, and where it leads.
TRANSITIONS: dict[Action, tuple[frozenset[Stage], Stage | None]] = {
    Action.ADD_DRAFT: (
        frozenset({Stage.ASSIGNED, Stage.DRAFTING, Stage.FINALISING}),
        None,  # assigned → drafting, else stays
    ),
    Action.OPEN_ROUND: (frozenset({Stage.DRAFTING}), Stage.CONSULTING),
    Action.CLOSE_ROUND: (frozenset({Stage.CONSULTING}), Stage.DRAFTING),
    Action.FINALISE: (frozenset({Stage.DRAFTING}), Stage.FINALISING),
    Action.SUBMIT: (frozenset({Stage.FINALISING}), Stage.SUBMITTED),
    Action.RETURN: (frozenset({Stage.SUBMITTED}), Stage.FINALISING),
    Action.SIGN: (frozenset({Stage.SUBMITTED}), Stage.SIGNED),
    Action.ISSUE: (frozenset({Stage.SIGNED}), Stage.ISSUED),
}


def _open_round(facts: Facts) -> tuple[Cause, ...]:
    if facts.open_round_id is None:
        return ()
    return (Cause("Đợt lấy ý kiến đang mở", "round", facts.open_round_id),)


def _guard(facts: Facts, action: Action) -> None:
    """Raise if `action` is not legal now; the message says why, in Vietnamese."""
    allowed, _ = TRANSITIONS[action]
    if facts.stage not in allowed:
        if facts.stage == Stage.ISSUED:
            raise DomainError("Chỉ thị đã ban hành: không thể thay đổi.")
        if action == Action.CLOSE_ROUND:
            raise DomainError("Không có đợt lấy ý kiến nào đang mở để kết thúc.")
        if facts.open_round:
            raise DomainError(
                "Đang có một đợt lấy ý kiến mở: hãy kết thúc đợt đó trước.",
                causes=_open_round(facts),
            )
        raise DomainError(
            f"Không thể “{action.label.lower()}” khi dự thảo đang ở giai đoạn "
            f"“{facts.stage.label.lower()}”."
        )
    if action == Action.OPEN_ROUND and facts.draft_versions == 0:
        raise DomainError("Chưa có bản dự thảo nào để lấy ý kiến.")
    if action == Action.FINALISE and facts.closed_rounds == 0:
        raise DomainError("Chưa có đợt lấy ý kiến nào đã kết thúc: chưa thể hoàn chỉnh.")
    if action in (Action.FINALISE, Action.SUBMIT, Action.SIGN) and facts.open_round:
        raise DomainError("Còn đợt lấy ý kiến đang mở.", causes=_open_round(facts))
    if action == Action.SUBMIT:
        if not facts.final_version:
            raise DomainError("Chưa chọn bản dự thảo hoàn chỉnh để trình.")
        if facts.undisposed_comments:
            raise DomainError(
                f"Còn {facts.undisposed_comments} ý kiến chưa có hướng tiếp thu hoặc giải trình.",
                causes=tuple(
                    Cause(
                        f"Lần {ordinal}: {n} ý kiến chờ tiếp thu, giải trình",
                        "round",
                        rid,
                        query="decision=pending",
                    )
                    for rid, ordinal, n in facts.undisposed_rounds
                ),
            )
    if action == Action.SIGN and not facts.final_version:
        raise DomainError("Chưa có bản dự thảo hoàn chỉnh để ký.")
    if action == Action.ISSUE and not facts.number:
        raise DomainError("Chưa đăng ký số văn bản: chưa thể ban hành.")


def advance(facts: Facts, action: Action) -> Stage:
    """The stage after `action`, or DomainError if the action is illegal now."""
    _guard(facts, action)
    _, target = TRANSITIONS[action]
    if target is None:
        return Stage.DRAFTING if facts.stage == Stage.ASSIGNED else facts.stage
    return target


def is_legal(facts: Facts, action: Action) -> bool:
    try:
        _guard(facts, action)
    except DomainError:
        return False
    return True


def legal_actions(facts: Facts) -> list[Action]:
    """The actions to offer in the UI now (illegal ones are not offered)."""
    return [a for a in Action if is_legal(facts, a)]


def apply(facts: Facts, action: Action, *, closes_round_with_comments: int = 0) -> Facts:
    """Facts after `action` (for simulations and property tests; records do this for real)."""
    stage = advance(facts, action)
    if action == Action.ADD_DRAFT:
        return replace(facts, stage=stage, draft_versions=facts.draft_versions + 1)
    if action == Action.OPEN_ROUND:
        return replace(facts, stage=stage, open_round=True)
    if action == Action.CLOSE_ROUND:
        return replace(
            facts,
            stage=stage,
            open_round=False,
            closed_rounds=facts.closed_rounds + 1,
            undisposed_comments=facts.undisposed_comments + closes_round_with_comments,
        )
    if action == Action.SIGN:
        # The records register the number in the same transaction as the signature.
        return replace(facts, stage=stage, number=facts.number or "số đã đăng ký")
    return replace(facts, stage=stage)


# Chỉ thị 22's sequence: the default template a new directive proposes.
DEFAULT_TEMPLATE: tuple[RoundKind, ...] = (
    RoundKind.WRITTEN,
    RoundKind.CONFERENCE,
    RoundKind.GRASSROOTS,
)
