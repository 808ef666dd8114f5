"""The drafting process told in Vietnamese, in the style of seed 004, from the records.

Used when the documents layer's `consultation_narrative` is not installed. Each round is
told with its date, its letter and its result in its own unit (văn bản / ý kiến / đại
biểu); the counts are never added together.
"""

from collections import Counter

from sqlmodel import Session, select

from models.clock import local_date
from models.labels import SIGNING_FORMS
from models.tables import (
    Comment,
    Conference,
    Directive,
    Disposition,
    DraftVersion,
    GrassrootsReport,
    Invitation,
    Round,
    Signing,
    Unit,
)
from models.text import number, short_date

ORDINALS = ("nhất", "hai", "ba", "tư", "năm", "sáu", "bảy", "tám", "chín", "mười")
# How a group of consulted units is named in running text, by unit category.
GROUPS = {
    "ban-dang": "các ban xây dựng đảng",
    "dang-uy-truc-thuoc": "các đảng ủy trực thuộc Tỉnh ủy",
    "chinh-quyen": "chính quyền",
    "mat-tran": "Mặt trận Tổ quốc",
    "doan-the": "các tổ chức chính trị - xã hội",
    "huyen-uy": "các huyện ủy, thị ủy, thành ủy",
}
DECIDED = {"accept": "tiếp thu", "partial": "tiếp thu một phần", "explain": "giải trình"}


def _ordinal(n: int) -> str:
    return f"thứ {ORDINALS[n - 1]}" if 0 < n <= len(ORDINALS) else f"thứ {n}"


def _title_case(title: str) -> str:
    """'PHÓ BÍ THƯ' → 'Phó Bí thư': the first word, and the word after 'phó', capitalised."""
    words = title.lower().split()
    return " ".join(
        w[:1].upper() + w[1:] if i == 0 or words[i - 1] == "phó" else w for i, w in enumerate(words)
    )


def _who(session: Session, round_id: int) -> tuple[int, str]:
    categories = session.exec(
        select(Unit.category)
        .join(Invitation, Invitation.unit_id == Unit.id)
        .where(Invitation.round_id == round_id)
    ).all()
    seen = list(dict.fromkeys(GROUPS.get(c, "các cơ quan, đơn vị khác") for c in categories))
    return len(categories), ", ".join(seen)


def _written(session: Session, rnd: Round, drafting: str) -> str:
    invited, groups = _who(session, rnd.id)  # type: ignore[arg-type]
    invs = session.exec(select(Invitation).where(Invitation.round_id == rnd.id)).all()
    answered = [i for i in invs if i.answered_at is not None]
    agree = sum(1 for i in answered if i.no_further_comments)
    comments = session.exec(
        select(Comment.id).where(Comment.round_id == rnd.id, Comment.draft == False)  # noqa: E712
    ).all()
    return (
        f"Ngày {short_date(rnd.letter_date)}, {drafting} đã ban hành Công văn số "
        f"{rnd.letter_number} gửi lấy ý kiến của {number(invited)} cơ quan, đơn vị ({groups}). "
        f"Kết quả có {number(len(answered))} văn bản tham gia đóng góp ý kiến, trong đó "
        f"{number(agree)} đơn vị thống nhất với dự thảo, không có ý kiến thêm; các đơn vị còn "
        f"lại góp {number(len(comments))} ý kiến vào các phần của dự thảo."
    )


def _conference(session: Session, rnd: Round, drafting: str) -> str:
    conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
    opinions = session.exec(
        select(Comment.position).where(Comment.round_id == rnd.id, Comment.draft == False)  # noqa: E712
    ).all()
    agree = sum(1 for p in opinions if p == "agree")
    chair = f", do đồng chí {conf.chair}, {conf.chair_title} chủ trì" if conf.chair else ""
    attendees = f", với {number(conf.attendees)} đại biểu tham dự" if conf.attendees else ""
    return (
        f"Ngày {short_date(local_date(conf.held_at))}, {drafting} đã chủ trì, tổ chức hội nghị "
        f"trực tiếp đóng góp ý kiến vào nội dung dự thảo tại {conf.place}{chair}{attendees}. "
        f"Kết quả có {number(len(opinions))} ý kiến tham gia đóng góp, trong đó "
        f"{number(agree)} ý kiến thống nhất hoàn toàn với dự thảo."
    )


