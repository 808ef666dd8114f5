"""A body's letter settings: its signers on record, its saved unit groups, its default
"Nơi nhận" copies; and the letter plan of a round (issuer, signer, addressees, copies).

Who may change a body's settings is the policy's ("letters.manage": the body's officers
and administrators); these commands check that each record named belongs to the body."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from models import audit
from models.errors import Invalid, NotFound
from models.ids import id_of
from models.letters import form_of, signature_lines
from models.queries.letters import copies_of, default_issuer, issuer_choices, signers_of
from models.queries.records import get
from models.tables import LetterCopies, Signer, Unit, UnitGroup, User
from models.text import bare_items, clean_line, sort_key

MAX_COPIES = 30


def _signer_of(session: Session, body_id: int, signer_id: int) -> Signer:
    signer = session.get(Signer, signer_id)
    if signer is None or signer.body_id != body_id:
        raise NotFound(f"Không tìm thấy người ký #{signer_id}.")
    return signer


def signer_save(
    session: Session,
    *,
    body_id: int,
    form: str,
    on_behalf_of: str,
    title: str,
    full_name: str,
    active: bool = True,
    user_id: int | None = None,
    signer_id: int | None = None,
    by: str,
    now: datetime,
) -> Signer:
    """Add a signer on record for `body_id`, or change one (`signer_id`)."""
    body = get(session, Unit, body_id)
    canonical = form_of(form)
    if canonical is None:
        raise Invalid(f"Thể thức ký “{form}” không hợp lệ (T/M, K/T, T/L, T/UQ).", field="form")
    title, full_name = clean_line(title), clean_line(full_name)
    on_behalf_of = clean_line(on_behalf_of)
    if not title:
        raise Invalid("Vui lòng nhập chức vụ người ký.", field="title")
    if not full_name:
        raise Invalid("Vui lòng nhập họ tên người ký.", field="full_name")
    if canonical and not on_behalf_of:
        raise Invalid(
            f"Thể thức {canonical} cần ghi thay mặt, ký thay cho ai (ví dụ BAN THƯỜNG VỤ).",
            field="on_behalf_of",
        )
    if user_id is not None:
        get(session, User, user_id)
    if signer_id:
        signer = _signer_of(session, body_id, signer_id)
        before = signer.model_dump()
    else:
        signer, before = Signer(body_id=body_id, title="", full_name=""), None
    signer.form = canonical
    signer.on_behalf_of = on_behalf_of.upper()
    signer.title = title.upper()
    signer.full_name = full_name
    signer.active = active
    signer.user_id = user_id
    session.add(signer)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="signer.update" if signer_id else "signer.add",
        entity="signer",
        entity_id=signer.id,
        before=before,
        after={**signer.model_dump(), "body": body.name},
    )
    session.commit()
    return signer


def _members(session: Session, unit_ids: list[int]) -> list[int]:
    ids = list(dict.fromkeys(unit_ids))
    found = set(session.exec(select(Unit.id).where(col(Unit.id).in_(ids))).all())
    missing = [i for i in ids if i not in found]
    if missing:
        raise Invalid(f"Không tìm thấy đơn vị #{missing[0]}.", field="unit_ids")
    if not ids:
        raise Invalid("Nhóm cần có ít nhất một đơn vị.", field="unit_ids")
    return ids


def group_save(
    session: Session,
    *,
    owner_id: int,
    name: str,
    unit_ids: list[int],
    group_id: int | None = None,
    by: str,
    now: datetime,
) -> UnitGroup:
    """Save a group of units under a drafting body ("Các chi ủy, đảng ủy cơ sở")."""
    get(session, Unit, owner_id)
    name = clean_line(name).rstrip(",;.")
    if not name:
        raise Invalid("Vui lòng nhập tên nhóm, như sẽ in ở “Kính gửi”.", field="name")
    if group_id:
        group = group_of(session, owner_id, group_id)
        before = group.model_dump()
    else:
        group, before = UnitGroup(owner_id=owner_id, name=name), None
    group.name = name
    group.unit_ids = _members(session, unit_ids)
    session.add(group)
    session.flush()
    audit.record(
        session,
        actor=by,
        at=now,
        action="unitgroup.update" if group_id else "unitgroup.add",
        entity="unitgroup",
        entity_id=group.id,
        before=before,
        after=group.model_dump(),
    )
    session.commit()
    return group


def group_of(session: Session, owner_id: int, group_id: int) -> UnitGroup:
    group = session.get(UnitGroup, group_id)
    if group is None or group.owner_id != owner_id:
        raise NotFound(f"Không tìm thấy nhóm đơn vị #{group_id}.")
    return group


def group_delete(session: Session, *, owner_id: int, group_id: int, by: str, now: datetime) -> None:
    group = group_of(session, owner_id, group_id)
    audit.record(
        session,
        actor=by,
        at=now,
        action="unitgroup.delete",
        entity="unitgroup",
        entity_id=group_id,
        before=group.model_dump(),
    )
    session.delete(group)
    session.commit()


def copies_set(
    session: Session, *, body_id: int, lines: list[str], by: str, now: datetime
) -> list[str]:
    """The body's default "Nơi nhận" lines, kept bare: the letter punctuates them."""
    get(session, Unit, body_id)
    bare = bare_items(lines)
    if len(bare) > MAX_COPIES:
        raise Invalid(f"Tối đa {MAX_COPIES} dòng nơi nhận.", field="lines")
    row = session.exec(select(LetterCopies).where(LetterCopies.body_id == body_id)).first()
    row = row or LetterCopies(body_id=body_id)
    before = list(row.lines)
    row.lines = bare
    session.add(row)
    audit.record(
        session,
        actor=by,
        at=now,
        action="lettercopies.set",
        entity="lettercopies",
        entity_id=body_id,
        before={"lines": before},
        after={"lines": row.lines},
    )
    session.commit()
    return list(row.lines)


