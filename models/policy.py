"""Who may do what: one table of role × action × relation to the record. Pure (no I/O).

Every page route, API route and CLI command names one action of this table (web/guard.py,
duthao/cli.py); models/access.py works out the caller's relation to the record and asks
`decide`. Nothing else in the code compares roles.

Roles
    officer  cán bộ soạn thảo: drafts, consults and finalises its own body's directives.
    leader   lãnh đạo: reads every directive; signs; sends a submission back.
    clerk    văn thư: reads every directive; numbers and sends (issues); never drafts or signs.
    admin    quản trị viên: everything, and the only one to edit shared units.

Relations of the caller to the record
    own      the record belongs to the caller's body: a directive drafted by the caller's
             unit (User.unit_id == Directive.drafting_unit_id), a unit owned by it, the
             caller's body itself for its letter settings (signers, groups, copies).
    other    it belongs to another body.
    shared   it belongs to no body (a province-wide unit, an email not about a directive),
             or the action names no record (the dashboard, the unit list, creating a unit).

Who owns a unit (issue 9, item 1)
    A unit created by an officer belongs to that officer's drafting body: Unit.owner_id is
    the body's unit id. A unit created by an administrator, by the CLI as an administrator,
    by the demo, or created before owners existed has no owner: it is a shared,
    province-wide unit that only administrators edit. Everyone sees every unit (the tree is
    the province's list of bodies to consult). Editing a unit — its page, PATCH
    /api/v1/units/{id}, `duthao unit edit` — by anyone but its body's officers or an
    administrator answers exactly as for a unit that does not exist (404). A CSV import
    never edits an existing unit: a line re-using the name of a unit under the same parent
    is refused whoever owns it. Changing the email of a unit that has open invitations
    keeps those invitations' live links going to the address they were sent to, audits the
    change on each directive concerned and tells that directive's drafting body; only
    that body's explicit action (re-issuing the link, or correcting the address of a bounced
    message) sends a link to the new address (models/commands/units.py).

The first run
    /setup (web/routes/setup.py) is public: it names no role because no account exists yet.
    It is possible only while the install has no user at all; from the first account on it
    answers 404 (models/commands/setup.py).

Refusals
    404 when the caller may not see the record: the action's `seen_with` action is refused
    for this role and relation too (another body's directive, a unit one may not edit), so
    ids of other bodies cannot be told from missing ones. 403 when the caller may see the
    record but its role may not do the action (a leader closing a round, an officer
    recording a signing). Actions that name no record refuse with 403.
"""

from dataclasses import dataclass
from enum import StrEnum


class Role(StrEnum):
    OFFICER = "officer"
    LEADER = "leader"
    CLERK = "clerk"
    ADMIN = "admin"


ROLE_LABELS = {
    Role.OFFICER.value: "Cán bộ soạn thảo",
    Role.LEADER.value: "Lãnh đạo",
    Role.CLERK.value: "Văn thư",
    Role.ADMIN.value: "Quản trị",
}


class Relation(StrEnum):
    OWN = "own"
    OTHER = "other"
    SHARED = "shared"


class Scope(StrEnum):
    """What kind of record an action is about, hence which relations it can have."""

    DIRECTIVE = "directive"  # a directive, or a round, comment, draft … of one
    UNIT = "unit"
    # A body's own settings (its signers on record, unit groups, default copies): the
    # caller's body is the body itself (User.unit_id == Unit.id), not the unit's owner.
    BODY = "body"
    NONE = "none"  # no record: the relation is always `shared`


RELATIONS = {
    Scope.DIRECTIVE: (Relation.OWN, Relation.OTHER, Relation.SHARED),
    Scope.UNIT: (Relation.OWN, Relation.OTHER, Relation.SHARED),
    Scope.BODY: (Relation.OWN, Relation.OTHER),
    Scope.NONE: (Relation.SHARED,),
}


class Verdict(StrEnum):
    ALLOW = "allow"
    FORBIDDEN = "forbidden"  # 403: visible, but not for this role
    HIDDEN = "hidden"  # 404: as if the record did not exist


@dataclass(frozen=True)
class Action:
    name: str
    scope: Scope
    verb: str  # Vietnamese, for the refusal: "<role> không được <verb>."
    seen_with: str | None  # refused too → the record is invisible (404)


_O, _X, _S = Relation.OWN, Relation.OTHER, Relation.SHARED
ANY = frozenset({_O, _X, _S})
OWN = frozenset({_O})
BODIES = frozenset({_O, _X})  # every body's directives, not those of no body
SHARED = frozenset({_S})
ALL_ROLES = tuple(r.value for r in Role)

