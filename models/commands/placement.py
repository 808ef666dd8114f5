"""Where each comment sits on its directive's newest version, kept on the comment.

Re-anchoring (models/anchoring.py) compares quote text with every section; doing it for
10,000 comments on each view of the directive page cost more than the rest of the page. So
the placement is computed when it can change — a comment is saved (with it), a version is
added (by the `place-comments` reaction to `draft.added`, off the request) — and stored with
the version it was computed on (`placed_version_id`, `placed_key`). Readers use
it only when that version is still the newest and re-anchor the rest themselves, so a row
written by a path that does not place (a bulk import, a race with a new version) is still
shown where it belongs.
"""

from collections.abc import Sequence

from sqlalchemy import select as sa_select
from sqlalchemy import update
from sqlmodel import Session, col, select

from models.anchoring import Anchor, SectionLike, reanchor
from models.queries.versions import latest_version
from models.tables import Comment, Round, Section

# Updates are issued per distinct anchor; the ids of one anchor are sent in chunks that
# stay under SQLite's bound-parameter limit.
CHUNK = 500


def anchor_of(c: Comment) -> Anchor:
    return Anchor(c.section_key, c.quote, c.quote_prefix, c.quote_suffix)


def place_comment(session: Session, comment: Comment, directive_id: int) -> None:
    """Set the comment's placement on the directive's newest version (before its flush)."""
    newest = latest_version(session, directive_id)
    if newest is None or newest.id is None:
        return
    comment.placed_version_id = newest.id
    if newest.id == comment.version_id:
        # On its own version a comment is where it was made (its quote is in its section,
        # and reanchor prefers the section of the same key).
        comment.placed_key = comment.section_key
        return
    sections = session.exec(
        select(Section).where(Section.version_id == newest.id).order_by(col(Section.ordinal))
    ).all()
    comment.placed_key = reanchor(anchor_of(comment), sections) or ""


def place_all(
    session: Session, directive_id: int, version_id: int, sections: Sequence[SectionLike]
) -> None:
    """Re-place every comment of the directive on `version_id` (a new version was added).

    One re-anchoring per distinct anchor, one update per resulting section key.
    """
    # Five columns: past sqlmodel's typed select overloads, so a Core select.
    rows = session.execute(
        sa_select(
            col(Comment.id),
            col(Comment.section_key),
            col(Comment.quote),
            col(Comment.quote_prefix),
            col(Comment.quote_suffix),
        )
        .join(Round, col(Round.id) == Comment.round_id)
        .where(col(Round.directive_id) == directive_id)
    ).all()
    placed: dict[Anchor, str] = {}
    ids_by_key: dict[str, list[int]] = {}
    for cid, key, quote, prefix, suffix in rows:
        a = Anchor(key, quote, prefix, suffix)
        if a not in placed:
            placed[a] = reanchor(a, sections) or ""
        ids_by_key.setdefault(placed[a], []).append(cid)
    for key, ids in ids_by_key.items():
        for at in range(0, len(ids), CHUNK):
            session.execute(
                update(Comment)
                .where(col(Comment.id).in_(ids[at : at + CHUNK]))
                .values(placed_version_id=version_id, placed_key=key)
                .execution_options(synchronize_session=False)
            )


def has_comments(session: Session, directive_id: int) -> bool:
    """Whether a new version has anything to re-place (no event, no reaction otherwise)."""
    found = session.exec(
        select(Comment.id)
        .join(Round, col(Round.id) == col(Comment.round_id))
        .where(Round.directive_id == directive_id)
        .limit(1)
    ).first()
    return found is not None


def comments_place(session: Session, *, directive_id: int, version_id: int) -> int:
    """The reaction to a new version: re-place the directive's comments on it, in one
    transaction. A version no longer the newest is left alone (the newer one's reaction
    places them); readers re-anchor whatever is not placed yet. Returns 1 if it placed."""
    newest = latest_version(session, directive_id)
    if newest is None or newest.id != version_id:
        return 0
    sections = session.exec(
        select(Section).where(Section.version_id == version_id).order_by(col(Section.ordinal))
    ).all()
    place_all(session, directive_id, version_id, sections)
    session.commit()
    return 1
