"""The number register (sổ đăng ký văn bản): next number, or one entered by hand."""

from datetime import date, datetime

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from models import audit
from models.errors import Cause, Invalid, NumberTaken
from models.ids import id_of
from models.lifecycle import ROUND_LABELS
from models.numbers import format_number, parse_number
from models.queries.records import get
from models.queries.register import term_for
from models.rulesets import canonical_kind, load
from models.tables import Directive, RegisterCounter, RegisterEntry, Round, Unit
from models.text import clean_line, short_date


def _counter(session: Session, issuer_id: int, kind: str, term_id: int) -> None:
    insert = pg_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
    session.execute(
        insert(RegisterCounter)
        .values(issuer_id=issuer_id, kind=kind, term_id=term_id, last_seq=0)
        .on_conflict_do_nothing(index_elements=["issuer_id", "kind", "term_id"])
    )


def _symbol(issuer: Unit) -> str:
    if not issuer.symbol:
        raise Invalid(f"Cơ quan “{issuer.name}” chưa có ký hiệu để cấp số văn bản.")
    return issuer.symbol


def _kind(kind: str) -> str:
    found = canonical_kind(kind)
    if found is None:
        raise Invalid(f"Loại văn bản “{kind}” không có trong quy định về văn bản.", field="kind")
    return found


def register_next(
    session: Session,
    *,
    issuer_id: int,
    kind: str,
    doc_date: date,
    abstract: str = "",
    directive_id: int | None = None,
    by: str,
    now: datetime,
) -> RegisterEntry:
    """The next number for (issuer, kind, term); the counter row serialises concurrent calls."""
    issuer = get(session, Unit, issuer_id)
    symbol = _symbol(issuer)
    kind = _kind(kind)
    term = term_for(session, doc_date)
    _counter(session, issuer_id, kind, id_of(term))
    seq = session.exec(
        update(RegisterCounter)
        .where(
            col(RegisterCounter.issuer_id) == issuer_id,
            col(RegisterCounter.kind) == kind,
            col(RegisterCounter.term_id) == term.id,
        )
        .values(last_seq=col(RegisterCounter.last_seq) + 1)
        .returning(col(RegisterCounter.last_seq))
    ).scalar_one()
    entry = RegisterEntry(
        issuer_id=issuer_id,
        kind=kind,
        term_id=id_of(term),
        seq=seq,
        number=format_number(seq, kind, symbol),
        doc_date=doc_date,
        abstract=clean_line(abstract),
        directive_id=directive_id,
        registered_at=now,
        registered_by=by,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="register.next",
        entity="registerentry",
        entity_id=entry.id,
        directive_id=directive_id,
        after={"number": entry.number},
    )
    return entry


def number_taken(session: Session, taken: RegisterEntry, field: str) -> NumberTaken:
    """The refusal of a number the register holds: which document has it (a round's letter,
    a directive, or an entry made by hand), with a link to that round or directive."""
    rnd = None
    if taken.directive_id is not None:
        rnd = session.exec(
            select(Round).where(
                Round.directive_id == taken.directive_id, Round.letter_number == taken.number
            )
        ).first()
    directive = session.get(Directive, taken.directive_id) if taken.directive_id else None
    what = load().kind_name(taken.kind)
    if taken.abstract:
        what += f" “{taken.abstract}”"
    causes: tuple[Cause, ...] = ()
    if rnd is not None and directive is not None:
        label = f"Lần {rnd.ordinal}: {ROUND_LABELS.get(rnd.kind, rnd.kind)} — {directive.title}"
        causes = (Cause(label, "round", id_of(rnd)),)
    elif directive is not None:
        causes = (Cause(directive.title, "directive", id_of(directive)),)
    return NumberTaken(
        f"Số {taken.number} đã dùng cho: {what}, ngày {short_date(taken.doc_date)}."
        " Vui lòng nhập số khác, hoặc để trống để lấy số tiếp theo.",
        field=field,
        holder={
            "number": taken.number,
            "kind": taken.kind,
            "doc_date": taken.doc_date.isoformat(),
            "abstract": taken.abstract,
        },  # the round or directive holding it: a cause, linked only for who may see it
        causes=causes,
    )


def register_manual(
    session: Session,
    *,
    issuer_id: int,
    number: str,
    doc_date: date,
    abstract: str = "",
    directive_id: int | None = None,
    by: str,
    now: datetime,
    field: str = "number",
) -> RegisterEntry:
    """Enter a number issued outside the system; a number already used is refused, naming
    the document that holds it. `field` is the caller's form field for the number."""
    issuer = get(session, Unit, issuer_id)
    symbol = _symbol(issuer)
    try:
        parsed = parse_number(number)
    except ValueError as exc:
        raise Invalid(str(exc), field=field) from exc
    if parsed.issuer != symbol.upper():
        raise Invalid(
            f"Số {parsed} không thuộc cơ quan {issuer.name} (ký hiệu {symbol}).", field=field
        )
    kind = _kind(parsed.kind)
    term = term_for(session, doc_date)
    # Lock the counter row first: a concurrent register_next or manual entry waits here.
    _counter(session, issuer_id, kind, id_of(term))
    session.exec(
        select(RegisterCounter)
        .where(
            RegisterCounter.issuer_id == issuer_id,
            RegisterCounter.kind == kind,
            RegisterCounter.term_id == term.id,
        )
        .with_for_update()
    ).one()
    taken = session.exec(
        select(RegisterEntry).where(
            RegisterEntry.issuer_id == issuer_id,
            RegisterEntry.kind == kind,
            RegisterEntry.term_id == term.id,
            RegisterEntry.seq == parsed.seq,
        )
    ).first()
    if taken is not None:
        raise number_taken(session, taken, field)
    session.exec(
        update(RegisterCounter)
        .where(
            col(RegisterCounter.issuer_id) == issuer_id,
            col(RegisterCounter.kind) == kind,
            col(RegisterCounter.term_id) == term.id,
            col(RegisterCounter.last_seq) < parsed.seq,
        )
        .values(last_seq=parsed.seq)
    )
    entry = RegisterEntry(
        issuer_id=issuer_id,
        kind=kind,
        term_id=id_of(term),
        seq=parsed.seq,
        number=format_number(parsed.seq, kind, symbol),
        doc_date=doc_date,
        abstract=clean_line(abstract),
        directive_id=directive_id,
        manual=True,
        registered_at=now,
        registered_by=by,
    )
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="register.manual",
        entity="registerentry",
        entity_id=entry.id,
        directive_id=directive_id,
        after={"number": entry.number},
    )
    return entry


def register_take(
    session: Session,
    *,
    issuer_id: int,
    kind: str,
    kind_name: str,
    typed: str,
    doc_date: date,
    abstract: str = "",
    directive_id: int | None = None,
    by: str,
    now: datetime,
    field: str = "number",
) -> RegisterEntry:
    """The number a document goes out under: the one typed, which must be of `kind` ("Số … không
    phải số <kind_name>." at `field` otherwise), or else the register's next of that kind."""
    if not typed:
        return register_next(
            session,
            issuer_id=issuer_id,
            kind=kind,
            doc_date=doc_date,
            abstract=abstract,
            directive_id=directive_id,
            by=by,
            now=now,
        )
    entry = register_manual(
        session,
        issuer_id=issuer_id,
        number=typed,
        doc_date=doc_date,
        abstract=abstract,
        directive_id=directive_id,
        by=by,
        now=now,
        field=field,
    )
    if entry.kind != kind:
        raise Invalid(f"Số {entry.number} không phải số {kind_name}.", field=field)
    return entry