_ACTIONS = [
    # (name, scope, verb, seen_with, {role: relations})
    ("dashboard.view", Scope.NONE, "xem trang tổng quan", None, {r: SHARED for r in ALL_ROLES}),
    ("directive.list", Scope.NONE, "xem danh sách dự thảo", None, {r: SHARED for r in ALL_ROLES}),
    (
        "directive.create",
        Scope.DIRECTIVE,
        "tạo hồ sơ dự thảo",
        None,  # the directive does not exist yet: the body it names is visible
        {"officer": OWN, "admin": ANY},
    ),
    (
        "directive.view",
        Scope.DIRECTIVE,
        "xem dự thảo này",
        "directive.view",
        {"officer": OWN, "leader": BODIES, "clerk": BODIES, "admin": ANY},
    ),
    (
        "directive.edit",
        Scope.DIRECTIVE,
        "soạn, sửa dự thảo",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "directive.finalise",
        Scope.DIRECTIVE,
        "chuyển dự thảo sang tiếp thu, hoàn chỉnh",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "directive.submit",
        Scope.DIRECTIVE,
        "trình dự thảo",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "directive.return",
        Scope.DIRECTIVE,
        "trả lại dự thảo",
        "directive.view",
        {"officer": OWN, "leader": BODIES, "admin": ANY},
    ),
    (
        "directive.sign",
        Scope.DIRECTIVE,
        "ghi nhận ký chỉ thị",
        "directive.view",
        {"leader": BODIES, "admin": ANY},
    ),
    (
        "directive.issue",
        Scope.DIRECTIVE,
        "ban hành chỉ thị",
        "directive.view",
        {"officer": OWN, "leader": BODIES, "clerk": BODIES, "admin": ANY},
    ),
    (
        "round.open",
        Scope.DIRECTIVE,
        "mở đợt lấy ý kiến",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "round.manage",
        Scope.DIRECTIVE,
        "gia hạn, kết thúc đợt lấy ý kiến hay cấp lại liên kết",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "conference.record",
        Scope.DIRECTIVE,
        "ghi ý kiến, biên bản hội nghị",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "grassroots.enter",
        Scope.DIRECTIVE,
        "nhập báo cáo lấy ý kiến cơ sở",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "comment.dispose",
        Scope.DIRECTIVE,
        "tiếp thu, giải trình ý kiến",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "comment.group",
        Scope.DIRECTIVE,
        "nhóm, xác nhận, tách, gộp các ý kiến tương tự",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "reply.enter",
        Scope.DIRECTIVE,
        "nhập công văn trả lời thay đơn vị",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "mail.resend",
        Scope.DIRECTIVE,
        "sửa địa chỉ, gửi lại thư",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "follow_up.plan",
        Scope.DIRECTIVE,
        "lập, sửa kế hoạch theo dõi thực hiện chỉ thị",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "follow_up.manage",
        Scope.DIRECTIVE,
        "mở kỳ báo cáo, nhập báo cáo giấy, trả lại hay miễn báo cáo, soạn công văn đôn đốc",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "follow_up.briefing",
        Scope.DIRECTIVE,
        "ghi nhận hội nghị giao ban",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    (
        "follow_up.review",
        Scope.DIRECTIVE,
        "soạn báo cáo sơ kết, tổng kết",
        "directive.view",
        {"officer": OWN, "admin": ANY},
    ),
    ("unit.view", Scope.NONE, "xem danh sách đơn vị", None, {r: SHARED for r in ALL_ROLES}),
    (
        "unit.create",
        Scope.NONE,
        "thêm đơn vị",
        None,
        {"officer": SHARED, "admin": SHARED},
    ),
    (
        "unit.import",
        Scope.NONE,
        "nhập danh sách đơn vị",
        None,
        {"officer": SHARED, "admin": SHARED},
    ),
    (
        "unit.edit",
        Scope.UNIT,
        "sửa đơn vị này",
        "unit.edit",  # item 1: a unit one may not edit answers as a missing one
        {"officer": OWN, "admin": ANY},
    ),
    (
        "letters.manage",
        Scope.BODY,
        "quản lý người ký, nhóm đơn vị và nơi nhận của cơ quan này",
        None,  # every body is in the tree everyone sees: a refusal is a 403
        {"officer": OWN, "admin": ANY},
    ),
    (
        "account.manage",
        Scope.NONE,
        "thay đổi tài khoản của mình",
        None,
        {r: SHARED for r in ALL_ROLES},
    ),
    (
        "account.admin",
        Scope.NONE,
        "quản lý tài khoản và mã truy cập của người khác",
        None,
        {"admin": SHARED},
    ),
    ("mail.sink.view", Scope.NONE, "xem hộp thư thử nghiệm", None, {"admin": SHARED}),
    ("admin.area", Scope.NONE, "vào trang quản trị", None, {"admin": SHARED}),
    (
        "unit.admin",
        Scope.NONE,
        "quản lý thông tin cơ quan (dòng cấp trên, địa danh, ký hiệu, cấp trên)",
        None,
        {"admin": SHARED},
    ),
    ("term.manage", Scope.NONE, "khai báo, sửa nhiệm kỳ", None, {"admin": SHARED}),
]

ACTIONS: dict[str, Action] = {
    name: Action(name, scope, verb, seen) for name, scope, verb, seen, _ in _ACTIONS
}
TABLE: dict[str, dict[str, frozenset[Relation]]] = {
    name: {role: frozenset(rels) for role, rels in grants.items()}
    for name, _, _, _, grants in _ACTIONS
}


def action(name: str) -> Action:
    """The action, or KeyError: a route naming an unknown action fails when it is declared."""
    return ACTIONS[name]


def allows(role: str, name: str, relation: Relation | str) -> bool:
    return Relation(relation) in TABLE[name].get(role, frozenset())


def allows_somewhere(role: str, name: str) -> bool:
    """Whether the role may do this in at least one relation (a route naming no record yet)."""
    return bool(TABLE[name].get(role))


def decide(role: str, name: str, relation: Relation | str) -> Verdict:
    if allows(role, name, relation):
        return Verdict.ALLOW
    seen = ACTIONS[name].seen_with
    if seen is not None and not allows(role, seen, relation):
        return Verdict.HIDDEN
    return Verdict.FORBIDDEN


def refusal(role: str, name: str) -> str:
    """The 403 message: who may not do what, in Vietnamese."""
    label = ROLE_LABELS.get(role, "Tài khoản này").lower()
    verb = ACTIONS[name].verb
    if set(TABLE[name]) == {"admin"}:
        # Say who may, so the user knows whom to ask.
        return f"Vai trò {label} không được {verb}: chỉ quản trị viên được làm việc này."
    return f"Vai trò {label} không được {verb}."
