"""Sơ kết and tổng kết: the Standing Board's Báo cáo (its figures printed where the prose's
[[code]] markers are, computed now from the unit reports; an annex table per figure listing
the contributing reports) and the drafting body's Kế hoạch with the đề cương the units'
reports follow. Both as `Document`s, for the DOCX and PDF writers."""

from sqlmodel import Session

from documents.common import Context, context, header, issuing_body, short_name
from documents.docx_writer import render_docx
from documents.letters import body_signature
from documents.model import Block, Document, Para, Signature, Table
from documents.pdf_writer import render_pdf
from models.errors import NotFound
from models.follow_up.review import (
    AGGREGATE_LABELS,
    Figure,
    fill_markers,
    format_value,
    heading,
    split_markers,
)
from models.ids import id_of
from models.letters import signature_lines
from models.numbers import file_number
from models.queries.letters import signers_of
from models.queries.records import get
from models.queries.reviews import (
    PURPOSE_LABELS,
    ReviewFacts,
    indicators_of,
    review_facts,
    review_report,
    round_reports,
)
from models.tables import ReportPeriod
from models.text import short_date


def _about(ctx: Context) -> str:
    """ "Chỉ thị số 22-CT/TU, ngày 12/10/2023 của Ban Thường vụ Tỉnh ủy về tăng cường …"."""
    d = ctx.directive
    number = f" số {d.number}" if d.number else ""
    day = f", ngày {short_date(d.signed_on)}" if d.signed_on else ""
    return f"{ctx.kind_name}{number}{day} của {ctx.issuer.name} về {ctx.topic}"


def _purpose(period: ReportPeriod) -> str:
    return PURPOSE_LABELS[period.purpose]


def _span(ctx: Context, period: ReportPeriod) -> str:
    """ "sơ kết 02 năm thực hiện" for a round two years after the signing."""
    signed = ctx.directive.signed_on
    years = period.cutoff_on.year - signed.year if signed else 0
    return (
        f"{_purpose(period)} {years:02d} năm thực hiện"
        if years >= 1
        else f"{_purpose(period)} thực hiện"
    )


def stem(period: ReportPeriod, what: str) -> str:
    """ "bao-cao-so-ket-2025", "ke-hoach-tong-ket-2028"."""
    return f"{what}-{period.purpose.value}-{period.year}"


def plan_stem(period: ReportPeriod) -> str:
    """ "ke-hoach-12-KH-BDVTU" once numbered."""
    if period.plan_number:
        return f"ke-hoach-{file_number(period.plan_number)}"
    return stem(period, "ke-hoach")


def _issuer_signature(session: Session, ctx: Context) -> Signature:
    """The Standing Board's report: its first signer on record, else T/M of the body."""
    kept = signers_of(session, [id_of(ctx.issuer)])
    if kept:
        s = kept[0]
        return Signature(signature_lines(s.form, s.on_behalf_of, s.title), s.full_name)
    return Signature([f"T/M {short_name(ctx.issuer).upper()}", ""])


def _prose_blocks(text: str, figures: list[Figure]) -> list[Block]:
    out: list[Block] = []
    for line in text.split("\n"):
        if not line.strip():
            continue
        runs = split_markers(line, figures)
        out.append(Para(fill_markers(line, figures), "body", runs=runs))
    return out


def annex_rows(figure: Figure) -> list[list[str]]:
    rows = [
        [
            str(i),
            c.unit_name,
            c.number or "(chưa ghi số)",
            short_date(c.report_date) if c.report_date else "",
            c.period_label,
            format_value(c.value),
        ]
        for i, c in enumerate(figure.trace, 1)
    ]
    total = "Lớn nhất" if figure.aggregate == "max" else "Tổng cộng"
    rows.append(
        ["", total, "", "", "", format_value(figure.value) if figure.value is not None else ""]
    )
    return rows


ANNEX_COLUMNS = ["STT", "Đơn vị", "Số báo cáo", "Ngày", "Kỳ báo cáo", "Số liệu"]
ANNEX_WIDTHS = [0.6, 3.4, 1.8, 1.3, 2.0, 1.3]


def _annex(session: Session, ctx: Context, facts: ReviewFacts, number: str | None) -> Document:
    period = facts.period
    blocks: list[Block] = []
    for i, f in enumerate(facts.figures, 1):
        blocks.append(
            Para(f"{i}. {f.name} ({f.measure}; {AGGREGATE_LABELS[f.aggregate]})", "heading")
        )
        if f.trace:
            blocks.append(Table(ANNEX_COLUMNS, annex_rows(f), ANNEX_WIDTHS))
        else:
            blocks.append(Para("Chưa có đơn vị nào báo cáo số liệu này.", "italic"))
    return Document(
        slug=stem(period, "phu-luc"),
        kind="bao-cao",
        header=header(
            session,
            issuing_body(session, ctx.issuer),
            number=number,
            kind="BC",
            on=facts.report.report_date if facts.report else None,
            year=period.year,
        ),
        title="PHỤ LỤC",
        subtitle=[
            "Số liệu và nguồn số liệu",
            f"(Kèm theo Báo cáo {_purpose(period)} {_about(ctx)})",
        ],
        blocks=blocks,
    )


