"""Comments on the round page: grouped by section, filtered, paginated (rounds can be big)."""

from datetime import timedelta

from sqlalchemy import insert
from sqlmodel import select

from models.commands.dispositions import disposition_set
from models.commands.rounds import round_open
from models.tables import Comment, Invitation, Section
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site

POSITIONS = ("agree_with_comments", "disagree", "agree")


def _round_with_comments(site, n: int) -> int:
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    opened = site.run(
        round_open,
        directive_id=did,
        kind="written",
        unit_ids=[u.id for u in site.world.units],
        by="hoa",
        now=NOW,
        links=Links(base_url="http://duthao.test", secret="test-secret"),
    )
    rnd = opened.round
    invs = site.all(select(Invitation).where(Invitation.round_id == rnd.id))
    sections = site.all(select(Section).where(Section.version_id == rnd.draft_version_id))
    rows = [
        dict(
            round_id=rnd.id,
            invitation_id=invs[i % len(invs)].id,
            unit_id=invs[i % len(invs)].unit_id,
            version_id=rnd.draft_version_id,
            section_id=sections[i % len(sections)].id,
            section_key=sections[i % len(sections)].key,
            position=POSITIONS[i % 3],
            text=f"Ý kiến thứ {i + 1}",
            draft=False,
            received_at=NOW + timedelta(minutes=i),
        )
        for i in range(n)
    ]
    site.run(lambda s: (s.execute(insert(Comment), rows), s.commit()))
    return rnd.id


def test_filters_and_pages(engine, session, settings):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 120)
    hoa = site.client("hoa")
    first = hoa.get(f"/rounds/{rid}")
    assert first.text.count('id="comment-') == 50 and "trang 1/3" in first.text
    assert "Ý kiến chung" not in first.text and "II. NHIỆM VỤ, GIẢI PHÁP" in first.text
    last = hoa.get(f"/rounds/{rid}/comments?page=3", headers={"HX-Request": "true"})
    assert last.text.lstrip().startswith('<div id="comments-table">')
    assert last.text.count('id="comment-') == 20
    beyond = hoa.get(f"/rounds/{rid}/comments?page=99")
    assert "Trang 3/3" in beyond.text  # clamped, not an empty page
    disagree = hoa.get(f"/rounds/{rid}/comments?position=disagree")
    assert "40 ý kiến" in disagree.text and "Tán thành có ý kiến" not in disagree.text
    unit = site.world.units[0]
    by_unit = hoa.get(f"/rounds/{rid}/comments?unit={unit.id}")
    assert "24 ý kiến" in by_unit.text
    junk = hoa.get(f"/rounds/{rid}/comments?unit=abc&position=<x>&decision=zzz&page=-1")
    assert junk.status_code == 200 and "120 ý kiến" in junk.text
    c1 = site.one(select(Comment.id).where(Comment.position == "disagree").limit(1))
    site.run(
        disposition_set,
        comment_id=c1,
        decision="explain",
        response="Xin giữ nguyên.",
        by="hoa",
        now=NOW,
    )
    assert "1 ý kiến" in hoa.get(f"/rounds/{rid}/comments?decision=explain").text
    assert "119 ý kiến" in hoa.get(f"/rounds/{rid}/comments?decision=none").text
    # The filter form carries the state into the pager links.
    two = hoa.get(f"/rounds/{rid}?position=agree_with_comments")
    assert "position=agree_with_comments&amp;page=" in two.text
