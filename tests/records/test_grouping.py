"""Similar comments grouped, on both databases: every submitted comment in exactly one
group, one decision for a group disposing each member, confirmed groups surviving a
recompute, and the grouping flow started by a round's close."""

from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlmodel import Session, col, select

from flows import runtime
from flows.drainer import Drainer, run_in_process
from flows.reactions import Reaction
from models.commands.answers import answer_submit, comment_save
from models.commands.dispositions import group_disposition_set
from models.commands.grouping import (
    group_confirm,
    group_merge,
    group_rename,
    group_split,
    grouping_request,
    groups_recompute,
)
from models.commands.rounds import round_close
from models.errors import DomainError, Invalid
from models.ids import id_of
from models.queries.grouping import GroupRow, groups_of
from models.tables import Comment, CommentGroup, Disposition, StoredEvent
from tests.notifications.scenario import Case, written_round

ASKS = {
    "mat-tran": [
        "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân.",
        "De nghi bo sung vai tro cua Mat tran To quoc trong nam tinh hinh Nhan dan",
        "Bổ sung trách nhiệm của Mặt trận Tổ quốc các cấp trong nắm tình hình nhân dân.",
    ],
    "doan": [
        "Đề nghị bổ sung vai trò của Đoàn Thanh niên trong nắm tình hình Nhân dân.",
        "Bổ sung trách nhiệm của Đoàn Thanh niên các cấp trong nắm tình hình nhân dân.",
    ],
    "kinh-phi": [
        "Cần bố trí kinh phí cho công tác nắm tình hình Nhân dân.",
        "Đề nghị bố trí kinh phí cho công tác nắm tình hình Nhân dân cho phù hợp.",
    ],
}


@dataclass
class Commented:
    case: Case
    by_ask: dict[str, list[int]]
    draft_id: int  # a unit's comment never submitted


def commented(session: Session, links) -> Commented:
    case = written_round(session, links)
    at = case.written.round.opened_at + timedelta(days=2)
    tokens = [case.written.tokens[id_of(u)] for u in case.world.units]
    by_ask: dict[str, list[int]] = {}
    n = 0
    for ask, texts in ASKS.items():
        for text in texts:
            c = comment_save(
                session,
                raw_token=tokens[n % 4],
                position="agree_with_comments",
                text=text,
                now=at,
            )
            by_ask.setdefault(ask, []).append(id_of(c))
            n += 1
    for tok in tokens[:4]:
        answer_submit(session, raw_token=tok, now=at)
    draft = comment_save(
        session, raw_token=tokens[4], position="disagree", text="Bản nháp riêng.", now=at
    )
    return Commented(case, by_ask, id_of(draft))


def _covered(rows: list[GroupRow]) -> list[int]:
    return sorted(i for r in rows for i in r.comment_ids)


def _group_of(rows: list[GroupRow], comment_id: int) -> GroupRow:
    return next(r for r in rows if comment_id in r.comment_ids)


def test_every_submitted_comment_is_in_exactly_one_group(session, links) -> None:
    got = commented(session, links)
    did, rid = got.case.directive_id, got.case.written.round.id
    submitted = sorted(i for ids in got.by_ask.values() for i in ids)
    before = groups_of(session, directive_id=did)
    assert _covered(before) == submitted  # not yet grouped: each alone, under its id negated
    assert {r.id for r in before} == {-i for i in submitted}

    groups_recompute(session, directive_id=did, now=got.case.written.round.opened_at)
    rows = groups_of(session, directive_id=did)
    assert _covered(rows) == submitted and got.draft_id not in _covered(rows)
    assert all(r.id > 0 for r in rows)
    assert sorted(sorted(r.comment_ids) for r in rows) == sorted(
        sorted(ids) for ids in got.by_ask.values()
    )
    assert _covered(groups_of(session, directive_id=did, round_id=rid)) == submitted
    assert _group_of(rows, got.by_ask["mat-tran"][0]).label == ASKS["mat-tran"][0]


def test_a_group_decision_disposes_each_member(session, links) -> None:
    got = commented(session, links)
    did = got.case.directive_id
    groups_recompute(session, directive_id=did, now=got.case.written.round.opened_at)
    members = got.by_ask["mat-tran"]
    g = _group_of(groups_of(session, directive_id=did), members[0])
    with pytest.raises(Invalid, match="lý do"):
        group_disposition_set(
            session,
            group_id=g.id,
            decision="explain",
            by="canbo",
            now=got.case.written.round.opened_at,
        )
    assert session.exec(select(Disposition)).all() == []
    saved = group_disposition_set(
        session,
        group_id=g.id,
        decision="accept",
        response="Tiếp thu, bổ sung tại mục II.1",
        by="canbo",
        now=got.case.written.round.opened_at,
    )
    assert sorted(d.comment_id for d in saved) == sorted(members)
    rows = session.exec(select(Disposition)).all()
    assert sorted(d.comment_id for d in rows) == sorted(members)  # a row each, none else
    assert {(d.decision, d.response) for d in rows} == {
        ("accept", "Tiếp thu, bổ sung tại mục II.1")
    }


