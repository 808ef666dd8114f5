"""The replay of Chỉ thị 22-CT/TU: one run into temporary folders (SQLite), then its outputs
checked against the database it wrote."""

import asyncio
import json
from email import policy
from email.parser import BytesParser
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlmodel import Session, col, select

from documents.comparison import NOTE
from duthao.demo import data
from duthao.demo.banner import demo_banner
from duthao.demo.replay import run_demo
from duthao.demo.world import find_directive
from models.clock import local_date, utcnow
from models.commands.users import login_check
from models.login_throttle import LoginLimits
from models.sections import split_sections
from models.tables import (
    Comment,
    Conference,
    Directive,
    Disposition,
    DraftVersion,
    GrassrootsReport,
    Invitation,
    OutboxMessage,
    Round,
    Section,
    Signing,
    Unit,
)
from models.text import number, short_date
from tests.demo.conftest import Replayed, table_counts
from tests.documents.redlines import compared_text
from tests.expect import stored

pytestmark = pytest.mark.xdist_group("prefect")


def _replayed(s: Session) -> Directive:
    """The 2023 case (the demo's other directive is the live one left open to try)."""
    found = find_directive(s)
    assert found is not None
    return found


def _rounds(s: Session) -> list[Round]:
    did = _replayed(s).id
    return list(
        s.exec(select(Round).where(Round.directive_id == did).order_by(col(Round.ordinal))).all()
    )


def test_summary_has_the_issue_shape_and_the_case_figures(replay: Replayed) -> None:
    on_disk = replay.summary
    d = on_disk["directive"]
    assert (d["number"], d["stage"], d["signed_on"], d["signing_form"]) == (
        "22-CT/TU",
        "issued",
        "2023-10-12",
        "T/M",
    )
    assert on_disk["assignment"] == {"number": "1704-TB/TU", "date": "2023-07-04"}
    written, conference, grassroots = on_disk["rounds"]
    assert {k: written[k] for k in ("kind", "letter", "opened_on", "responded")} == {
        "kind": "written",
        "letter": "490-CV/BDVTU",
        "opened_on": "2023-07-12",
        "responded": 19,
    }
    assert written["invited"] > written["responded"]
    assert {k: conference[k] for k in ("kind", "held_on", "opinions")} == {
        "kind": "conference",
        "held_on": "2023-08-04",
        "opinions": 18,
    }
    assert {k: grassroots[k] for k in ("kind", "letter", "opened_on", "delegates")} == {
        "kind": "grassroots",
        "letter": "516-CV/BDVTU",
        "opened_on": "2023-08-08",
        "delegates": 6325,
    }
    assert grassroots["reports"] == len(data.DISTRICTS)
    for key in ("draft_versions", "comments", "dispositions"):
        assert isinstance(on_disk[key], int) and on_disk[key] > 0
    assert set(on_disk["emails"]) >= {"queued", "sent"}


def test_every_figure_is_what_the_database_holds(replay: Replayed) -> None:
    summary = replay.summary
    with Session(replay.engine) as s:
        directive = _replayed(s)
        signing = s.exec(select(Signing)).one()
        assert summary["directive"]["number"] == directive.number == signing.number
        assert summary["directive"]["stage"] == directive.stage
        assert directive.signed_on is not None  # the replay ends with the directive issued
        assert summary["directive"]["signed_on"] == directive.signed_on.isoformat()
        assert (signing.form, signing.on_behalf_of, signing.signer_title) == (
            summary["directive"]["signing_form"],
            "BAN THƯỜNG VỤ",
            "PHÓ BÍ THƯ",
        )
        for told, rnd in zip(summary["rounds"], _rounds(s), strict=True):
            invs = s.exec(select(Invitation).where(Invitation.round_id == rnd.id)).all()
            assert told["kind"] == rnd.kind and rnd.status == "closed"
            assert told["invited"] == len(invs)
            if rnd.kind == "written":
                assert told["letter"] == rnd.letter_number
                assert told["responded"] == sum(1 for i in invs if i.answered_at)
                late = [i.status for i in invs if not i.answered_at]
                assert late and set(late) == {"overdue"}  # closed by the officer past deadline
                assert rnd.closed_at and rnd.deadline
                assert local_date(rnd.closed_at) > rnd.deadline
            elif rnd.kind == "conference":
                conf = s.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
                assert told["held_on"] == local_date(conf.held_at).isoformat()
                opinions = s.exec(select(Comment).where(Comment.round_id == rnd.id)).all()
                assert told["opinions"] == len(opinions)
                assert all(o.speaker and o.speaker_title for o in opinions)
            else:
                reports = s.exec(
                    select(GrassrootsReport).where(GrassrootsReport.round_id == rnd.id)
                ).all()
                assert told["delegates"] == sum(r.delegates for r in reports)
                assert told["reports"] == len(reports) == len(invs)
                assert all(sum(r.meetings.values()) > 0 and r.summary for r in reports)
        count = lambda model: s.exec(select(func.count()).select_from(model)).one()  # noqa: E731
        versions = select(DraftVersion).where(DraftVersion.directive_id == directive.id)
        assert summary["draft_versions"] == len(s.exec(versions).all())
        assert summary["comments"] == count(Comment)  # nobody has answered the live round yet
        assert summary["dispositions"] == count(Disposition)
        statuses = s.exec(
            select(OutboxMessage.status).where(OutboxMessage.directive_id == directive.id)
        ).all()
        assert summary["emails"]["queued"] == len(statuses) == 0  # record mode: nothing mailed
        assert summary["emails"]["sent"] == statuses.count("sent")


