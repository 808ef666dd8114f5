"""The placement kept on each comment (models/commands/placement.py) is the one reanchor
gives on the directive's newest version, and the directive page counts from it — or
re-anchors the comments whose placement is stale — with the same result either way."""

from datetime import timedelta

import pytest
from sqlalchemy import update
from sqlmodel import Session, col, select

import models.queries.directive as directive_query
from models.anchoring import Anchor, reanchor
from models.commands.answers import answer_submit, comment_save
from models.commands.drafts import draft_add
from models.commands.placement import comments_place
from models.commands.rounds import round_close, round_open
from models.ids import id_of
from models.queries.directive import directive_view
from models.tables import Comment, Section, StoredEvent
from tests.conftest import T0
from tests.factories import DRAFT_TEXT, directive_with_draft, world

# The second version rewords section 1 of II and drops b) of II.2: comments there move by
# similarity or are orphaned.
REWORDED = (
    DRAFT_TEXT.replace(
        "1. Tăng cường sự lãnh đạo của cấp ủy đối với công tác nắm tình hình Nhân dân.",
        "1. Tăng cường hơn nữa sự lãnh đạo của các cấp ủy đối với công tác nắm tình hình.",
    )
    .replace("b) Định kỳ báo cáo hằng quý, sáu tháng, chín tháng và năm.\n", "")
    .replace("III. TỔ CHỨC THỰC HIỆN", "III. TỔ CHỨC THỰC HIỆN\nIV. HIỆU LỰC")
)


def _expected(session: Session, version_id: int) -> dict[int, str]:
    sections = session.exec(select(Section).where(Section.version_id == version_id)).all()
    return {
        id_of(c): reanchor(Anchor(c.section_key, c.quote, c.quote_prefix, c.quote_suffix), sections)
        or ""
        for c in session.exec(select(Comment)).all()
    }


def _commented(session: Session, links) -> tuple[int, int]:
    w = world(session, T0)
    did = directive_with_draft(session, w, T0)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units[:3]],
        by="canbo",
        now=T0 + timedelta(days=8),
        links=links,
    )
    sections = session.exec(
        select(Section)
        .where(Section.version_id == opened.round.draft_version_id)
        .order_by(col(Section.ordinal))
    ).all()
    for i, tok in enumerate(opened.tokens.values()):
        for j, sec in enumerate(sections):
            comment_save(
                session,
                raw_token=tok,
                position="agree_with_comments",
                text=f"Ý kiến {i}-{j}",
                section_id=id_of(sec) if (i + j) % 4 else None,
                quote=sec.text[5:40] if j % 2 else "",
                now=T0 + timedelta(days=9),
            )
        answer_submit(session, raw_token=tok, now=T0 + timedelta(days=9))
    round_close(session, round_id=id_of(opened.round), by="canbo", now=T0 + timedelta(days=20))
    return did, id_of(opened.round)


def test_saved_comments_are_placed_on_their_version(session, links):
    _commented(session, links)
    comments = session.exec(select(Comment)).all()
    assert comments and all(c.placed_version_id == c.version_id for c in comments)
    assert {id_of(c): c.placed_key for c in comments} == _expected(session, comments[0].version_id)


@pytest.mark.parametrize("inline", [True, False])
def test_a_new_version_replaces_them_and_the_page_counts_the_same(
    session, links, monkeypatch, tmp_path, inline
):
    did, _ = _commented(session, links)
    if not inline:
        monkeypatch.setattr(directive_query, "INLINE_COMMENTS", 0)
    version, _ = draft_add(
        session, directive_id=did, text=REWORDED, by="canbo", now=T0 + timedelta(days=21)
    )
    # The request only stores the event; its reaction re-places the comments.
    assert session.exec(select(StoredEvent.type)).all()[-1] == "draft.added"
    assert comments_place(session, directive_id=did, version_id=id_of(version)) == 1
    expected = _expected(session, id_of(version))
    comments = session.exec(select(Comment)).all()
    assert all(c.placed_version_id == version.id for c in comments)
    assert {id_of(c): c.placed_key for c in comments} == expected
    assert "" in expected.values() and len(set(expected.values())) > 3  # orphans and moves
    counts: dict[str, int] = {}
    for key in expected.values():
        counts[key] = counts.get(key, 0) + 1
    assert directive_view(session, did, tmp_path).counts_by_section == counts

    # Rows placed on an older version (or never: a bulk import) are re-anchored by the page.
    session.execute(
        update(Comment)
        .where(col(Comment.id) % 2 == 0)
        .values(placed_version_id=None, placed_key="stale")
    )
    session.commit()
    session.expire_all()
    assert directive_view(session, did, tmp_path).counts_by_section == counts
