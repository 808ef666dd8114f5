"""The directive itself: as a numbered draft ("Dự thảo lần N") and as issued."""

from datetime import date

from sqlmodel import Session, col, select

from documents.common import (
    Context,
    context,
    draft_paras,
    file_number,
    header,
    short_name,
    slug,
)
from documents.model import Document, Signature
from models.errors import DomainError
from models.ids import id_of
from models.queries.records import get
from models.queries.versions import latest_version
from models.tables import DraftVersion, Signing, Unit


def _base(
    session: Session,
    ctx: Context,
    version: DraftVersion,
    *,
    number: str | None,
    on: date | None,
    year: int | None = None,
    marker: str = "",
) -> Document:
    d = ctx.directive
    return Document(
        slug="",
        header=header(
            session, ctx.issuer, kind=d.kind, number=number, on=on, year=year, marker=marker
        ),
        title=ctx.kind_name.upper(),
        subtitle=[f"về {ctx.topic}"],
        blocks=draft_paras(version.text),
    )


def draft_document(
    session: Session, ctx: Context, version: DraftVersion, *, sent_on: date | None = None
) -> Document:
    """The draft sent for comments: no number, no date, the marker "Dự thảo lần N". Sent
    with a letter, it bears the letter's year (a draft written in December goes out dated
    the year its letter is), else the year it was written."""
    doc = _base(
        session,
        ctx,
        version,
        number=None,
        on=None,
        year=(sent_on or version.created_at).year,
        marker=f"Dự thảo lần {version.number}",
    )
    doc.slug = f"du-thao-lan-{version.number}"
    doc.kind = "du-thao"
    doc.signatures = [Signature([f"T/M {short_name(ctx.issuer).upper()}"])]
    return doc


def issued_document(session: Session, directive_id: int) -> Document:
    ctx = context(session, directive_id)
    d = ctx.directive
    signing = session.exec(select(Signing).where(Signing.directive_id == directive_id)).first()
    if signing is None:
        raise DomainError("Chỉ thị chưa được ký: chưa có số và ngày ban hành.")
    version = (
        get(session, DraftVersion, d.final_version_id)
        if d.final_version_id
        else latest_version(session, directive_id)
    )
    assert version is not None  # a signed directive has a draft
    doc = _base(session, ctx, version, number=signing.number, on=signing.signed_on)
    doc.slug = f"{slug(ctx.kind_name)}-{file_number(signing.number)}"
    doc.kind = "chi-thi"
    units = session.exec(select(Unit).where(col(Unit.id).in_(signing.recipient_ids))).all()
    order = {uid: i for i, uid in enumerate(signing.recipient_ids)}
    names = [u.name for u in sorted(units, key=lambda u: order[id_of(u)])]
    lines = [f"- {n}," for n in names] + [f"- {x}," for x in signing.extra_recipients]
    if not any(x.lower().startswith("lưu") for x in signing.extra_recipients):
        lines.append("- Lưu Văn phòng.")
    else:
        lines[-1] = lines[-1].rstrip(",") + "."
    doc.recipients = lines
    on_behalf = f"{signing.form} {signing.on_behalf_of}".strip()
    if signing.form == "K/T" and not signing.on_behalf_of:
        on_behalf = "K/T"
    doc.signatures = [Signature([on_behalf, signing.signer_title], signing.signer_name)]
    return doc
