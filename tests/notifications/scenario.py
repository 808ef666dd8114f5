"""Chỉ thị 22's consultation driven through the commands, so every template gets the
context the commands really write."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlmodel import Session, select

from models.clock import at_local
from models.commands.answers import answer_submit, comment_save
from models.commands.directives import directive_finalise, directive_issue, directive_submit
from models.commands.dispositions import disposition_set
from models.commands.drafts import draft_add, draft_set_final
from models.commands.rounds import ConferencePlan, OpenedRound, round_close, round_open
from models.commands.signing import directive_sign
from models.commands.sweep import sweep_round
from models.ids import id_of
from models.tables import Comment, DraftVersion, Section
from models.tokens import Links
from tests.conftest import T0
from tests.factories import World, directive_with_draft, world

CONFERENCE_AT = at_local(date(2023, 8, 4), 8, 0)


@dataclass
class Case:
    world: World
    directive_id: int
    written: OpenedRound


def written_round(
    session: Session, links: Links, *, units: int | None = None, existing: World | None = None
) -> Case:
    w = existing or world(session, T0)
    did = directive_with_draft(session, w, T0)
    chosen = w.units if units is None else w.units[:units]
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in chosen],
        letter_number="490-CV/BDVTU",
        letter_date=date(2023, 7, 12),
        by="canbo",
        now=T0 + timedelta(days=8),
        links=links,
    )
    return Case(world=w, directive_id=did, written=opened)


def conference_round(
    session: Session, w: World, directive_id: int, links: Links, now: datetime
) -> OpenedRound:
    return round_open(
        session,
        directive_id=directive_id,
        kind="conference",
        unit_ids=[id_of(u) for u in w.units],
        by="canbo",
        now=now,
        links=links,
        conference=ConferencePlan(
            held_at=CONFERENCE_AT,
            place="Hội trường Tỉnh ủy Bình Phước",
            chair="Đồng chí Huỳnh Thị Hằng, Phó Bí thư Thường trực Tỉnh ủy",
        ),
    )


def whole_directive(session: Session, links: Links) -> Case:
    """Every kind of message: invitation, receipt, reminder, overdue, round_closed,
    conference_invitation, grassroots_request, issuance."""
    case = written_round(session, links)
    w, did = case.world, case.directive_id
    section = session.exec(select(Section).where(Section.key == "II.1")).one()
    tok = case.written.tokens[id_of(w.units[0])]
    comment_save(
        session,
        raw_token=tok,
        position="agree_with_comments",
        text="Đề nghị bổ sung vai trò của Mặt trận Tổ quốc và các đoàn thể.",
        section_id=section.id,
        now=T0 + timedelta(days=9),
    )
    answer_submit(session, raw_token=tok, reply_number="125-CV/BTGTU", now=T0 + timedelta(days=9))
    rnd = case.written.round
    sweep_round(session, rnd, now=at_local(date(2023, 7, 24), 9))  # 3 days left
    sweep_round(session, rnd, now=at_local(date(2023, 7, 28), 9))  # overdue, close
    conf = conference_round(session, w, did, links, at_local(date(2023, 7, 31), 9))
    round_close(
        session, round_id=id_of(conf.round), by="canbo", now=CONFERENCE_AT + timedelta(hours=4)
    )
    grass = round_open(
        session,
        directive_id=did,
        kind="grassroots",
        unit_ids=[id_of(u) for u in w.units if u.category == "huyen-uy"],
        letter_number="516-CV/BDVTU",
        letter_date=date(2023, 8, 8),
        by="canbo",
        now=at_local(date(2023, 8, 8), 9),
        links=links,
    )
    round_close(session, round_id=id_of(grass.round), by="canbo", now=at_local(date(2023, 9, 1), 9))
    later = at_local(date(2023, 9, 5), 9)
    draft_add(
        session, directive_id=did, text="I. TÌNH HÌNH\nNội dung đã chỉnh.", by="canbo", now=later
    )
    directive_finalise(session, directive_id=did, by="canbo", now=later)
    v2 = session.exec(
        select(DraftVersion).where(DraftVersion.directive_id == did, DraftVersion.number == 2)
    ).one()
    draft_set_final(session, directive_id=did, version_id=id_of(v2), by="canbo", now=later)
    for comment in session.exec(select(Comment).where(Comment.draft == False)).all():  # noqa: E712
        disposition_set(
            session,
            comment_id=id_of(comment),
            decision="accept",
            response="Tiếp thu, bổ sung vào dự thảo",
            taken_in_version_id=v2.id,
            by="canbo",
            now=later,
        )
    directive_submit(session, directive_id=did, by="canbo", now=later)
    directive_sign(
        session,
        directive_id=did,
        signed_on=date(2023, 10, 12),
        form="T/M",
        on_behalf_of="Ban Thường vụ",
        signer_title="Phó Bí thư Thường trực",
        signer_name="Huỳnh Thị Hằng",
        recipient_ids=[id_of(u) for u in w.units],
        number="22-CT/TU",
        by="vanthu",
        now=at_local(date(2023, 10, 12), 9),
    )
    directive_issue(session, directive_id=did, by="vanthu", now=at_local(date(2023, 10, 12), 10))
    return case


def fan_out(session: Session, n: int, now: datetime, *, prefix: str = "bulk") -> list[str]:
    """`n` invitations as the round command writes them, to n distinct addresses; their keys."""
    from models.outbox import enqueue

    keys = []
    for i in range(n):
        key = f"{prefix}:{i}"
        enqueue(
            session,
            key=key,
            template="invitation",
            to_email=f"xa{i:04d}@binhphuoc.test",
            to_name=f"Đảng ủy xã Đồng Tiến số {i}",
            now=now,
            context={
                "directive_title": "Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo",
                "letter_number": "490-CV/BDVTU",
                "letter_date": "12/7/2023",
                "abstract": "V/v góp ý dự thảo Chỉ thị",
                "deadline": "27/7/2023",
                "unit": f"Đảng ủy xã Đồng Tiến số {i}",
                "drafting_body": "Ban Dân vận Tỉnh ủy",
                "version": 1,
                "round_kind": "written",
                "round_ordinal": 1,
            },
        )
        keys.append(key)
    session.commit()
    return keys