def _grassroots(session: Session, rnd: Round, drafting: str) -> str:
    invited, groups = _who(session, rnd.id)  # type: ignore[arg-type]
    reports = session.exec(
        select(GrassrootsReport).where(GrassrootsReport.round_id == rnd.id)
    ).all()
    levels: Counter[str] = Counter()
    for rep in reports:
        levels.update(rep.meetings)
    held = "; ".join(f"{lvl} ({number(n)} hội nghị)" for lvl, n in levels.items() if n)
    return (
        f"Ngày {short_date(rnd.letter_date)}, {drafting} tiếp tục ban hành Công văn số "
        f"{rnd.letter_number} gửi {number(invited)} đơn vị ({groups}) tổ chức lấy ý kiến cơ sở. "
        f"{number(len(reports))} đơn vị đã báo cáo kết quả tổ chức hội nghị lấy ý kiến: {held}. "
        f"Kết quả có {number(sum(r.delegates for r in reports))} đại biểu tham dự đóng góp ý kiến."
    )


TELL = {"written": _written, "conference": _conference, "grassroots": _grassroots}
KIND = {
    "written": "bằng văn bản",
    "conference": "tại hội nghị",
    "grassroots": "ở cơ sở",
}


def narrative(session: Session, directive_id: int) -> list[str]:
    """Paragraphs of the story, built from the records of one directive."""
    d = session.get(Directive, directive_id)
    assert d is not None
    drafting = session.get(Unit, d.drafting_unit_id).name  # type: ignore[union-attr]
    issuer = session.get(Unit, d.issuer_id).name  # type: ignore[union-attr]
    paras = []
    if d.assignment_number:
        paras.append(
            f"Thực hiện văn bản số {d.assignment_number} ngày {short_date(d.assignment_date)} "
            f"giao {drafting} chủ trì tham mưu {issuer} dự thảo chỉ thị “{d.title}”, "
            f"{drafting} đã chủ trì, phối hợp xây dựng dự thảo và tiến hành lấy ý kiến đóng "
            "góp vào nội dung chỉ thị, cụ thể như sau:"
        )
    rounds = session.exec(
        select(Round).where(Round.directive_id == directive_id).order_by(Round.ordinal)  # type: ignore[arg-type]
    ).all()
    for n, rnd in enumerate(rounds, start=1):
        paras.append(
            f"{n}. Kết quả lấy ý kiến đóng góp lần {_ordinal(n)} ({KIND[rnd.kind]}): "
            + TELL[rnd.kind](session, rnd, drafting)
        )
    decided = Counter(
        session.exec(
            select(Disposition.decision)
            .join(Comment, Comment.id == Disposition.comment_id)
            .join(Round, Round.id == Comment.round_id)
            .where(Round.directive_id == directive_id)
        ).all()
    )
    versions = session.exec(
        select(DraftVersion.number).where(DraftVersion.directive_id == directive_id)
    ).all()
    if decided:
        parts = ", ".join(f"{DECIDED[k]} {number(v)} ý kiến" for k, v in decided.items())
        paras.append(
            f"Trên cơ sở các ý kiến đóng góp, {drafting} đã {parts}; qua "
            f"{number(len(versions))} lần dự thảo, hoàn chỉnh dự thảo chỉ thị trình {issuer}."
        )
    signing = session.exec(select(Signing).where(Signing.directive_id == directive_id)).first()
    if signing is not None:
        paras.append(
            f"Ngày {short_date(signing.signed_on)}, đồng chí {signing.signer_name}, "
            f"{_title_case(signing.signer_title)}, {SIGNING_FORMS[signing.form].lower()} {issuer} đã ký ban hành Chỉ "
            f"thị số {signing.number} về {d.title[:1].lower()}{d.title[1:]}."
        )
    return paras
