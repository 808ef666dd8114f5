"""The reference case in miniature, built through the commands: three rounds, dispositions,
submission, signature 22-CT/TU and issuance (numbers and dates of Chỉ thị 22-CT/TU)."""

from dataclasses import dataclass, field
from datetime import date, timedelta

from sqlmodel import Session, col, select

from models.clock import at_local
from models.commands.answers import answer_no_comments, answer_submit, comment_save
from models.commands.conference import conference_update, opinion_record
from models.commands.directives import directive_finalise, directive_issue, directive_submit
from models.commands.dispositions import disposition_set
from models.commands.drafts import draft_add, draft_set_final
from models.commands.grassroots import report_enter
from models.commands.rounds import ConferencePlan, round_close, round_open
from models.ids import id_of
from models.tables import Comment, DraftVersion, Invitation, Section
from models.tokens import Links
from tests.conftest import T0
from tests.factories import DRAFT_TEXT, World, directive_with_draft, sign_22, world

MERGED = "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân."
GENERAL = "Dự thảo công phu, đề nghị rút gọn phần đánh giá tình hình."
DISAGREE = "Không tán thành giao ban hằng quý; đề nghị sáu tháng một lần."
KEEP_REASON = "Giao ban hằng quý giúp nắm tình hình kịp thời, phù hợp Chỉ thị của Trung ương."


@dataclass
class Case:
    world: World
    directive_id: int
    rounds: list[int] = field(default_factory=list)
    tokens: dict[int, str] = field(default_factory=dict)


def day(n: int):
    return T0 + timedelta(days=n)


def _section(session: Session, version_id: int, key: str) -> int:
    return id_of(
        session.exec(
            select(Section).where(Section.version_id == version_id, Section.key == key)
        ).one()
    )


