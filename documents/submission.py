"""The submission (tờ trình) of the final draft to the issuing body (the Ban Thường vụ)."""

from datetime import date

from sqlmodel import Session, col, select

from documents.common import assignment_ref, context, header, lower_first
from documents.letters import body_signature
from documents.model import Block, Document, Para
from documents.narrative import consultation_narrative, round_results
from models.clock import local_date
from models.queries.versions import latest_version
from models.tables import AuditEvent, DraftVersion, Section


def _submitted_on(session: Session, directive_id: int) -> date | None:
    at = session.exec(
        select(AuditEvent.at)
        .where(AuditEvent.directive_id == directive_id, AuditEvent.action == "stage.submit")
        .order_by(col(AuditEvent.at).desc())
    ).first()
    return local_date(at) if at else None


def _structure(session: Session, version: DraftVersion) -> list[Para]:
    """ "Dự thảo gồm 3 phần: …" with each part's headings, from the final version's sections."""
    sections = session.exec(
        select(Section).where(Section.version_id == version.id).order_by(col(Section.ordinal))
    ).all()
    parts = [s for s in sections if s.level == "phan"]
    if not parts:
        return [Para(f"Dự thảo (lần {version.number}) gồm {len(sections)} đoạn, mục.")]
    out = [Para(f"Dự thảo (lần {version.number}) gồm phần mở đầu và {len(parts)} phần:")]
    for p in parts:
        children = [s for s in sections if s.key.startswith(p.key + ".") and s.key.count(".") == 1]
        line = f"- {p.heading}"
        if children:
            line += (
                f": {len(children)} nội dung ("
                + "; ".join(lower_first(c.heading.split(" ", 1)[-1]).rstrip(".") for c in children)
                + ")."
            )
        out.append(Para(line))
    return out


def submission(session: Session, directive_id: int) -> Document:
    ctx = context(session, directive_id)
    d = ctx.directive
    version = (
        session.get(DraftVersion, d.final_version_id)
        if d.final_version_id
        else latest_version(session, directive_id)
    )
    on = _submitted_on(session, directive_id)
    doc = Document(
        slug="to-trinh",
        kind="to-trinh",
        header=header(
            session, ctx.drafting, number=None, kind="TTr", on=on, year=d.created_at.year
        ),
        title="TỜ TRÌNH",
        subtitle=[f"về việc ban hành {ctx.kind_name} về {ctx.topic}"],
        addressees=[ctx.issuer.name],
    )
    ref = assignment_ref(session, ctx)
    b: list[Block] = [
        Para(
            (f"Thực hiện {ref}, " if ref else "")
            + f"{ctx.drafting.name} kính trình {ctx.issuer.name} dự thảo {ctx.about} như sau:"
        ),
        Para("I. QUÁ TRÌNH XÂY DỰNG DỰ THẢO", "heading"),
    ]
    b += [Para(p) for p in consultation_narrative(session, directive_id, include_signing=False)[1:]]
    b.append(Para("(Có bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý kèm theo.)", "italic"))
    b.append(Para("II. BỐ CỤC VÀ NỘI DUNG CƠ BẢN CỦA DỰ THẢO", "heading"))
    if version is not None:
        b += _structure(session, version)
    b.append(Para("III. KIẾN NGHỊ, ĐỀ XUẤT", "heading"))
    b.append(
        Para(
            f"{ctx.drafting.name} kính đề nghị {ctx.issuer.name} xem xét, cho ý kiến và ban "
            f"hành {ctx.kind_name} về {ctx.topic}."
        )
    )
    b.append(Para(f"Kính trình {ctx.issuer.name} xem xét, quyết định."))
    rounds = round_results(session, directive_id)
    letters = sum(r.answered for r in rounds if r.round.kind == "written")
    attached = [
        f"- Dự thảo {ctx.kind_name} (dự thảo lần {version.number if version else ''});",
        "- Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý;",
        "- Báo cáo kết quả lấy ý kiến góp ý;",
    ]
    if letters:
        attached.append(f"- Văn bản góp ý của các cơ quan, đơn vị ({letters} văn bản).")
    b.append(Para("Hồ sơ kèm theo:", "heading"))
    b += [Para(a, "note") for a in attached]
    doc.blocks = b
    doc.recipients = ["- Như trên,", "- Lưu VT."]
    doc.signatures = [body_signature(session, ctx)]
    return doc
