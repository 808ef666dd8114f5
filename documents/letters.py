"""The letters that open a round: the công văn (written, grassroots) and the giấy mời."""

from sqlmodel import Session, col, select

from documents.common import (
    Context,
    assignment_ref,
    context,
    header,
)
from documents.directive import draft_document
from documents.model import Block, Document, Para, Signature
from models.clock import local
from models.ids import id_of
from models.letters import signature_lines
from models.lifecycle import RoundKind
from models.numbers import file_number
from models.queries.letters import signers_of
from models.queries.records import get
from models.tables import Conference, DraftVersion, Invitation, Round, Unit
from models.text import fold, listed, long_date, short_date, sort_key


def letter_signature(ctx: Context) -> Signature:
    """A ban's letter: "K/T TRƯỞNG BAN / PHÓ TRƯỞNG BAN" by default (the rule set's data)."""
    sig = ctx.rules.letter_signature
    if sig.get("form") == "K/T":
        return Signature([f"K/T {sig['head']}", sig["title"]])
    return Signature([sig["head"]])


def body_signature(session: Session, ctx: Context) -> Signature:
    """A document the drafting body writes in its own name (tờ trình, báo cáo): its first
    signer on record; the rule set's default only for a body that keeps none."""
    kept = signers_of(session, [id_of(ctx.drafting)])
    if kept:
        s = kept[0]
        return Signature(signature_lines(s.form, s.on_behalf_of, s.title), s.full_name)
    return letter_signature(ctx)


def round_signature(ctx: Context, rnd: Round) -> Signature:
    """The block copied from the signer on record when the round opened; a round opened
    before signers were recorded signs as the rule set's default, as it did then."""
    if rnd.signature:
        return Signature(list(rnd.signature), rnd.signer_name)
    return letter_signature(ctx)


def letter_issuer(session: Session, ctx: Context, rnd: Round) -> Unit:
    """The body the letter is issued under: the one chosen in the round form, else the
    drafting body (rounds opened before the choice existed)."""
    return get(session, Unit, rnd.issuer_id) if rnd.issuer_id else ctx.drafting


def default_copies(ctx: Context) -> list[str]:
    """ "Nơi nhận" of a letter whose body keeps no default copies: as letters read before."""
    return [f"{ctx.issuer.name} (b/c)", "Lưu VT"]


def letter_stem(rnd: Round) -> str:
    """File name of a round's letter: "cong-van-490-CV-BDVTU", or "giay-moi-hoi-nghi"."""
    if rnd.kind == RoundKind.CONFERENCE.value:
        return "giay-moi-hoi-nghi"
    return f"cong-van-{file_number(rnd.letter_number or str(rnd.ordinal))}"


def invited_units(session: Session, round_id: int) -> list[Unit]:
    units = session.exec(
        select(Unit)
        .join(Invitation, col(Invitation.unit_id) == Unit.id)
        .where(Invitation.round_id == round_id)
    ).all()
    return sorted(units, key=lambda u: sort_key(u.name))


def _opening(session: Session, ctx: Context, version: DraftVersion) -> str:
    ref = assignment_ref(session, ctx)
    start = f"Thực hiện {ref}, " if ref else ""
    return (
        f"{start}{ctx.drafting.name} đã chủ trì, phối hợp xây dựng dự thảo {ctx.about} "
        f"(Dự thảo lần {version.number} gửi kèm theo)."
    )


def _written_body(ctx: Context, rnd: Round, sender: Unit) -> list[Para]:
    by = short_date(rnd.deadline)
    return [
        Para(
            f"Để hoàn chỉnh dự thảo trước khi trình {ctx.issuer.name} xem xét, ban hành, "
            f"{sender.name} đề nghị các cơ quan, đơn vị:"
        ),
        Para(
            f"1. Nghiên cứu, tham gia góp ý vào dự thảo {ctx.kind_name} (góp ý chung và góp ý "
            "từng phần, mục của dự thảo); nêu rõ ý kiến tán thành, tán thành có ý kiến hoặc "
            "không tán thành."
        ),
        Para(
            f"2. Gửi văn bản góp ý về {ctx.drafting.name} trước ngày {by}; cơ quan, đơn vị có "
            "thể góp ý trực tuyến qua đường liên kết riêng đã gửi đến địa chỉ thư điện tử của "
            "cơ quan, đơn vị. Quá thời hạn trên, cơ quan, đơn vị không có văn bản góp ý được "
            "xem như thống nhất với dự thảo."
        ),
        Para(f"{sender.name} rất mong nhận được sự quan tâm, phối hợp của các cơ quan, đơn vị."),
    ]


