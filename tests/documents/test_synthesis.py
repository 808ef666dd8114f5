"""The synthesis table's grouping and merging (pure), then from the records of the case."""

import unicodedata

from hypothesis import given
from hypothesis import strategies as st
from sqlmodel import col, select

from documents.synthesis import (
    UNDECIDED,
    Agreed,
    Item,
    build,
    disposition_text,
    section_order,
    synthesis,
)
from models.tables import Comment, Invitation, Unit
from models.text import fold
from tests.documents.case import consulted

KEYS = ["", "0", "I", "II", "II.1", "II.2", "II.2.a", "II.10", "III.1"]


def _item(i: int, key: str, subject: str, text: str, decision=None, response=""):
    return Item(i, key, f"Mục {key}", subject, text, decision, response)


def test_identical_comments_merge_into_one_row_naming_every_unit():
    items = [
        _item(1, "II.1", "Huyện ủy Bù Đăng", "Đề nghị bổ sung vai trò Mặt trận.", "accept"),
        _item(2, "II.1", "Thành ủy Đồng Xoài", "đề nghị  bổ sung vai trò mặt trận.", "accept"),
        _item(3, "II.2", "Thành ủy Đồng Xoài", "Đề nghị bổ sung vai trò Mặt trận.", "accept"),
        _item(4, "", "Ban Tuyên giáo Tỉnh ủy", "Góp ý chung về bố cục.", None),
    ]
    s = build(items, [Agreed("Ban Tổ chức Tỉnh ủy", "88-CV/BTCTU", "20/7/2023")])
    assert [g.key for g in s.groups] == ["", "II.1", "II.2"]
    merged = s.groups[1].rows
    assert len(merged) == 1
    assert merged[0].subjects == ["Huyện ủy Bù Đăng", "Thành ủy Đồng Xoài"]
    assert merged[0].comment_ids == [1, 2]
    assert s.groups[0].label == "Góp ý chung"
    assert s.groups[0].rows[0].response == UNDECIDED
    assert (s.comments, s.commented_units, s.rows) == (4, 3, 3)


def test_disposition_texts():
    assert disposition_text("accept", "") == "Tiếp thu, chỉnh sửa"
    assert disposition_text("partial", "giữ số liệu") == "Tiếp thu một phần: giữ số liệu"
    assert disposition_text("explain", "đã có trong luật") == (
        "Xin giữ nguyên như dự thảo: đã có trong luật"
    )
    assert disposition_text("explain", "Xin giữ nguyên như dự thảo vì …").count("Xin") == 1


@given(
    st.lists(
        st.tuples(
            st.sampled_from(KEYS),
            st.sampled_from(["Huyện ủy Bù Đăng", "Ban Tổ chức Tỉnh ủy", "Thành ủy Đồng Xoài"]),
            st.sampled_from(["Bổ sung A.", "bổ sung  a.", "Sửa B.", "Hòa hợp.", "Hoà hợp."]),
        ),
        max_size=30,
    )
)
def test_every_comment_lands_in_exactly_one_row(rows):
    items = [_item(i, k, who, text) for i, (k, who, text) in enumerate(rows)]
    s = build(items, [])
    ids = [cid for g in s.groups for r in g.rows for cid in r.comment_ids]
    assert sorted(ids) == list(range(len(rows)))
    assert s.rows == len({(k, fold(t)) for k, _, t in rows})
    assert [g.key for g in s.groups] == sorted({k for k, _, _ in rows}, key=section_order)


def test_synthesis_from_the_records(session, links):
    case = consulted(session, links, stop_after="conference")
    s = synthesis(session, case.directive_id)
    comments = session.exec(select(Comment).where(Comment.draft == False)).all()  # noqa: E712
    with_text = [c for c in comments if c.text]
    assert s.comments == len(with_text)
    by_id = {cid: r for g in s.groups for r in g.rows for cid in r.comment_ids}
    for c in with_text:
        row = by_id[c.id]
        assert fold(row.text) == fold(c.text)
        if c.unit_id and not c.speaker:
            assert session.get(Unit, c.unit_id).name in row.subjects
    merged = [r for g in s.groups for r in g.rows if len(r.comment_ids) > 1]
    assert merged and all(len(r.subjects) > 1 for r in merged)
    agreeing = session.exec(
        select(Unit.name, Invitation.reply_number)
        .join(Invitation, col(Invitation.unit_id) == Unit.id)
        .where(Invitation.no_further_comments == True)  # noqa: E712
    ).all()
    assert sorted((a.unit, a.reply_number) for a in s.agreed) == sorted(agreeing)
    assert s.groups[0].key == ""
    for g in s.groups:
        assert unicodedata.is_normalized("NFC", g.label)


def test_a_confirmed_group_prints_as_one_row_with_one_answer():
    from dataclasses import replace

    items = [
        replace(
            _item(1, "II.1", "Huyện ủy Bù Đăng", "Bổ sung vai trò Mặt trận.", "accept", "Tiếp thu"),
            group_id=7,
            group_label="bổ sung vai trò Mặt trận Tổ quốc",
        ),
        replace(
            _item(2, "II.2", "Thành ủy Đồng Xoài", "Vai trò MTTQ.", "accept", "Tiếp thu"),
            group_id=7,
            group_label="bổ sung vai trò Mặt trận Tổ quốc",
        ),
        _item(3, "II.2", "Huyện ủy Lộc Ninh", "Góp ý khác.", None),
    ]
    s = build(items, [])
    assert [g.key for g in s.groups] == ["II.1", "II.2"]
    (row,) = s.groups[0].rows
    assert row.text == (
        "2 ý kiến (Huyện ủy Bù Đăng, Thành ủy Đồng Xoài): bổ sung vai trò Mặt trận Tổ quốc"
    )
    assert (row.response, row.comment_ids) == ("Tiếp thu", [1, 2])
    assert [r.comment_ids for r in s.groups[1].rows] == [[3]]
    apart = build(items, [], group_rows=False)  # the setting off: each wording its own row
    assert apart.rows == 3
