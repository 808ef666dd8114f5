"""The directive itself: as a numbered draft ("Dự thảo lần N") and as issued."""

from datetime import date

from sqlmodel import Session, select

from documents.common import (
    Context,
    context,
    draft_paras,
    header,
    short_name,
    slug,
)
from documents.model import Document, Signature
from models.errors import DomainError
from models.numbers import file_number
from models.queries.recipients import issue_copy_lines
from models.queries.records import get
from models.queries.versions import latest_version
from models.tables import DraftVersion, Signing


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
    doc.recipients = issue_copy_lines(session, signing, d.issuer_id)
    on_behalf = f"{signing.form} {signing.on_behalf_of}".strip()
    if signing.form == "K/T" and not signing.on_behalf_of:
        on_behalf = "K/T"
    doc.signatures = [Signature([on_behalf, signing.signer_title], signing.signer_name)]
    return doc