def test_comments_sit_on_real_sections_and_each_has_its_answer(replay: Replayed) -> None:
    with Session(replay.engine) as s:
        rows = s.exec(
            select(Comment, Disposition).outerjoin(
                Disposition, col(Disposition.comment_id) == Comment.id
            )
        ).all()
        assert rows and not any(c.draft for c, _ in rows)
        for comment, disp in rows:
            if comment.section_id is not None:
                section = stored(s, Section, comment.section_id)
                assert section.version_id == comment.version_id
                assert section.key == comment.section_key
            if comment.position == "agree":
                continue
            assert disp is not None, f"no disposition for comment {comment.id}"
            assert disp.decision in ("accept", "partial", "explain")
            if disp.decision == "explain":
                assert disp.response.startswith("Xin giữ nguyên như dự thảo vì")
                assert disp.taken_in_version_id is None
            if disp.taken_in_version_id is not None:
                taken = stored(s, DraftVersion, disp.taken_in_version_id)
                assert taken.number > stored(s, DraftVersion, comment.version_id).number
        positions = {c.position for c, _ in rows}
        assert positions == {"agree", "agree_with_comments", "disagree"}
        directive = _replayed(s)
        versions = s.exec(
            select(DraftVersion)
            .where(DraftVersion.directive_id == directive.id)
            .order_by(col(DraftVersion.number))
        ).all()
        assert len({v.text for v in versions}) == len(versions)  # each revision changed
        assert directive.final_version_id == versions[-1].id


def test_the_comparison_of_the_first_and_last_drafts_is_written(replay: Replayed) -> None:
    (path,) = (replay.out / "documents").glob("*so-sanh*.docx")
    assert path.name in replay.summary["documents"]
    content = path.read_bytes()
    with Session(replay.engine) as s:
        versions = s.exec(select(DraftVersion).order_by(col(DraftVersion.number))).all()
    assert path.name == f"so-sanh-du-thao-lan-1-va-lan-{versions[-1].number}.docx"
    # The paragraphs are the sections' lines (headings' "#" marks and blank lines dropped).
    lines = lambda text: [x for p in split_sections(text) for x in p.text.split("\n")]  # noqa: E731
    assert compared_text(content, accept=True, note=NOTE) == lines(versions[-1].text)
    assert compared_text(content, accept=False, note=NOTE) == lines(versions[0].text)


def test_narrative_tells_each_round_in_its_own_unit(replay: Replayed) -> None:
    text = (replay.out / "narrative.md").read_text(encoding="utf-8")
    with Session(replay.engine) as s:
        for rnd in _rounds(s):
            if rnd.kind == "conference":
                conf = s.exec(select(Conference).where(Conference.round_id == rnd.id)).one()
                n = len(s.exec(select(Comment.id).where(Comment.round_id == rnd.id)).all())
                expected = [short_date(local_date(conf.held_at)), f"{number(n)} ý kiến"]
            else:
                expected = [short_date(rnd.letter_date), f"Công văn số {rnd.letter_number}"]
                if rnd.kind == "written":
                    n = len(
                        s.exec(
                            select(Invitation.id).where(
                                Invitation.round_id == rnd.id,
                                Invitation.answered_at != None,  # noqa: E711
                            )
                        ).all()
                    )
                    expected.append(f"{number(n)} văn bản")
                else:
                    n = sum(
                        s.exec(
                            select(GrassrootsReport.delegates).where(
                                GrassrootsReport.round_id == rnd.id
                            )
                        ).all()
                    )
                    expected.append(f"{number(n)} đại biểu")
            for phrase in expected:
                assert phrase in text, phrase
        directive = _replayed(s)
        assert f"Chỉ thị số {directive.number}" in text
        assert short_date(directive.signed_on) in text
    assert "6.325 đại biểu" in text  # thousands with a dot, never summed with other units


