"""Grassroots opinions in the synthesis (issue 13, item 5): a committee's summary is cut into
the opinions it sums up; each becomes a row of the table standing for the committee's
delegates, groupable and disposable like any comment; a corrected summary keeps what stayed."""

import unicodedata

from sqlmodel import col, select

from documents.synthesis import synthesis
from models.commands.dispositions import disposition_set
from models.commands.grassroots import report_enter
from models.commands.grouping import groups_recompute
from models.commands.rounds import round_open
from models.grassroots_opinions import opinions_of
from models.ids import id_of
from models.queries.grouping import groups_of
from models.tables import Comment, Disposition, Invitation
from tests.documents.case import consulted, day

MEETINGS = {"Thôn, ấp, khu phố": 40, "Xã, phường, thị trấn": 6}


def test_a_summary_is_cut_into_the_opinions_it_sums_up() -> None:
    assert opinions_of("Thống nhất cao; đề nghị chú ý nắm tình hình ở các khu dân cư mới.") == [
        "Đề nghị chú ý nắm tình hình ở các khu dân cư mới."
    ]
    bullets = (
        "Các ý kiến tập trung vào:\n- Bổ sung vai trò của Mặt trận\n  ở cơ sở;\n"
        "+ đề nghị làm rõ trách nhiệm người đứng đầu\n2) Đề nghị giao ban sáu tháng một lần"
    )
    assert opinions_of(bullets) == [
        "Bổ sung vai trò của Mặt trận ở cơ sở.",
        "Đề nghị làm rõ trách nhiệm người đứng đầu.",
        "Đề nghị giao ban sáu tháng một lần.",
    ]
    assert opinions_of("Đa số ý kiến thống nhất cao với dự thảo.") == []
    # Repeats (case, spacing, NFD) count once; an agreeing clause that asks is an opinion.
    nfd = unicodedata.normalize("NFD", "Đề nghị  BỔ SUNG vai trò của Mặt trận.")
    twice = "Đề nghị bổ sung vai trò của Mặt trận.\n" + nfd
    assert opinions_of(twice) == ["Đề nghị bổ sung vai trò của Mặt trận."]
    assert opinions_of("Thống nhất, đề nghị bổ sung ví dụ") == [
        "Thống nhất, đề nghị bổ sung ví dụ."
    ]


def _grassroots_round(session, links, case):
    budang, dongxoai = case.world.units[3], case.world.units[4]
    opened = round_open(
        session,
        directive_id=case.directive_id,
        kind="grassroots",
        unit_ids=[id_of(budang), id_of(dongxoai)],
        letter_number="530-CV/BDVTU",
        by="canbo",
        now=day(52),
        links=links,
    )
    invs = session.exec(
        select(Invitation)
        .where(Invitation.round_id == opened.round.id)
        .order_by(col(Invitation.unit_id))
    ).all()
    return opened.round, invs


def test_opinions_are_rows_of_the_table_and_groupable(session, links) -> None:
    case = consulted(session, links, stop_after="grassroots")
    did = case.directive_id
    rnd, (first, second) = _grassroots_round(session, links, case)
    report_enter(
        session,
        invitation_id=id_of(first),
        meetings=MEETINGS,
        delegates=1250,
        summary="Thống nhất cao; đề nghị tăng cường đối thoại trực tiếp với Nhân dân ở cơ sở.",
        by="canbo",
        now=day(53),
    )
    report_enter(
        session,
        invitation_id=id_of(second),
        meetings=MEETINGS,
        delegates=980,
        summary="- Đề nghị tăng cường đối thoại trực tiếp với nhân dân tại cơ sở\n"
        "- Đề nghị quan tâm đồng bào dân tộc thiểu số",
        by="canbo",
        now=day(53),
    )
    opinions = session.exec(select(Comment).where(Comment.round_id == rnd.id)).all()
    assert sorted(c.text for c in opinions) == [
        "Đề nghị quan tâm đồng bào dân tộc thiểu số.",
        "Đề nghị tăng cường đối thoại trực tiếp với Nhân dân ở cơ sở.",
        "Đề nghị tăng cường đối thoại trực tiếp với nhân dân tại cơ sở.",
    ]
    rows = [row for g in synthesis(session, did).groups for row in g.rows]
    subjects = {s for row in rows for s in row.subjects}
    assert {
        "Huyện ủy Bù Đăng (cơ sở, 1.250 đại biểu)",
        "Thành ủy Đồng Xoài (cơ sở, 980 đại biểu)",
    } <= subjects
    # The two near-identical opinions of two committees are suggested as one group.
    groups_recompute(session, directive_id=did, now=day(54))
    ids = {id_of(c) for c in opinions if "đối thoại" in c.text}
    together = [g for g in groups_of(session, directive_id=did) if ids <= set(g.comment_ids)]
    assert together, "the two committees' same opinion is not grouped"
    # Disposed like any comment.
    disposition_set(
        session,
        comment_id=min(ids),
        decision="accept",
        response="Tiếp thu, bổ sung tại mục 2.",
        by="canbo",
        now=day(55),
    )
    assert session.exec(select(Disposition).where(Disposition.comment_id == min(ids))).one()


def test_a_corrected_summary_keeps_what_stayed_and_drops_what_went(session, links) -> None:
    case = consulted(session, links, stop_after="grassroots")
    rnd, (first, _) = _grassroots_round(session, links, case)
    kept, dropped = "Đề nghị làm rõ trách nhiệm người đứng đầu.", "Đề nghị giao ban hằng quý."

    def enter(summary: str) -> None:
        report_enter(
            session,
            invitation_id=id_of(first),
            meetings=MEETINGS,
            delegates=500,
            summary=summary,
            by="canbo",
            now=day(53),
        )

    enter(f"{kept}\n{dropped}")
    before = {
        c.text: id_of(c) for c in session.exec(select(Comment).where(Comment.round_id == rnd.id))
    }
    disposition_set(
        session, comment_id=before[kept], decision="accept", response="", by="canbo", now=day(53)
    )
    enter(f"{kept}\nĐề nghị bổ sung ví dụ về đối thoại.")
    after = {
        c.text: id_of(c) for c in session.exec(select(Comment).where(Comment.round_id == rnd.id))
    }
    assert after[kept] == before[kept]  # the same row, its disposition kept
    assert session.exec(select(Disposition).where(Disposition.comment_id == before[kept])).one()
    assert dropped not in after and "Đề nghị bổ sung ví dụ về đối thoại." in after
