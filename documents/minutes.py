"""The conference minutes (biên bản hội nghị): time, place, chair, attendees, each opinion,
the counts by position, the conclusion and the closing time; signed by the secretary and
the chair."""

from collections import Counter
from datetime import datetime

from sqlmodel import Session, col, select

from documents.common import context, header
from documents.letters import invited_units
from documents.model import Block, Document, Para, Signature
from models.clock import local
from models.errors import DomainError
from models.labels import POSITIONS
from models.queries.records import get
from models.statuses import Position
from models.tables import Comment, Conference, Round, Section, Unit
from models.text import long_date, number


def _clock(moment: datetime) -> str:
    at = local(moment)
    return f"{at.hour:02d} giờ {at.minute:02d} phút"


def _opinions(session: Session, round_id: int) -> list[Comment]:
    return list(
        session.exec(
            select(Comment)
            .where(Comment.round_id == round_id, Comment.draft == False)  # noqa: E712
            .order_by(col(Comment.received_at), col(Comment.id))
        ).all()
    )


def _speaker(session: Session, c: Comment) -> str:
    who = f"Đồng chí {c.speaker}" if c.speaker else "Đại biểu"
    if c.speaker_title:
        who += f", {c.speaker_title}"
    if c.unit_id:
        who += f" {get(session, Unit, c.unit_id).name}"
    return who


def conference_minutes(session: Session, round_id: int) -> Document:
    rnd = get(session, Round, round_id)
    conf = session.exec(select(Conference).where(Conference.round_id == round_id)).first()
    if conf is None:
        raise DomainError("Đợt này không phải hội nghị góp ý trực tiếp.")
    ctx = context(session, rnd.directive_id)
    held = local(conf.held_at)
    opinions = _opinions(session, round_id)
    units = invited_units(session, round_id)
    doc = Document(
        slug="bien-ban-hoi-nghi",
        kind="bien-ban",
        header=header(session, ctx.drafting, number=None, kind="BB", on=held.date()),
        title="BIÊN BẢN",
        subtitle=[f"Hội nghị góp ý dự thảo {ctx.about}"],
    )
    chair = ", ".join(x for x in (conf.chair, conf.chair_title) if x)
    paras = [
        Para(f"Thời gian: {_clock(conf.held_at)}, {long_date(held)}."),
        Para(f"Địa điểm: {conf.place}."),
        Para(f"Chủ trì hội nghị: đồng chí {chair}." if chair else "Chủ trì hội nghị: (chưa ghi)."),
        Para(f"Thư ký hội nghị: đồng chí {conf.secretary}." if conf.secretary else ""),
        Para(
            f"Thành phần: {number(conf.attendees)} đại biểu dự hội nghị, đại diện các cơ quan, "
            "đơn vị: " + "; ".join(u.name for u in units) + "."
        ),
        Para("NỘI DUNG HỘI NGHỊ", "center-bold"),
        Para(
            f"Hội nghị nghe {ctx.drafting.name} trình bày dự thảo {ctx.kind_name}; các đại "
            f"biểu thảo luận, đóng góp ý kiến. Có {number(len(opinions))} ý kiến phát biểu:"
        ),
    ]
    b: list[Block] = [p for p in paras if p.text]
    sections = {
        s.id: s
        for s in session.exec(
            select(Section).where(Section.version_id == rnd.draft_version_id)
        ).all()
    }
    for i, c in enumerate(opinions, 1):
        where = ""
        if c.section_id and c.section_id in sections:
            where = f" (về {sections[c.section_id].heading[:80]})"
        b.append(
            Para(
                f"{i}. {_speaker(session, c)}: {POSITIONS.get(c.position, c.position)}{where}. "
                f"{c.text}",
                runs=[
                    (f"{i}. {_speaker(session, c)}: ", "b"),
                    (f"{POSITIONS.get(c.position, c.position)}{where}. ", "i"),
                    (c.text, ""),
                ],
            )
        )
    count = Counter(c.position for c in opinions)
    other = len(opinions) - count[Position.AGREE] - count[Position.DISAGREE]
    b.append(
        Para(
            f"Tổng hợp: {number(count[Position.AGREE])} ý kiến tán thành; "
            f"{number(count[Position.DISAGREE])} ý kiến không tán thành; "
            f"{number(other)} ý kiến khác (tán thành có góp ý bổ sung, chỉnh sửa)."
        )
    )
    if conf.conclusion:
        b.append(Para(f"Kết luận của chủ trì hội nghị: {conf.conclusion}"))
    if conf.ended_at:
        same_day = local(conf.ended_at).date() == held.date()
        when = "cùng ngày" if same_day else long_date(local(conf.ended_at))
        b.append(Para(f"Hội nghị kết thúc lúc {_clock(conf.ended_at)} {when}."))
    doc.blocks = b
    first, second = ctx.rules.minutes_signatures
    doc.signatures = [Signature([first], conf.secretary), Signature([second], conf.chair)]
    return doc
