"""Comments on the round page: grouped by section, filtered, paginated (rounds can be big)."""

from datetime import timedelta

from sqlalchemy import func, insert
from sqlmodel import col, select

from models.commands.dispositions import disposition_set
from models.commands.rounds import round_open
from models.tables import Comment, Invitation, Round, Section, User
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site
from tests.web.test_unit_support import bearer

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


def test_page_and_api_show_the_same_round(engine, session, settings):
    """One read model behind /rounds/{id} and GET /api/v1/rounds/{id}: the same counts per
    unit and in all; the page's comments come in section order, then as received, across
    page boundaries, and the API's comment list has the same total."""
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 120)
    hoa = site.client("hoa")
    auth = bearer(session, site.one(select(User.id).where(User.username == "hoa")))
    api = hoa.get(f"/api/v1/rounds/{rid}", headers=auth).json()
    page = hoa.get(f"/rounds/{rid}").text
    assert f"Đã trả lời {api['answered']}/{api['invited']}" in page
    assert f"· {api['comments']} ý kiến" in page and api["comments"] == 120
    per_unit = dict(
        site.all(
            select(Comment.invitation_id, func.count())
            .where(Comment.round_id == rid)
            .group_by(col(Comment.invitation_id))
        )
    )
    for inv in api["invitations"]:
        row = page.split(f'id="invitation-{inv["id"]}"', 1)[1].split("</tr>", 1)[0]
        assert f">{per_unit[inv['id']]}</a>" in row
    shown = [
        int(part.split('"', 1)[0])
        for n in (1, 2, 3)
        for part in hoa.get(f"/rounds/{rid}?page={n}").text.split('id="comment-')[1:]
    ]
    expected = site.all(
        select(Comment.id)
        .join(Section, col(Section.id) == Comment.section_id)
        .where(Comment.round_id == rid)
        .order_by(col(Section.ordinal), col(Comment.id))
    )
    assert shown == expected and len(set(shown)) == 120
    did = site.one(select(Round.directive_id).where(Round.id == rid))
    listed = hoa.get(f"/api/v1/directives/{did}/comments?round_id={rid}", headers=auth).json()
    assert listed["total"] == api["comments"]
    # One comment list behind both: the API pages through the same order as the page.
    url = f"/api/v1/directives/{did}/comments?round_id={rid}&limit=50&offset="
    paged = [
        c["id"] for n in (0, 50, 100) for c in hoa.get(url + str(n), headers=auth).json()["items"]
    ]
    assert paged == shown
    disagree = hoa.get(f"/api/v1/directives/{did}/comments?position=disagree", headers=auth)
    assert disagree.json()["total"] == 40
    assert "40 ý kiến" in hoa.get(f"/rounds/{rid}/comments?position=disagree").text
