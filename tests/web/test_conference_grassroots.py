"""The conference page (opinions appended without reload, minutes) and the grassroots table."""

from datetime import date

from sqlmodel import select

from models.clock import at_local
from models.commands.grassroots import report_submit
from models.tables import (
    Comment,
    Conference,
    GrassrootsReport,
    Invitation,
    OutboxMessage,
    Round,
    User,
)
from tests.expect import group
from tests.factories import directive_with_draft
from tests.links import unit_token
from tests.web.officer_kit import NOW, hx_post, make_site, post
from tests.web.test_unit_support import bearer


def _open(site, hoa, did, kind, data):
    form = hoa.get(f"/directives/{did}/rounds/new?kind={kind}")
    key = group(r'name="request_key" value="([0-9a-f]+)"', form.text)
    return post(hoa, f"/directives/{did}/rounds/new", {"kind": kind, "request_key": key, **data})


def test_conference_records_opinions_and_closes_with_minutes(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    units = site.world.units
    bad = _open(
        site, hoa, did, "conference", {"held_at": "04/8/2023", "unit_ids": [str(units[0].id)]}
    )
    assert bad.status_code == 422 and "địa điểm" in bad.text and 'value="04/8/2023"' in bad.text
    r = _open(
        site,
        hoa,
        did,
        "conference",
        {
            "held_at": "04/8/2023",
            "held_time": "08:00",
            "place": "Hội trường Tỉnh ủy",
            "chair": "Huỳnh Thị Hằng",
            "unit_ids": [str(u.id) for u in units],
        },
    )
    assert r.status_code == 303 and r.headers["location"].endswith("/conference")
    rid = site.one(select(Round.id))
    assert f"/rounds/{rid}/conference#close" in hoa.get(f"/directives/{did}").text
    page = hoa.get(f"/rounds/{rid}/conference")
    assert "08:00 04/8/2023" in page.text and "Hội trường Tỉnh ủy" in page.text

    row = hx_post(
        hoa,
        f"/rounds/{rid}/opinions",
        {
            "speaker": "Nguyễn Văn Bình",
            "speaker_title": "Trưởng ban",
            "unit_id": str(units[2].id),
            "position": "agree_with_comments",
            "text": "Đề nghị làm rõ trách nhiệm của <b>Mặt trận</b>.",
        },
    )
    assert row.status_code == 200 and row.headers["HX-Trigger"] == "conference.opinion-recorded"
    assert row.text.lstrip().startswith('<tr id="opinion-')
    assert "&lt;b&gt;Mặt trận&lt;/b&gt;" in row.text and units[2].name in row.text
    missing = hx_post(hoa, f"/rounds/{rid}/opinions", {"speaker": "", "text": "Nội dung"})
    assert missing.status_code == 422 and missing.headers["HX-Retarget"] == "#messages"
    assert "người phát biểu" in missing.text
    plain = post(
        hoa,
        f"/rounds/{rid}/opinions",
        {"speaker": "Trần Thị Mai", "position": "agree", "text": "Tán thành."},
    )
    assert plain.status_code == 303
    plain_bad = post(hoa, f"/rounds/{rid}/opinions", {"speaker": "Lê Văn C", "text": ""})
    assert plain_bad.status_code == 422 and 'value="Lê Văn C"' in plain_bad.text
    assert len(site.all(select(Comment))) == 2

    assert post(hoa, f"/rounds/{rid}/attendance", {"attendees": "1.250"}).status_code == 303
    assert site.one(select(Conference.attendees)) == 1250
    site.set_now(at_local(date(2023, 8, 4), 11, 45))  # a conference closes once held
    hoa = site.client("hoa")  # signed in again: three weeks on, the session has expired
    closed = post(
        hoa,
        f"/rounds/{rid}/conference/close",
        {"attendees": "1250", "ended_time": "11:30", "conclusion": "Cơ quan soạn thảo tiếp thu."},
    )
    assert closed.status_code == 303
    assert site.one(select(Round.status)) == "closed"
    conf = site.one(select(Conference))
    assert conf.conclusion == "Cơ quan soạn thảo tiếp thu." and conf.ended_at is not None
    docs = [r for r in site.reactions() if r.flow == "render-documents"]
    assert docs[-1].params["families"] == [
        f"letter:{rid}",
        f"minutes:{rid}",
        "synthesis",
        "report",
        "submission",
    ]
    after = hoa.get(f"/rounds/{rid}/conference")
    assert 'id="opinion-form"' not in after.text and "Cơ quan soạn thảo tiếp thu." in after.text


def test_grassroots_table_totals_and_paper_report(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    form = hoa.get(f"/directives/{did}/rounds/new?kind=grassroots")
    districts = [u for u in site.world.units if u.category == "huyen-uy"]
    for u in districts:  # nothing is ticked by default, district committees neither
        assert f'value="{u.id}" checked' not in form.text and f'value="{u.id}"' in form.text
    r = _open(
        site,
        hoa,
        did,
        "grassroots",
        {"deadline": "30/8/2023", "unit_ids": [str(u.id) for u in districts]},
    )
    assert r.status_code == 303
    rid = site.one(select(Round.id))
    links = {m.to_name: unit_token(engine, m, settings) for m in site.all(select(OutboxMessage))}
    site.run(
        report_submit,
        raw_token=links[districts[0].name],
        meetings={"Thôn, ấp, khu phố": 112, "Xã, phường, thị trấn": 15},
        delegates=4321,
        summary="Nhân dân đồng tình.",
        now=NOW,
    )
    inv = site.one(select(Invitation).where(Invitation.unit_id == districts[1].id))
    bad = post(hoa, f"/invitations/{inv.id}/report", {"m0": "abc", "m1": "3", "delegates": "2004"})
    assert bad.status_code == 422 and 'value="2004"' in bad.text and "số nguyên" in bad.text
    ok = post(
        hoa,
        f"/invitations/{inv.id}/report",
        {
            "m0": "90",
            "m1": "11",
            "delegates": "2.004",
            "summary": "Báo cáo giấy.",
            "extra_level": "Cơ quan, đơn vị",
            "extra_count": "4",
        },
    )
    assert ok.status_code == 303
    assert (
        site.one(
            select(GrassrootsReport).where(GrassrootsReport.unit_id == districts[1].id)
        ).entered_by
        == "hoa"
    )
    table = hoa.get(f"/rounds/{rid}/grassroots").text
    total_row = table.split("<tfoot>")[1]
    assert "6.325" in total_row  # 4.321 + 2.004 delegates, "." for thousands
    assert "202" in total_row and "26" in total_row and "Cơ quan, đơn vị" in table
    assert "bản giấy, hoa nhập" in table
    # The API twin reads the same totals: per level, delegates, reports in arrival order.
    auth = bearer(session, site.one(select(User.id).where(User.username == "hoa")))
    api = hoa.get(f"/api/v1/rounds/{rid}/reports", headers=auth).json()
    assert api["delegates_total"] == 6325 and api["meetings_total"] == {
        "Thôn, ấp, khu phố": 202,
        "Xã, phường, thị trấn": 26,
        "Cơ quan, đơn vị": 4,
    }
    assert [r["unit_name"] for r in api["reports"]] == [districts[0].name, districts[1].name]
    assert '<th class="num">4</th>' in total_row  # the page's total for the added level


def test_conference_moves_then_is_cancelled(engine, session, settings):
    site = make_site(engine, session, settings)
    did = site.run(directive_with_draft, w=site.world, now=NOW)
    hoa = site.client("hoa")
    units = site.world.units
    _open(
        site,
        hoa,
        did,
        "conference",
        {
            "held_at": "04/8/2023",
            "held_time": "08:00",
            "place": "Hội trường Tỉnh ủy",
            "unit_ids": [str(u.id) for u in units[:2]],
        },
    )
    rid = site.one(select(Round.id))
    bad = post(
        hoa,
        f"/rounds/{rid}/conference/move",
        {"held_date": "31/02/2023", "held_time": "14:00", "place": "Phòng họp B"},
    )
    assert bad.status_code == 422 and "Ngày không hợp lệ" in bad.text
    assert site.one(select(Conference)).place == "Hội trường Tỉnh ủy"  # nothing changed

    moved = post(
        hoa,
        f"/rounds/{rid}/conference/move",
        {"held_date": "07/8/2023", "held_time": "14:00", "place": "Phòng họp B"},
    )
    assert moved.status_code == 303
    conf = site.one(select(Conference))
    assert conf.place == "Phòng họp B" and conf.held_at.isoformat() == "2023-08-07T07:00:00+00:00"
    again = post(
        hoa,
        f"/rounds/{rid}/conference/move",  # a double click notifies once
        {"held_date": "07/8/2023", "held_time": "14:00", "place": "Phòng họp B"},
    )
    assert again.status_code == 303
    post(hoa, f"/rounds/{rid}/conference/cancel", {})
    notices = site.all(
        select(OutboxMessage).where(OutboxMessage.key.startswith(f"conference:{rid}:"))
    )
    methods = sorted(m.context["ics_method"] for m in notices)
    assert methods == ["CANCEL", "CANCEL", "REQUEST", "REQUEST"]
    assert {m.to_email for m in notices} == {u.email for u in units[:2]}
    assert site.flows().count("deliver-outbox") >= 1
