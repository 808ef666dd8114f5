"""The policy table (models/policy.py) applied to records: the caller's relation to a
directive or unit, the record a request or command names, and the refusal to raise.

The web guards (web/guard.py) and the CLI call `authorize` with the ids they were given;
pages call `may` to offer only the actions the table allows.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import false, true
from sqlalchemy.sql.elements import ColumnElement
from sqlmodel import Session, SQLModel, col

from models import policy
from models.errors import Forbidden, Invalid, NotFound
from models.policy import Relation, Scope, Verdict
from models.queries.letters import issuer_choices
from models.queries.records import get, missing
from models.tables import (
    Comment,
    CommentGroup,
    Directive,
    DraftVersion,
    Invitation,
    OutboxMessage,
    Round,
    Unit,
    User,
)
from models.tables.follow_up import ReportPeriod, UnitReport

# The ids a route or command may name, most specific first; each resolves to its record.
RECORD_PARAMS: dict[str, type[SQLModel]] = {
    "comment_group_id": CommentGroup,
    "comment_id": Comment,
    "invitation_id": Invitation,
    "message_id": OutboxMessage,
    "version_id": DraftVersion,
    "round_id": Round,
    "report_id": UnitReport,  # a unit's periodic report (issue 12)
    "period_id": ReportPeriod,
    "directive_id": Directive,
    "unit_id": Unit,
    "body_id": Unit,  # a body's own settings (Scope.BODY)
}
MAX_ID = 2**31 - 1  # PostgreSQL integer columns: a larger id names no record


@dataclass
class Target:
    """What a request names: the record itself and what decides the caller's relation."""

    record: SQLModel | None = None
    directive: Directive | None = None
    unit: Unit | None = None
    relation: Relation = Relation.SHARED


def body_relation(user: User, body_id: int | None) -> Relation:
    """A record belonging to the body `body_id` (None: to no body)."""
    if body_id is None:
        return Relation.SHARED
    if user.unit_id is not None and user.unit_id == body_id:
        return Relation.OWN
    return Relation.OTHER


def body_relation_in(session: Session, user: User, body_id: int | None) -> Relation:
    """As body_relation, and a body whose symbol the user's own body writes under (its
    parent committee: models/queries/letters.issuer_choices) counts as the user's own too:
    the department that drafts for the committee keeps the committee's signers on record."""
    rel = body_relation(user, body_id)
    if rel == Relation.OTHER and user.unit_id is not None:
        if body_id in {u.id for u in issuer_choices(session, user.unit_id)}:
            return Relation.OWN
    return rel


def relation(user: User, record: Directive | Unit | None) -> Relation:
    if isinstance(record, Directive):
        return body_relation(user, record.drafting_unit_id)
    if isinstance(record, Unit):
        return body_relation(user, record.owner_id)
    return Relation.SHARED


def owner_for(user: User) -> int | None:
    """The body a unit created by this user belongs to: an officer's own body; an
    administrator's units are shared (province-wide)."""
    return user.unit_id if user.role == policy.Role.OFFICER else None


def reaches_other_bodies(user: User, action: str) -> bool:
    """Whether the role does `action` beyond its own body (an administrator naming the
    drafting body of a new directive, where an officer's is its own)."""
    return policy.allows(user.role, action, Relation.OTHER)


def may(user: User, action: str, record: Directive | Unit | None = None) -> bool:
    """For pages: offer only what the table allows."""
    if record is None and policy.action(action).scope != Scope.NONE:
        return policy.allows_somewhere(user.role, action)
    if policy.action(action).scope == Scope.BODY and isinstance(record, Unit):
        return policy.allows(user.role, action, body_relation(user, record.id))
    return policy.allows(user.role, action, relation(user, record))


def may_in(session: Session, user: User, action: str, record: Directive | Unit | None) -> bool:
    """As may, with the bodies the user writes under (body_relation_in) for a body's own
    settings."""
    if policy.action(action).scope == Scope.BODY and isinstance(record, Unit):
        return policy.allows(user.role, action, body_relation_in(session, user, record.id))
    return may(user, action, record)


def check(
    user: User,
    action: str,
    rel: Relation,
    *,
    model: type[SQLModel] | None = None,
    ident: object = None,
) -> None:
    """Raise the table's refusal: NotFound worded exactly as for a missing `model` #ident,
    or Forbidden with the role and the action."""
    verdict = policy.decide(user.role, action, rel)
    if verdict == Verdict.HIDDEN:
        raise missing(model or Directive, ident)
    if verdict == Verdict.FORBIDDEN:
        raise Forbidden(policy.refusal(user.role, action))