def test_confirmed_groups_survive_a_recompute(session, links) -> None:
    got = commented(session, links)
    did, now = got.case.directive_id, got.case.written.round.opened_at
    groups_recompute(session, directive_id=did, now=now)
    rows = groups_of(session, directive_id=did)
    mt = _group_of(rows, got.by_ask["mat-tran"][0])
    doan = _group_of(rows, got.by_ask["doan"][0])
    kp = _group_of(rows, got.by_ask["kinh-phi"][0])
    # The officer merges the two bodies' requests (one answer for both), renames, confirms.
    group_merge(session, group_id=mt.id, other_id=doan.id, by="canbo", now=now)
    group_rename(session, group_id=mt.id, label="Vai trò Mặt trận, đoàn thể", by="canbo", now=now)
    split = group_split(
        session, group_id=kp.id, comment_ids=[got.by_ask["kinh-phi"][1]], by="canbo", now=now
    )
    assert split.confirmed and session.get(CommentGroup, kp.id).confirmed is False
    groups_recompute(session, directive_id=did, now=now + timedelta(hours=1))
    after = groups_of(session, directive_id=did)
    merged = _group_of(after, got.by_ask["mat-tran"][0])
    assert (merged.id, merged.label, merged.confirmed) == (
        mt.id,
        "Vai trò Mặt trận, đoàn thể",
        True,
    )
    assert sorted(merged.comment_ids) == sorted(got.by_ask["mat-tran"] + got.by_ask["doan"])
    assert _group_of(after, got.by_ask["kinh-phi"][1]).id == split.id
    # The unconfirmed rest was regrouped: the old suggestion is gone, its comment regrouped.
    assert session.get(CommentGroup, kp.id) is None
    assert _group_of(after, got.by_ask["kinh-phi"][0]).comment_ids == [got.by_ask["kinh-phi"][0]]
    assert _covered(after) == sorted(i for ids in got.by_ask.values() for i in ids)


def test_group_edits_refuse_bad_choices(session, links) -> None:
    got = commented(session, links)
    did, now = got.case.directive_id, got.case.written.round.opened_at
    groups_recompute(session, directive_id=did, now=now)
    rows = groups_of(session, directive_id=did)
    mt = _group_of(rows, got.by_ask["mat-tran"][0])
    with pytest.raises(Invalid, match="ít nhất một ý kiến"):
        group_split(session, group_id=mt.id, comment_ids=mt.comment_ids, by="canbo", now=now)
    with pytest.raises(Invalid, match="của nhóm này"):
        group_split(session, group_id=mt.id, comment_ids=got.by_ask["doan"], by="canbo", now=now)
    with pytest.raises(Invalid, match="tên nhóm"):
        group_rename(session, group_id=mt.id, label="  ", by="canbo", now=now)
    with pytest.raises(Invalid, match="nhóm khác"):
        group_merge(session, group_id=mt.id, other_id=mt.id, by="canbo", now=now)
    session.rollback()
    assert groups_of(session, directive_id=did) == rows
    group_confirm(session, group_id=mt.id, by="canbo", now=now)
    assert session.get(CommentGroup, mt.id).confirmed


def test_a_request_records_an_event_and_computes_nothing(session, links) -> None:
    got = commented(session, links)
    did = got.case.directive_id
    grouping_request(session, directive_id=did, by="canbo", now=got.case.written.round.opened_at)
    assert session.exec(select(CommentGroup)).all() == []
    types = session.exec(select(StoredEvent.type).where(StoredEvent.directive_id == did)).all()
    assert "grouping.requested" in types


def test_group_decision_refused_once_submitted(session, links) -> None:
    from models.tables import Directive

    got = commented(session, links)
    did, now = got.case.directive_id, got.case.written.round.opened_at
    groups_recompute(session, directive_id=did, now=now)
    g = groups_of(session, directive_id=did)[0]
    d = session.get(Directive, did)
    d.stage = "submitted"
    session.add(d)
    session.commit()
    with pytest.raises(DomainError, match="đã trình"):
        group_disposition_set(session, group_id=g.id, decision="accept", by="canbo", now=now)


pytestmark_prefect = pytest.mark.xdist_group("prefect")


@pytestmark_prefect
async def test_the_grouping_flow_runs_when_a_round_closes(
    prefect_harness, engine, settings, links
) -> None:
    rt = runtime.configure(settings, engine)
    try:
        with Session(engine, expire_on_commit=False) as s:
            got = commented(s, links)
            did, rid = got.case.directive_id, id_of(got.case.written.round)
            close_at = got.case.written.round.opened_at + timedelta(days=3)
        # Drain every event so far, then only the close's reactions run here: the grouping's
        # (the documents' would render the synthesis, which this test is not about).
        started: list[Reaction] = []

        async def grouping_only(reaction: Reaction) -> None:
            started.append(reaction)
            if reaction.flow == "group-comments":
                await run_in_process(reaction)

        drainer = Drainer(engine, grouping_only)
        await drainer.drain()
        assert not [r for r in started if r.flow == "group-comments"]
        with Session(engine, expire_on_commit=False) as s:
            round_close(s, round_id=rid, by="canbo", now=close_at)
            s.commit()
        await drainer.drain()
        assert [r.params["directive_id"] for r in started if r.flow == "group-comments"] == [did]
        with Session(engine, expire_on_commit=False) as s:
            rows = groups_of(s, directive_id=did)
            assert all(r.id > 0 for r in rows) and len(rows) == len(ASKS)
            ids = s.exec(select(Comment.id).where(col(Comment.draft).is_(False))).all()
            assert _covered(rows) == sorted(i for i in ids if i is not None)
    finally:
        assert rt is runtime._current
        runtime._current = None
