"""Draft versions: each new text is split into numbered sections comments can point at."""

from datetime import datetime

from sqlalchemy import func
from sqlmodel import Session, select

from models import audit
from models.commands.common import move
from models.commands.placement import has_comments
from models.errors import DomainError, Invalid
from models.event_log import record
from models.events import DraftAdded
from models.ids import id_of
from models.lifecycle import Action, Stage
from models.queries.records import get
from models.sections import split_sections
from models.tables import Directive, DraftVersion, Section
from models.text import clean

MAX_DRAFT_CHARS = 500_000


def draft_add(
    session: Session, *, directive_id: int, text: str, note: str = "", by: str, now: datetime
) -> tuple[DraftVersion, list[DraftAdded]]:
    text = clean(text)
    if not text:
        raise Invalid("Nội dung dự thảo không được để trống.", field="text")
    if len(text) > MAX_DRAFT_CHARS:
        raise Invalid("Nội dung dự thảo quá dài.", field="text")
    directive = get(session, Directive, directive_id, lock=True)
    move(session, directive, Action.ADD_DRAFT, by=by, now=now)
    last = session.exec(
        select(func.max(DraftVersion.number)).where(DraftVersion.directive_id == directive_id)
    ).one()
    version = DraftVersion(
        directive_id=directive_id,
        number=(last or 0) + 1,
        note=clean(note),
        text=text,
        created_at=now,
        created_by=by,
    )
    session.add(version)
    session.flush()
    parts = split_sections(text)
    for part in parts:
        session.add(
            Section(
                version_id=id_of(version),
                ordinal=part.ordinal,
                key=part.key,
                level=part.level,
                heading=part.heading[:500],
                text=part.text,
            )
        )
    # A new version during finalisation replaces the chosen final one.
    if directive.stage == Stage.FINALISING.value and directive.final_version_id is not None:
        directive.final_version_id = None
        session.add(directive)
    audit.record(
        session,
        actor=by,
        at=now,
        action="draft.add",
        entity="draftversion",
        entity_id=version.id,
        directive_id=directive_id,
        after={"number": version.number},
    )
    events = [DraftAdded(directive_id, now, id_of(version), version.number)]
    if has_comments(session, directive_id):  # their placement moves to the new version
        record(session, events)
    session.commit()
    return version, events


def draft_set_final(
    session: Session, *, directive_id: int, version_id: int, by: str, now: datetime
) -> Directive:
    directive = get(session, Directive, directive_id, lock=True)
    version = get(session, DraftVersion, version_id)
    if version.directive_id != directive_id:
        raise Invalid("Bản dự thảo không thuộc chỉ thị này.", field="version_id")
    if directive.stage != Stage.FINALISING.value:
        raise DomainError("Chỉ chọn bản hoàn chỉnh ở giai đoạn tiếp thu, hoàn chỉnh.")
    before = {"final_version_id": directive.final_version_id}
    directive.final_version_id = version_id
    session.add(directive)
    audit.record(
        session,
        actor=by,
        at=now,
        action="draft.final",
        entity="directive",
        entity_id=directive_id,
        directive_id=directive_id,
        before=before,
        after={"final_version_id": version_id},
    )
    session.commit()
    return directive