def test_the_past_is_not_mailed_the_live_round_is(replay: Replayed) -> None:
    """The 2023 case is in record mode: no mail for it. The live round opened today (the
    place to try things) sent each invited unit its invitation, delivered to the sink."""
    emls = sorted((replay.out / "mail").glob("*.eml"))
    tried = replay.summary["try"]
    with Session(replay.engine) as s:
        assert _replayed(s).record_mode
        rows = s.exec(select(OutboxMessage)).all()
        assert rows and {r.status for r in rows} == {"sent"}
        assert {r.directive_id for r in rows} == {tried["directive_id"]}
        assert {r.template for r in rows} == {"invitation"}
        assert len(emls) == len(rows) == tried["invited"]
        live = s.get_one(Directive, tried["directive_id"])
        assert not live.record_mode and live.stage == "consulting"
        drafting = s.get_one(Unit, live.drafting_unit_id)
        assert drafting.name != "Ban Dân vận Tỉnh ủy" and tried["letter"].endswith(drafting.symbol)
        rnd = s.get_one(Round, tried["round_id"])
        assert rnd.status == "open" and rnd.deadline and rnd.letter_date
        assert (rnd.deadline - rnd.letter_date).days == 14
        assert rnd.letter_date == local_date(rnd.opened_at)  # dated the day the demo ran
        invited = s.exec(select(Invitation).where(Invitation.round_id == rnd.id)).all()
        assert {r.to_email for r in rows} == {s.get_one(Unit, i.unit_id).email for i in invited}
        emails = {u.email for u in s.exec(select(Unit)).all() if u.email}
        assert all(e.endswith(".binhphuoc.test") for e in emails)
    for path in emls:  # each carries its unit's own link
        message = BytesParser(policy=policy.default).parsebytes(path.read_bytes())
        body = message.get_body(preferencelist=("plain",))
        assert body is not None and replay.settings.base_url + "/" in body.get_content()


def test_the_world_and_the_accounts(replay: Replayed) -> None:
    with Session(replay.engine) as s:
        districts = s.exec(select(Unit).where(Unit.category == "huyen-uy")).all()
        assert sorted(u.name for u in districts) == sorted(d.name for d in data.DISTRICTS)
        # The tree is data of any depth: mass organisations sit under the Front.
        front = s.exec(select(Unit).where(Unit.category == "mat-tran")).one()
        root = s.get(Unit, front.parent_id)
        assert root is not None and root.parent_id is None
        assert s.exec(select(Unit).where(Unit.parent_id == front.id)).all()
        user = login_check(
            s,
            username="thanhtam",
            password=data.DEMO_PASSWORD,
            ip="127.0.0.1",
            now=utcnow(),
            limits=LoginLimits(),
        )
        assert user is not None and user.role == "officer"


def test_a_second_run_duplicates_nothing(replay: Replayed, tmp_path: Path) -> None:
    before = table_counts(replay.engine)
    again = asyncio.run(run_demo(replay.settings, tmp_path / "again"))
    assert table_counts(replay.engine) == before
    assert again == replay.summary
    assert (tmp_path / "again" / "narrative.md").read_text(encoding="utf-8") == (
        replay.out / "narrative.md"
    ).read_text(encoding="utf-8")


def test_every_step_of_the_case_finds_itself_done(replay: Replayed) -> None:
    """What makes an interrupted replay resume: the timeline run again on the finished
    database finds every step done and writes nothing."""
    again = json.loads((replay.out.parent / "again.json").read_text())
    assert again["directive"] == replay.summary["directive"]["id"]
    assert again["after"] == again["before"]
    assert again["before"]["comment"] == replay.summary["comments"]


def test_the_banner_says_where_and_what_to_try(replay: Replayed) -> None:
    """What `make run` prints instead of the JSON: the address, each demo account, the
    mailbox with the live round's letter, and the replayed case's page."""
    tried = replay.summary["try"]
    with Session(replay.engine) as s:
        text = demo_banner(s, "http://127.0.0.1:8000")
    assert "Địa chỉ: http://127.0.0.1:8000" in text
    assert all(f"  {a.username} " in text for a in data.ACCOUNTS)
    assert data.DEMO_PASSWORD in text and "{" not in text  # no JSON any more
    assert f"http://127.0.0.1:8000/mail: {tried['invited']} thư mời" in text
    assert f"Công văn số {tried['letter']}" in text
    assert f"/directives/{replay.summary['directive']['id']}" in text
