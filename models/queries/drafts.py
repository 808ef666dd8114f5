"""A unit's unsent comments are private: no read of the app sees them, except through the
unit's own link.

A comment is a draft (Comment.draft) until its unit submits. Rather than trusting every
query and handler to add `Comment.draft == False` (one forgot: the page's disposition route
rendered a draft by id), sessions the app opens (models.db.session_scope: pages, API, flows,
CLI) carry a rule that the ORM applies to every SELECT touching Comment, `session.get()`
included: drafts are left out, except those of the invitation whose link this session has
resolved (models.queries.links.access calls reveal_drafts_of). A session opened directly
on an engine (tests, migrations) is left alone.
"""

from functools import lru_cache
from typing import Any

from sqlalchemy import event, or_
from sqlalchemy.orm import ORMExecuteState, with_loader_criteria
from sqlmodel import Session

from models.tables import Comment

_KEY = "duthao_drafts"  # in session.info: the invitation id whose drafts show, or None
_NONE = None


def hide_drafts(session: Session) -> None:
    """From now on this session sees no private draft (unless a unit link reveals its own)."""
    session.info[_KEY] = _NONE


def reveal_drafts_of(session: Session, invitation_id: int) -> None:
    """The session acts for this invitation's unit: its own drafts show, nobody else's."""
    if _KEY in session.info:
        session.info[_KEY] = invitation_id


@lru_cache(maxsize=1024)
def _criteria(invitation_id: int | None) -> Any:
    # Built once per invitation (and once for "no drafts"): the option is immutable, and
    # building it again for every SELECT of every request was a tenth of a page's query cost.
    if invitation_id is None:
        return with_loader_criteria(
            Comment,
            lambda cls: cls.draft == False,  # noqa: E712
            include_aliases=True,
        )
    return with_loader_criteria(
        Comment,
        lambda cls: or_(cls.draft == False, cls.invitation_id == invitation_id),  # noqa: E712
        include_aliases=True,
    )


@event.listens_for(Session, "do_orm_execute")
def _leave_out_drafts(state: ORMExecuteState) -> None:
    if _KEY not in state.session.info or not state.is_select:
        return
    if state.is_column_load or state.is_relationship_load:
        return  # refreshing an object already loaded (and allowed) in this session
    state.statement = state.statement.options(_criteria(state.session.info[_KEY]))
