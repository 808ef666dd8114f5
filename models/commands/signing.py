"""Recording the signature: the number from the register, the signer and the form."""

from datetime import date, datetime

from sqlmodel import Session, col, select

from models import audit
from models.clock import local_date
from models.commands.common import move
from models.commands.register import register_take
from models.date_rules import check_signed_on
from models.errors import DomainError, Invalid
from models.event_log import record
from models.events import DirectiveSigned
from models.ids import id_of
from models.lifecycle import Action, Stage
from models.queries.records import get
from models.rulesets import all_forms
from models.tables import Directive, Round, Signer, Signing, Unit
from models.text import clean_line

FORMS = all_forms()  # from the rule sets (models/rulesets/*.json)


def directive_sign(
    session: Session,
    *,
    directive_id: int,
    signed_on: date,
    form: str = "T/M",
    signer_title: str = "",
    signer_name: str = "",
    on_behalf_of: str = "",
    signer_id: int | None = None,
    recipient_ids: list[int] | None = None,
    extra_recipients: list[str] | None = None,
    number: str | None = None,
    by: str,
    now: datetime,
    idempotent: bool = False,
) -> tuple[Directive, list[DirectiveSigned]]:
    """Sign: register the number (next, or one given by the archivist) and record who signed."""
    directive = get(session, Directive, directive_id, lock=True)
    if idempotent and directive.stage in (Stage.SIGNED.value, Stage.ISSUED.value):
        return directive, []
    if signer_id is not None:
        # One of the issuer's signers on record: the block is theirs, never retyped.
        kept = session.get(Signer, signer_id)
        if kept is None or kept.body_id != directive.issuer_id or not kept.active:
            raise Invalid(
                "Người ký phải là người đang ký văn bản của cơ quan ban hành.", field="signer_id"
            )
        form, on_behalf_of = kept.form, kept.on_behalf_of
        signer_title, signer_name = kept.title, kept.full_name
    if form not in FORMS:
        raise Invalid("Hình thức ký phải là T/M, K/T hoặc T/L.", field="form")
    signer_name, signer_title = clean_line(signer_name), clean_line(signer_title)
    if not signer_name or not signer_title:
        raise Invalid("Vui lòng nhập người ký và chức vụ.", field="signer_name")
    if form == "T/M" and not clean_line(on_behalf_of):
        raise Invalid(
            "Ký T/M cần ghi thay mặt tập thể nào (ví dụ BAN THƯỜNG VỤ).", field="on_behalf_of"
        )
    ids = list(dict.fromkeys(recipient_ids or []))
    if ids and len(session.exec(select(Unit.id).where(col(Unit.id).in_(ids))).all()) != len(ids):
        raise Invalid("Có nơi nhận không tồn tại.", field="recipient_ids")
    if session.exec(select(Signing).where(Signing.directive_id == directive_id)).first():
        raise DomainError("Chỉ thị đã được ghi nhận ký.")
    closes = session.exec(
        select(Round.closed_at).where(
            Round.directive_id == directive_id,
            col(Round.closed_at).is_not(None),
        )
    ).all()
    last_close = max((local_date(c) for c in closes if c is not None), default=None)
    check_signed_on(signed_on=signed_on, last_round_closed=last_close)
    move(session, directive, Action.SIGN, by=by, now=now)
    entry = register_take(
        session,
        issuer_id=directive.issuer_id,
        kind=directive.kind,
        kind_name=directive.kind,
        typed=number or "",
        doc_date=signed_on,
        abstract=directive.title,
        directive_id=directive_id,
        by=by,
        now=now,
    )
    directive.number = entry.number
    directive.signed_on = signed_on
    session.add(directive)
    session.add(
        Signing(
            directive_id=directive_id,
            number=entry.number,
            register_entry_id=id_of(entry),
            signed_on=signed_on,
            form=form,
            on_behalf_of=clean_line(on_behalf_of).upper(),
            signer_title=signer_title.upper(),
            signer_name=signer_name,
            recipient_ids=ids,
            extra_recipients=[clean_line(x) for x in (extra_recipients or []) if clean_line(x)],
            recorded_at=now,
            recorded_by=by,
        )
    )
    audit.record(
        session,
        actor=by,
        at=now,
        action="directive.sign",
        entity="directive",
        entity_id=directive_id,
        directive_id=directive_id,
        after={"number": entry.number, "signed_on": signed_on, "form": form, "signer": signer_name},
    )
    events = [DirectiveSigned(directive_id, now, entry.number)]
    record(session, events)
    session.commit()
    return directive, events