def require(user: User, action: str, record: Directive | Unit) -> None:
    check(user, action, relation(user, record), model=type(record), ident=record.id)


def require_for_body(user: User, action: str, body_id: int | None) -> None:
    """The check for a record about to exist that will belong to `body_id` (a directive the
    caller creates for a drafting body): nothing to hide yet, so a refusal is a 403."""
    check(user, action, body_relation(user, body_id), model=Unit, ident=body_id)


def drafting_body(user: User, named: int | None) -> int:
    """Who may create a directive, and for which body: the one rule the page, the API and
    the CLI apply. An administrator names the drafting body; an officer's is its own (not
    naming one means its own; naming another is refused); other roles are refused, all
    with the policy table's message."""
    if reaches_other_bodies(user, "directive.create"):
        if named is None:
            raise Invalid("Vui lòng chọn cơ quan soạn thảo.", field="drafting_unit_id")
        body: int | None = named
    else:
        body = user.unit_id if named is None else named
    require_for_body(user, "directive.create", body)
    assert body is not None  # require_for_body refuses a body of none
    return body


def _record_id(raw: Any) -> int | None:
    text = str(raw)
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_ID:
        return None
    return int(text)


def resolve(session: Session, param: str, raw: Any) -> Target:
    """The record named by a path parameter or CLI argument, and what it belongs to."""
    model = RECORD_PARAMS[param]
    ident = _record_id(raw)
    if ident is None:
        raise NotFound(f"Không tìm thấy dữ liệu #{raw}.")
    record = get(session, model, ident)
    if isinstance(record, Unit):
        return Target(record=record, unit=record)
    if isinstance(record, Directive):
        return Target(record=record, directive=record)
    directive_id: int | None
    if isinstance(record, Comment | Invitation):
        directive_id = get(session, Round, record.round_id).directive_id
    elif isinstance(record, UnitReport):
        directive_id = get(session, ReportPeriod, record.period_id).directive_id
    elif isinstance(record, Round | DraftVersion | OutboxMessage | CommentGroup | ReportPeriod):
        directive_id = record.directive_id  # None: an email about no directive
    else:
        raise TypeError(f"{param} names a {type(record).__name__}, which belongs to no directive")
    directive = get(session, Directive, directive_id) if directive_id is not None else None
    return Target(record=record, directive=directive)


def authorize(session: Session, user: User, action: str, ids: Mapping[str, Any]) -> Target:
    """The one check of every route and command: the record its ids name (the most specific
    one), the caller's relation to it, and the table's verdict on `action`."""
    scope = policy.action(action).scope
    param = next((p for p in RECORD_PARAMS if p in ids), None)
    if scope == Scope.NONE or param is None:
        # Nothing named yet (a list, a creation): the role must have the action somewhere;
        # the handler checks the relation once it knows the record (e.g. the body named).
        if not policy.allows_somewhere(user.role, action):
            raise Forbidden(policy.refusal(user.role, action))
        return Target()
    target = resolve(session, param, ids[param])
    if scope == Scope.BODY:
        target.relation = body_relation_in(session, user, target.unit.id if target.unit else None)
    else:
        holder = target.unit if scope == Scope.UNIT else target.directive
        target.relation = relation(user, holder)
    check(user, action, target.relation, model=RECORD_PARAMS[param], ident=ids[param])
    return target


def visible_directives(user: User) -> ColumnElement[bool]:
    """A WHERE clause: the directives this user may see (lists, dashboard)."""
    if policy.allows(user.role, "directive.view", Relation.OTHER):
        return true()
    if policy.allows(user.role, "directive.view", Relation.OWN) and user.unit_id is not None:
        return col(Directive.drafting_unit_id) == user.unit_id
    return false()


def directive_of(session: Session, user: User, action: str, directive_id: int) -> Directive:
    """The directive if the table lets this user do `action` on it."""
    directive = get(session, Directive, directive_id)
    require(user, action, directive)
    return directive


__all__ = [
    "Target",
    "authorize",
    "body_relation",
    "body_relation_in",
    "may_in",
    "check",
    "directive_of",
    "drafting_body",
    "may",
    "owner_for",
    "reaches_other_bodies",
    "relation",
    "require",
    "require_for_body",
    "resolve",
    "visible_directives",
]