def consulted(session: Session, links: Links, *, stop_after: str = "issued") -> Case:
    """Build the case up to `stop_after`: "written", "conference", "grassroots", "submitted"
    (the final draft before the standing committee, not signed yet), "issued"."""
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    case = Case(w, did)
    btg, btc, mttq, budang, dongxoai = w.units
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units],
        letter_number="490-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        abstract="V/v góp ý dự thảo Chỉ thị của Ban Thường vụ Tỉnh ủy",
        by="canbo",
        now=day(8),
        links=links,
    )
    case.rounds.append(id_of(opened.round))
    v1 = opened.round.draft_version_id
    tok = opened.tokens
    for unit, text, key, position in [
        (btg, MERGED, "II.1", "agree_with_comments"),
        (btg, GENERAL, None, "agree_with_comments"),
        (
            budang,
            "đề nghị bổ sung  vai trò của Mặt trận Tổ quốc trong nắm tình hình nhân dân.",
            "II.1",
            "agree_with_comments",
        ),
        (budang, DISAGREE, "II.2.a", "disagree"),
    ]:
        comment_save(
            session,
            raw_token=tok[id_of(unit)],
            position=position,
            text=text,
            section_id=_section(session, v1, key) if key else None,
            now=day(9),
        )
    answer_submit(session, raw_token=tok[id_of(btg)], reply_number="125-CV/BTGTU", now=day(9))
    answer_submit(session, raw_token=tok[id_of(budang)], reply_number="301-CV/HU", now=day(10))
    answer_no_comments(
        session,
        raw_token=tok[id_of(btc)],
        reply_number="88-CV/BTCTU",
        reply_date=date(2023, 7, 20),
        now=day(16),
    )
    answer_no_comments(
        session,
        raw_token=tok[id_of(dongxoai)],
        reply_number="412-CV/TU",
        reply_date=date(2023, 7, 21),
        now=day(17),
    )
    round_close(session, round_id=id_of(opened.round), by="canbo", now=day(25))
    if stop_after == "written":
        return case
    draft_add(
        session,
        directive_id=did,
        text=DRAFT_TEXT + "\nb) Bổ sung vai trò của Mặt trận.",
        by="canbo",
        now=day(26),
    )
    conf = round_open(
        session,
        directive_id=did,
        kind="conference",
        unit_ids=[id_of(btg), id_of(mttq), id_of(budang)],
        by="canbo",
        now=day(27),
        links=links,
        letter_date=date(2023, 7, 31),
        conference=ConferencePlan(
            held_at=at_local(date(2023, 8, 4), 8),
            place="Hội trường Tỉnh ủy Bình Phước",
            chair="Lê Thị Xuân Trang",
            chair_title="Trưởng Ban Dân vận Tỉnh ủy",
        ),
    )
    case.rounds.append(id_of(conf.round))
    v2 = conf.round.draft_version_id
    for speaker, title, unit, position, text in [
        ("Trần Văn Bình", "Phó Chủ tịch", mttq, "agree", "Thống nhất cao với dự thảo."),
        (
            "Nguyễn Thị Đào",
            "Phó Bí thư",
            budang,
            "agree_with_comments",
            "Đề nghị làm rõ trách nhiệm người đứng đầu cấp ủy.",
        ),
        ("Phạm Quốc Hùng", "Phó Trưởng ban", btg, "disagree", DISAGREE),
    ]:
        opinion_record(
            session,
            round_id=id_of(conf.round),
            speaker=speaker,
            speaker_title=title,
            unit_id=unit.id,
            position=position,
            text=text,
            section_id=_section(session, v2, "II.2.a") if position == "disagree" else None,
            by="canbo",
            now=at_local(date(2023, 8, 4), 9),
        )
    conference_update(
        session,
        round_id=id_of(conf.round),
        attendees=45,
        secretary="Võ Thị Mai",
        conclusion="Hội nghị thống nhất cao với dự thảo; Ban Dân vận tiếp thu, hoàn chỉnh.",
        ended_at=at_local(date(2023, 8, 4), 11, 30),
        by="canbo",
        now=at_local(date(2023, 8, 4), 11),
    )
    round_close(session, round_id=id_of(conf.round), by="canbo", now=at_local(date(2023, 8, 4), 12))
    if stop_after == "conference":
        return case
    grass = round_open(
        session,
        directive_id=did,
        kind="grassroots",
        unit_ids=[id_of(budang), id_of(dongxoai)],
        letter_number="516-CV/BDVTU",
        letter_date=date(2023, 8, 8),
        by="canbo",
        now=day(35),
        links=links,
    )
    case.rounds.append(id_of(grass.round))
    invs = session.exec(select(Invitation).where(Invitation.round_id == grass.round.id)).all()
    for inv, delegates in zip(sorted(invs, key=lambda i: i.unit_id), (3200, 3125), strict=True):
        report_enter(
            session,
            invitation_id=id_of(inv),
            meetings={"Thôn, ấp, khu phố": 100, "Xã, phường, thị trấn": 12},
            delegates=delegates,
            summary="Đa số ý kiến thống nhất cao với dự thảo.",
            by="canbo",
            now=day(47),
        )
    round_close(session, round_id=id_of(grass.round), by="canbo", now=day(51))
    if stop_after == "grassroots":
        return case
    final, _ = draft_add(session, directive_id=did, text=DRAFT_TEXT, by="canbo", now=day(52))
    for c in session.exec(select(Comment).where(Comment.position != "agree")).all():
        if c.position == "disagree":
            decision, response = "explain", KEEP_REASON
        elif c.section_key == "":
            decision, response = "partial", "rút gọn phần đánh giá, giữ các số liệu chính."
        else:
            decision, response = "accept", "Tiếp thu, bổ sung vào dự thảo."
        disposition_set(
            session,
            comment_id=id_of(c),
            decision=decision,
            response=response,
            taken_in_version_id=final.id,
            by="canbo",
            now=day(52),
        )
    directive_finalise(session, directive_id=did, by="canbo", now=day(53))
    draft_set_final(session, directive_id=did, version_id=id_of(final), by="canbo", now=day(53))
    directive_submit(session, directive_id=did, by="canbo", now=day(54))
    if stop_after == "submitted":
        return case
    sign_22(session, w, did, day(100), extra_recipients=["Lưu Văn phòng Tỉnh ủy"])
    directive_issue(session, directive_id=did, by="vanthu", now=day(100))
    return case


def final_version(session: Session, directive_id: int) -> DraftVersion:
    latest = session.exec(
        select(DraftVersion)
        .where(DraftVersion.directive_id == directive_id)
        .order_by(col(DraftVersion.number).desc())
    ).first()
    assert latest is not None, f"directive {directive_id} has no draft"
    return latest
