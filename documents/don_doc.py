"""The công văn đôn đốc (issue 12, item 3): from the drafting body to the units that have
not reported in a period, numbered from its register and signed as recorded on the letter.

Laid out as every công văn (documents/typst/cong-van.typ): issuer and number "…-CV/…",
place and date, trích yếu "V/v đôn đốc báo cáo …", Kính gửi the late units, the body
(the duty, who has not reported, what to do and by when), Nơi nhận, the signature."""

from sqlmodel import Session

from documents.common import Context, context, header
from documents.letters import default_copies, letter_signature
from documents.model import Document, Para, Signature
from models.follow_up.don_doc import don_doc_abstract
from models.numbers import file_number
from models.queries.don_doc import letter_units
from models.queries.letters import copies_of, default_issuer, issuer_choices
from models.queries.records import get
from models.tables import DonDocLetter, ReportPeriod
from models.text import listed, lower_first, short_date

ANSWER_WORKING_DAYS = 5
# Beyond this many late units "Kính gửi" names them as the list in the body does once.
MAX_ADDRESSEES = 6


def don_doc_stem(letter: DonDocLetter) -> str:
    """ "cong-van-don-doc-03-CV-BDVTU"."""
    return f"cong-van-don-doc-{file_number(letter.number)}"


def _signature(ctx: Context, letter: DonDocLetter) -> Signature:
    """The block copied from the signer on record when drafted; the rule set's default for
    a body that keeps none."""
    if letter.signature:
        return Signature(list(letter.signature), letter.signer_name)
    return letter_signature(ctx)


def _directive_ref(ctx: Context) -> str:
    """ "Chỉ thị số 07-CT/HU, ngày 20/11/2023 của Ban Thường vụ Huyện ủy về …"."""
    d = ctx.directive
    ref = f"{ctx.kind_name} số {d.number}" if d.number else ctx.kind_name
    if d.signed_on:
        ref += f", ngày {short_date(d.signed_on)}"
    return f"{ref} của {ctx.issuer.name} về {ctx.topic}"


def don_doc_letter(session: Session, letter_id: int) -> Document:
    letter = get(session, DonDocLetter, letter_id)
    period = get(session, ReportPeriod, letter.period_id)
    ctx = context(session, letter.directive_id)
    issuer = default_issuer(issuer_choices(session, ctx.drafting.id or 0))
    units = [u.name for u in letter_units(session, letter)]
    what = lower_first(period.label)
    doc = Document(
        slug=don_doc_stem(letter),
        kind="cong-van",
        header=header(
            session,
            issuer,
            number=letter.number,
            kind="CV",
            on=letter.letter_date,
            abstract=don_doc_abstract(period.label, ctx.kind_name, ctx.directive.number),
        ),
        addressees=listed(
            units if len(units) <= MAX_ADDRESSEES else ["Các cơ quan, đơn vị có tên dưới đây"],
            inline_one=True,
        ),
    )
    doc.blocks = [
        Para(
            f"Thực hiện {_directive_ref(ctx)}, các cơ quan, đơn vị báo cáo kết quả thực hiện "
            f"{what} (số liệu tính đến ngày {short_date(period.cutoff_on)}) gửi về "
            f"{ctx.drafting.name} trước ngày {short_date(period.due_on)} để tổng hợp, báo cáo "
            f"{ctx.issuer.name}."
        ),
        Para(
            f"Đến ngày {short_date(letter.letter_date)}, {ctx.drafting.name} chưa nhận được "
            f"báo cáo {what} của {len(units):02d} cơ quan, đơn vị sau đây:"
        ),
        *[Para(f"{i}. {name}.") for i, name in enumerate(units, start=1)],
        Para(
            f"Để kịp thời tổng hợp, báo cáo {ctx.issuer.name} theo quy định, {issuer.name} "
            f"đề nghị các cơ quan, đơn vị nêu trên khẩn trương hoàn thành báo cáo {what}, gửi "
            f"về {ctx.drafting.name} qua đường liên kết riêng đã gửi đến địa chỉ thư điện tử "
            "của cơ quan, đơn vị hoặc bằng văn bản, chậm nhất trong "
            f"{ANSWER_WORKING_DAYS:02d} ngày làm việc kể từ ngày nhận được công văn này."
        ),
        Para(f"{issuer.name} đề nghị các cơ quan, đơn vị quan tâm, phối hợp thực hiện."),
    ]
    copies = copies_of(session, ctx.drafting.id or 0) or default_copies(ctx)
    doc.recipients = listed(["Như trên", *copies])
    doc.signatures = [_signature(ctx, letter)]
    return doc
