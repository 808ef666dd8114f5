"""The account of the consultation, in the style of seed 004, built from the records.

Each round keeps its own unit (văn bản / ý kiến / đại biểu): counts are never added across
rounds. Used by the report, the submission and the demo's summary.
"""

from collections import Counter
from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, col, select

from documents.common import Context, assignment_ref, context, ordinal
from models.clock import local
from models.levels import round_levels
from models.lifecycle import RoundKind, Stage
from models.tables import (
    Comment,
    Conference,
    Disposition,
    DraftVersion,
    GrassrootsReport,
    Invitation,
    Round,
    Signing,
    Unit,
)
from models.text import number, short_date

# How a category of consulted units is named in running text (categories are unit data).
GROUPS = {
    "ban-dang": "các ban xây dựng đảng",
    "dang-uy-truc-thuoc": "các đảng ủy trực thuộc",
    "chinh-quyen": "chính quyền",
    "mat-tran": "Mặt trận Tổ quốc",
    "doan-the": "các tổ chức chính trị - xã hội",
    "huyen-uy": "các huyện ủy, thị ủy, thành ủy",
}


@dataclass
class RoundResult:
    round: Round
    version: int
    invited: int
    answered: int
    agreed: int  # "no further comments"
    opinions: int
    delegates: int
    meetings: dict[str, int]
    conference: Conference | None
    categories: list[str]  # the invited units' categories, in first-seen order

    @property
    def groups(self) -> str:
        """ " (các ban xây dựng đảng, Mặt trận Tổ quốc, …)" from the invited units' categories."""
        named = [GROUPS[c] for c in self.categories if c in GROUPS]
        return f" ({', '.join(named)})" if named else ""

    @property
    def result(self) -> str:
        """The round's result in its own unit: "19 văn bản", "18 ý kiến", "6.325 đại biểu"."""
        kind = RoundKind(self.round.kind)
        n = {
            RoundKind.WRITTEN: self.answered,
            RoundKind.CONFERENCE: self.opinions,
            RoundKind.GRASSROOTS: self.delegates,
        }[kind]
        return f"{number(n)} {kind.counts}"


def round_results(session: Session, directive_id: int) -> list[RoundResult]:
    out = []
    rounds = session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(col(Round.ordinal))
    ).all()
    for rnd in rounds:
        invs = session.exec(select(Invitation).where(Invitation.round_id == rnd.id)).all()
        categories = session.exec(
            select(Unit.category)
            .join(Invitation, col(Invitation.unit_id) == Unit.id)
            .where(Invitation.round_id == rnd.id)
            .order_by(col(Invitation.id))
        ).all()
        opinions = session.exec(
            select(func.count())
            .select_from(Comment)
            .where(Comment.round_id == rnd.id, Comment.draft == False)  # noqa: E712
        ).one()
        reports = session.exec(
            select(GrassrootsReport).where(GrassrootsReport.round_id == rnd.id)
        ).all()
        meetings: Counter[str] = Counter()
        for r in reports:
            meetings.update(r.meetings)
        out.append(
            RoundResult(
                round=rnd,
                version=session.get_one(DraftVersion, rnd.draft_version_id).number,
                invited=len(invs),
                answered=sum(1 for i in invs if i.answered_at is not None),
                agreed=sum(1 for i in invs if i.no_further_comments),
                opinions=opinions,
                delegates=sum(r.delegates for r in reports),
                # In the round's order of levels (a bloc's, say), then any a report added.
                meetings={lv: meetings[lv] for lv in round_levels(rnd.levels) if lv in meetings}
                | dict(meetings),
                conference=session.exec(
                    select(Conference).where(Conference.round_id == rnd.id)
                ).first(),
                categories=list(dict.fromkeys(categories)),
            )
        )
    return out


def _written(ctx: Context, r: RoundResult, again: str) -> str:
    rnd = r.round
    text = (
        f"Ngày {short_date(rnd.letter_date)}, {ctx.drafting.name} {again}ban hành Công văn số "
        f"{rnd.letter_number} gửi lấy ý kiến của {number(r.invited)} cơ quan, đơn vị"
        f"{r.groups} vào dự thảo (lần {r.version}). "
    )
    if rnd.status == "open":
        return text + (
            f"Đợt lấy ý kiến đang diễn ra (hạn trả lời {short_date(rnd.deadline)}); đến nay có "
            f"{number(r.answered)} văn bản tham gia đóng góp ý kiến."
        )
    text += f"Kết quả có {number(r.answered)} văn bản tham gia đóng góp ý kiến"
    if r.agreed:
        text += (
            f", trong đó {number(r.agreed)} văn bản thống nhất với dự thảo, không có ý kiến thêm"
        )
    return text + "."


