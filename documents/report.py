"""The report on the consultation (báo cáo kết quả lấy ý kiến) to the issuing body."""

from sqlmodel import Session

from documents.common import context, header
from documents.letters import body_signature
from documents.model import Document, Para, Table
from documents.narrative import consultation_narrative, round_results
from documents.synthesis import grassroots_parts
from documents.synthesis_doc import grassroots_blocks
from models.clock import local_date
from models.lifecycle import RoundKind
from models.text import short_date


def consultation_report(session: Session, directive_id: int) -> Document:
    ctx = context(session, directive_id)
    results = round_results(session, directive_id)
    closed = [r.round.closed_at for r in results if r.round.closed_at]
    doc = Document(
        slug="bao-cao-ket-qua-lay-y-kien",
        kind="bao-cao",
        header=header(
            session,
            ctx.drafting,
            number=None,
            kind="BC",
            on=local_date(max(closed)) if closed else None,
            year=ctx.directive.created_at.year,
        ),
        title="BÁO CÁO",
        subtitle=[f"kết quả lấy ý kiến góp ý vào dự thảo {ctx.about}"],
        addressees=[ctx.issuer.name],
    )
    paras = consultation_narrative(session, directive_id, include_signing=False)
    doc.blocks = [Para(p) for p in paras]
    if results:
        doc.blocks.append(Para("Tóm tắt các đợt lấy ý kiến:", "heading"))
        rows = []
        for i, r in enumerate(results, 1):
            kind = RoundKind(r.round.kind)
            letter = r.round.letter_number or "Giấy mời"
            when = (
                short_date(local_date(r.conference.held_at))
                if r.conference
                else short_date(r.round.letter_date)
            )
            rows.append([str(i), kind.label, letter, when, str(r.invited), r.result])
        columns = ["Lần", "Hình thức", "Văn bản", "Ngày", "Số đơn vị được mời", "Kết quả"]
        doc.blocks.append(Table(columns, rows, [0.6, 2.6, 2.2, 1.6, 1.4, 1.8]))
        doc.blocks.append(
            Para(
                "(Mỗi đợt được tính theo đơn vị riêng: văn bản, ý kiến hoặc đại biểu; không "
                "cộng gộp giữa các đợt. Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý gửi "
                "kèm theo.)",
                "italic",
            )
        )
        doc.blocks += grassroots_blocks(grassroots_parts(session, directive_id))
    doc.recipients = [f"- {ctx.issuer.name} (b/c),", "- Lưu VT."]
    doc.signatures = [body_signature(session, ctx)]
    return doc