@dataclass
class LetterPlan:
    """What a round's letter is issued as, worked out before any number is taken."""

    issuer: Unit
    unit_ids: list[int]  # every unit invited: those picked and each picked group's members
    addressees: list[str]  # "Kính gửi": one line per group, then the units picked alone
    copies: list[str]
    signer: Signer | None = None
    signature: list[str] = field(default_factory=list)


def letter_plan(
    session: Session,
    *,
    drafting: Unit,
    issuer_id: int | None,
    signer_id: int | None,
    unit_ids: list[int],
    group_ids: list[int],
    copies: list[str] | None,
) -> LetterPlan:
    """Refuses an issuer that is neither the drafting body nor an ancestor with a symbol,
    a signer not on record for that issuer (or no longer active), a group of another body."""
    choices = issuer_choices(session, id_of(drafting))
    if issuer_id is None:
        issuer = default_issuer(choices)
    else:
        found = [u for u in choices if u.id == issuer_id]
        if not found:
            raise Invalid(
                "Văn bản chỉ ban hành dưới danh nghĩa cơ quan soạn thảo hoặc cấp ủy cấp trên"
                " có ký hiệu văn bản.",
                field="issuer_id",
            )
        issuer = found[0]
    signer = None
    if signer_id is None:
        # None chosen: the issuer's first signer on record; a body with none yet signs as
        # the rule set's default (round_signature), as every letter did before.
        signer = next(iter(signers_of(session, [id_of(issuer)])), None)
    else:
        signer = session.get(Signer, signer_id)
        if signer is None or signer.body_id != issuer.id or not signer.active:
            raise Invalid(
                f"Người ký đã chọn không có trong danh sách người ký của {issuer.name}.",
                field="signer_id",
            )
    groups = [group_of_or_invalid(session, id_of(drafting), g) for g in dict.fromkeys(group_ids)]
    grouped = {uid for g in groups for uid in g.unit_ids}
    alone = [uid for uid in dict.fromkeys(unit_ids) if uid not in grouped]
    alone_units = session.exec(select(Unit).where(col(Unit.id).in_(alone))).all()
    names = sorted((u.name for u in alone_units), key=sort_key)
    every = list(dict.fromkeys([*(u for g in groups for u in g.unit_ids), *alone]))
    lines = copies_of(session, id_of(drafting)) if copies is None else copies
    return LetterPlan(
        issuer=issuer,
        unit_ids=every,
        addressees=[g.name for g in groups] + names,
        copies=bare_items(lines),
        signer=signer,
        signature=(
            signature_lines(signer.form, signer.on_behalf_of, signer.title) if signer else []
        ),
    )


def group_of_or_invalid(session: Session, owner_id: int, group_id: int) -> UnitGroup:
    """A group named in a round form: one of another body is a field error, not a 404."""
    try:
        return group_of(session, owner_id, group_id)
    except NotFound as exc:
        raise Invalid(exc.message, field="group_ids") from exc