def _grassroots_body(ctx: Context, rnd: Round, sender: Unit) -> list[Para]:
    by = short_date(rnd.deadline)
    return [
        Para(
            f"Để dự thảo phản ánh sát thực tiễn cơ sở trước khi trình {ctx.issuer.name} xem "
            f"xét, ban hành, {sender.name} đề nghị các cấp ủy:"
        ),
        Para(
            "1. Chỉ đạo tổ chức hội nghị lấy ý kiến đóng góp vào nội dung dự thảo từ thôn, ấp, "
            "khu phố; xã, phường, thị trấn trở lên, với thành phần rộng rãi cán bộ, đảng viên "
            "và Nhân dân."
        ),
        Para(
            "2. Tổng hợp, báo cáo kết quả (số hội nghị đã tổ chức ở từng cấp, số đại biểu tham "
            f"dự, tóm tắt các ý kiến đóng góp) gửi về {ctx.drafting.name} trước ngày {by}, "
            "qua đường liên kết riêng đã gửi đến địa chỉ thư điện tử của đơn vị hoặc bằng văn "
            "bản."
        ),
        Para(f"{sender.name} rất mong nhận được sự quan tâm, phối hợp của các cấp ủy."),
    ]


def _labelled(label: str, value: str) -> Para:
    return Para(f"{label}: {value}", runs=[(f"{label}: ", "b"), (value, "")])


def _conference_body(
    session: Session, ctx: Context, rnd: Round, invited: list[str], sender: Unit
) -> list[Block]:
    conf = session.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
    at = local(conf.held_at)
    out: list[Block] = [
        Para(f"{sender.name} trân trọng kính mời đại diện lãnh đạo các cơ quan, đơn vị:"),
        *[Para(f"- {name};", "body") for name in invited],
        Para(f"Dự hội nghị góp ý trực tiếp vào dự thảo {ctx.about}."),
        _labelled("Thời gian", f"{at.hour:02d} giờ {at.minute:02d} phút, {long_date(at)}."),
        _labelled("Địa điểm", f"{conf.place}."),
    ]
    if conf.chair:
        chair = ", ".join(x for x in (conf.chair, conf.chair_title) if x)
        out.append(_labelled("Chủ trì hội nghị", f"đồng chí {chair}."))
    out.append(
        Para(
            "Đề nghị các đồng chí nghiên cứu trước dự thảo (gửi kèm theo) và chuẩn bị ý kiến "
            "phát biểu tại hội nghị."
        )
    )
    return out


def round_letter(session: Session, round_id: int) -> Document:
    """The công văn of a written or grassroots round, or the giấy mời of a conference, issued
    under the body chosen for it and signed as recorded on the round; the draft under
    consultation follows as an appendix marked "Dự thảo lần N"."""
    rnd = get(session, Round, round_id)
    ctx = context(session, rnd.directive_id)
    version = get(session, DraftVersion, rnd.draft_version_id)
    issuer = letter_issuer(session, ctx, rnd)
    # Groups print as one line each; rounds opened before groups list their units.
    invited = list(rnd.addressees) or [u.name for u in invited_units(session, round_id)]
    conference = rnd.kind == RoundKind.CONFERENCE.value
    doc = Document(
        slug=letter_stem(rnd),
        kind="giay-moi" if conference else "cong-van",
        header=header(
            session,
            issuer,
            number=rnd.letter_number,
            kind="GM" if conference else "CV",
            on=rnd.letter_date,
            abstract="" if conference else rnd.abstract,
        ),
        title="GIẤY MỜI" if conference else "",
        addressees=[] if conference else listed(invited, inline_one=True),
    )
    doc.blocks = [Para(_opening(session, ctx, version))]
    if conference:
        about = rnd.abstract
        if fold(about).startswith("giấy mời"):  # the title already says it
            about = about[len("giấy mời") :].strip()
            about = about[:1].upper() + about[1:]
        doc.subtitle = [about] if about else []
        doc.blocks = _conference_body(session, ctx, rnd, invited, issuer)
    elif rnd.kind == RoundKind.GRASSROOTS.value:
        doc.blocks += _grassroots_body(ctx, rnd, issuer)
    else:
        doc.blocks += _written_body(ctx, rnd, issuer)
    copies = list(rnd.copies) or default_copies(ctx)
    doc.recipients = listed((invited if conference else ["Như trên"]) + copies)
    doc.signatures = [round_signature(ctx, rnd)]
    doc.appendix = [draft_document(session, ctx, version, sent_on=rnd.letter_date)]
    return doc