def _conference(ctx: Context, r: RoundResult, again: str) -> str:
    conf = r.conference
    held = short_date(local(conf.held_at)) if conf else short_date(r.round.letter_date)
    text = (
        f"Ngày {held}, {ctx.drafting.name} {again}chủ trì, tổ chức hội nghị trực tiếp đóng góp ý "
        f"kiến vào nội dung dự thảo (lần {r.version})"
    )
    if r.round.letter_number:
        text += f" theo Giấy mời số {r.round.letter_number}"
    if conf and conf.attendees:
        text += f" với {number(conf.attendees)} đại biểu tham dự"
    if r.round.status == "open":
        return text + f"; đến nay đã ghi nhận {number(r.opinions)} ý kiến."
    return text + f". Kết quả có {number(r.opinions)} ý kiến tham gia đóng góp."


def _grassroots(ctx: Context, r: RoundResult, again: str) -> str:
    rnd = r.round
    text = (
        f"Ngày {short_date(rnd.letter_date)}, {ctx.drafting.name} {again}ban hành Công văn số "
        f"{rnd.letter_number} gửi {number(r.invited)} cấp ủy đề nghị tổ chức lấy ý kiến cơ sở "
        f"vào dự thảo (lần {r.version}). "
    )
    if r.answered:
        held = "; ".join(f"{level}: {number(n)}" for level, n in r.meetings.items())
        text += (
            f"Có {number(r.answered)} đơn vị báo cáo đã tổ chức "
            f"{number(sum(r.meetings.values()))} hội nghị ({held}). "
        )
    if rnd.status == "open":
        return text + f"Đến nay có {number(r.delegates)} đại biểu tham dự đóng góp ý kiến."
    return text + f"Kết quả có {number(r.delegates)} đại biểu tham dự đóng góp ý kiến."


def round_paragraph(ctx: Context, i: int, r: RoundResult) -> str:
    later_letter = i > 1 and r.round.kind != RoundKind.CONFERENCE.value
    again = "tiếp tục " if later_letter else "đã "
    text = {
        RoundKind.WRITTEN: _written,
        RoundKind.CONFERENCE: _conference,
        RoundKind.GRASSROOTS: _grassroots,
    }[RoundKind(r.round.kind)](ctx, r, again)
    return f"{i}. Kết quả lấy ý kiến đóng góp lần {ordinal(i)}: {text}"


def _closing(session: Session, ctx: Context, include_signing: bool) -> list[str]:
    d = ctx.directive
    decisions = Counter(
        session.exec(
            select(Disposition.decision)
            .join(Comment, col(Comment.id) == Disposition.comment_id)
            .join(Round, col(Round.id) == Comment.round_id)
            .where(Round.directive_id == d.id)
        ).all()
    )
    out = []
    if decisions:
        final = session.get(DraftVersion, d.final_version_id) if d.final_version_id else None
        text = (
            f"Trên cơ sở các ý kiến đóng góp, {ctx.drafting.name} đã tiếp thu "
            f"{number(decisions['accept'])} ý kiến, tiếp thu một phần "
            f"{number(decisions['partial'])} ý kiến và giải trình "
            f"{number(decisions['explain'])} ý kiến, hoàn chỉnh dự thảo"
        )
        if final is not None:
            text += f" (dự thảo lần {final.number})"
        if d.stage in (Stage.SUBMITTED.value, Stage.SIGNED.value, Stage.ISSUED.value):
            text += f" trình {ctx.issuer.name} xem xét, ban hành"
        out.append(text + ".")
    signing = session.exec(select(Signing).where(Signing.directive_id == d.id)).first()
    if signing is not None and include_signing:
        behalf = f" thay mặt {ctx.issuer.name}" if signing.form == "T/M" else ""
        out.append(
            f"Ngày {short_date(signing.signed_on)}, đồng chí {signing.signer_name}{behalf} đã "
            f"ký ban hành {ctx.kind_name} số {signing.number}."
        )
    return out


def consultation_narrative(
    session: Session, directive_id: int, *, include_signing: bool = True
) -> list[str]:
    """Vietnamese paragraphs on how the draft was consulted, from the records: the lead, one
    paragraph per round, then what was done with the comments (and the signing)."""
    ctx = context(session, directive_id)
    results = round_results(session, directive_id)
    ref = assignment_ref(session, ctx)
    lead = f"Thực hiện {ref}, " if ref else ""
    if not results:
        return [
            f"{lead}{ctx.drafting.name} đã chủ trì, phối hợp tham mưu dự thảo {ctx.about}; "
            "chưa tiến hành lấy ý kiến đóng góp."
        ]
    out = [
        f"{lead}{ctx.drafting.name} đã chủ trì, phối hợp tham mưu dự thảo {ctx.about} và tiến "
        "hành lấy ý kiến đóng góp vào nội dung dự thảo, cụ thể như sau:"
    ]
    out += [round_paragraph(ctx, i, r) for i, r in enumerate(results, 1)]
    return out + _closing(session, ctx, include_signing)
