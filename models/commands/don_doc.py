"""The công văn đôn đốc: a numbered letter from the drafting body to the units that have
not reported in a period, for signature (issue 12, item 3).

Numbered from the register of the body the round letters go under by default (the drafting
body, or the committee whose symbol it writes under), kind CV; signed as the body's first
signer on record, whose block is copied onto the letter so a later change of signers never
rewrites it. One letter per period: the sweep drafts it once the plan's delay has passed,
or an officer does earlier from the period's page."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session

from models import audit
from models.clock import local_date
from models.commands.register import register_next
from models.errors import DomainError
from models.event_log import record
from models.events import DonDocDrafted, Event
from models.follow_up.don_doc import don_doc_abstract
from models.ids import id_of
from models.letters import signature_lines
from models.queries.don_doc import letter_of_period, missing_reports
from models.queries.letters import default_issuer, issuer_choices, signers_of
from models.queries.records import get
from models.rulesets import load
from models.statuses import PeriodStatus
from models.tables import Directive, DonDocLetter, ReportPeriod
from models.text import short_date

LETTER_KIND = "CV"


@dataclass
class DonDocResult:
    letter: DonDocLetter
    events: list[Event] = field(default_factory=list)
    created: bool = True


def draft_letter(session: Session, period: ReportPeriod, *, by: str, now: datetime) -> DonDocResult:
    """The letter for a period, drafted in the caller's transaction (no commit): the
    existing one when drafted already; refused before the due date, for a period not open,
    or with nobody missing. The caller locks the period first."""
    existing = letter_of_period(session, id_of(period))
    if existing is not None:
        return DonDocResult(existing, created=False)
    today = local_date(now)
    if period.status != PeriodStatus.OPEN:
        raise DomainError(f"Kỳ báo cáo “{period.label}” không đang mở: không soạn đôn đốc.")
    if today <= period.due_on:
        raise DomainError(
            f"Chưa quá hạn báo cáo {period.label} (hạn {short_date(period.due_on)}):"
            " chưa thể đôn đốc."
        )
    missing = missing_reports(session, id_of(period))
    if not missing:
        raise DomainError(
            f"Các đơn vị đã gửi báo cáo {period.label} hoặc được miễn: không cần đôn đốc."
        )
    directive = get(session, Directive, period.directive_id)
    issuer = default_issuer(issuer_choices(session, directive.drafting_unit_id))
    signer = next(iter(signers_of(session, [id_of(issuer)])), None)
    abstract = don_doc_abstract(
        period.label, load(directive.ruleset).kind_name(directive.kind), directive.number
    )
    entry = register_next(
        session,
        issuer_id=id_of(issuer),
        kind=LETTER_KIND,
        doc_date=today,
        abstract=abstract,
        directive_id=directive.id,
        by=by,
        now=now,
    )
    letter = DonDocLetter(
        directive_id=id_of(directive),
        period_id=id_of(period),
        number=entry.number,
        register_entry_id=entry.id,
        letter_date=today,
        unit_ids=[id_of(unit) for _, unit in missing],
        signature=signature_lines(signer.form, signer.on_behalf_of, signer.title) if signer else [],
        signer_name=signer.full_name if signer else "",
        created_at=now,
        created_by=by,
    )
    session.add(letter)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="don_doc.draft",
        entity="dondocletter",
        entity_id=letter.id,
        directive_id=directive.id,
        after={
            "number": letter.number,
            "period": period.label,
            "units": [unit.name for _, unit in missing],
            "signer": letter.signer_name or None,
        },
    )
    return DonDocResult(letter, [DonDocDrafted(directive.id, now, id_of(period), id_of(letter))])


def draft_don_doc(session: Session, period_id: int, *, by: str, now: datetime) -> DonDocResult:
    """Draft the period's công văn đôn đốc (the officer's action, or the sweep's): numbered,
    addressed to the units still missing; drafting it again gives the same letter."""
    period = get(session, ReportPeriod, period_id, lock=True)  # one letter, even at once
    result = draft_letter(session, period, by=by, now=now)
    record(session, result.events)
    session.commit()
    return result