def review_document(session: Session, period_id: int) -> Document:
    """The Báo cáo sơ kết / tổng kết as it stands: numbered and dated once finalised."""
    period = get(session, ReportPeriod, period_id)
    ctx = context(session, period.directive_id)
    facts = review_facts(session, period)
    report = facts.report
    number = report.number if report and report.number else None
    blocks: list[Block] = []
    prose = report.prose if report else {}
    for i, sec in enumerate(period.outline):
        blocks.append(Para(heading(i, str(sec["title"])), "heading"))
        blocks += _prose_blocks(prose.get(str(sec["key"]), ""), facts.figures)
    if facts.figures:
        blocks.append(
            Para(
                "(Số liệu tổng hợp từ báo cáo của các đơn vị; nguồn từng số liệu tại Phụ lục "
                "kèm theo.)",
                "italic",
            )
        )
    body = issuing_body(session, ctx.issuer)
    return Document(
        slug=stem(period, "bao-cao"),
        kind="bao-cao",
        header=header(
            session,
            body,
            number=number,
            kind="BC",
            on=report.report_date if report else None,
            year=period.year,
        ),
        title="BÁO CÁO",
        subtitle=[f"{_span(ctx, period)} {_about(ctx)}"],
        blocks=blocks,
        recipients=[
            f"- {ctx.drafting.name},",
            "- Các đơn vị báo cáo,",
            "- Lưu VT.",
        ],
        signatures=[_issuer_signature(session, ctx)],
        appendix=[_annex(session, ctx, facts, number)],
    )


def plan_document(session: Session, period_id: int) -> Document:
    """The drafting body's Kế hoạch for the round, with the đề cương the units follow and the
    figures they report."""
    period = get(session, ReportPeriod, period_id)
    ctx = context(session, period.directive_id)
    what = _purpose(period)
    units = [u.name for _, u in round_reports(session, period_id)]
    blocks: list[Block] = [
        Para("I. MỤC ĐÍCH, YÊU CẦU", "heading"),
        Para(
            f"Đánh giá kết quả {what} thực hiện {_about(ctx)}; chỉ ra hạn chế, nguyên nhân, "
            "rút ra bài học kinh nghiệm và đề ra phương hướng, nhiệm vụ, giải pháp thời gian tới."
        ),
        Para("II. NỘI DUNG", "heading"),
        Para(
            "Các đơn vị xây dựng báo cáo theo đề cương kèm theo, số liệu tính từ ngày "
            f"{short_date(period.starts_on)} đến ngày {short_date(period.cutoff_on)}."
        ),
        Para("III. THỜI GIAN, TỔ CHỨC THỰC HIỆN", "heading"),
        Para(
            f"Các đơn vị gửi báo cáo về {ctx.drafting.name} trước ngày "
            f"{short_date(period.due_on)} (qua đường liên kết đã gửi hoặc bằng văn bản)."
        ),
    ]
    if units:
        blocks.append(Para(f"Đơn vị báo cáo: {', '.join(units)}."))
    outline: list[Block] = [
        Para(heading(i, str(sec["title"])), "heading") for i, sec in enumerate(period.outline)
    ]
    indicators = indicators_of(session, period)
    if indicators:
        outline.append(Para("Số liệu đề nghị báo cáo:", "heading"))
        rows = [
            [str(i), str(ind.get("name", "")), str(ind.get("measure", ""))]
            for i, ind in enumerate(indicators, 1)
        ]
        outline.append(Table(["STT", "Chỉ tiêu", "Đơn vị tính"], rows, [0.6, 5.4, 1.6]))
    number = period.plan_number or None
    hdr = header(
        session, ctx.drafting, number=number, kind="KH", on=period.plan_date, year=period.year
    )
    return Document(
        slug=plan_stem(period),
        kind="bao-cao",
        header=hdr,
        title="KẾ HOẠCH",
        subtitle=[f"{_span(ctx, period)} {_about(ctx)}"],
        blocks=blocks,
        recipients=["- Các đơn vị báo cáo,", "- Lưu VT."],
        signatures=[body_signature(session, ctx)],
        appendix=[
            Document(
                slug=stem(period, "de-cuong"),
                kind="bao-cao",
                header=hdr,
                title="ĐỀ CƯƠNG",
                subtitle=[f"Báo cáo {what} thực hiện {_about(ctx)}"],
                blocks=outline,
            )
        ],
    )


FILES = ("bao-cao.docx", "bao-cao.pdf", "ke-hoach.docx", "ke-hoach.pdf")
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def review_files(session: Session, period: ReportPeriod) -> list[str]:
    """What the round's page offers: the plan once it has an outline, the report once drafted."""
    out = []
    if period.outline:
        out += ["ke-hoach.docx", "ke-hoach.pdf"]
    if review_report(session, id_of(period)) is not None:
        out += ["bao-cao.docx", "bao-cao.pdf"]
    return out


def review_file(session: Session, period: ReportPeriod, name: str) -> tuple[bytes, str, str]:
    """One file rendered now: (content, media type, download name)."""
    if name not in review_files(session, period):
        raise NotFound(f"Không có văn bản “{name}” cho đợt này.")
    what, _, ext = name.partition(".")
    pid = id_of(period)
    doc = review_document(session, pid) if what == "bao-cao" else plan_document(session, pid)
    rules = context(session, period.directive_id).rules
    content = render_docx(doc, rules) if ext == "docx" else render_pdf(doc, rules)
    return content, MEDIA[ext], f"{doc.slug}.{ext}"
