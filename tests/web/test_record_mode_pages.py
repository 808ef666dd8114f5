"""Record mode ("nhập hồ sơ đã thực hiện") through the pages: chosen at creation, a banner,
past dates accepted and kept, the close day given by the officer; a live directive refuses
the same past deadline at its field, with what was typed kept."""

from datetime import date

from sqlmodel import select

from models.clock import at_local, local_date
from models.commands.drafts import draft_add
from models.tables import Directive, OutboxMessage, RegisterEntry, Round
from tests.expect import group
from tests.factories import DRAFT_TEXT
from tests.web.officer_kit import make_site, post

LATER = at_local(date(2023, 9, 1), 9)  # the case is entered after it happened


def _new_directive(site, hoa, **extra: str) -> int:
    r = post(
        hoa,
        "/directives/new",
        {"title": "Về công tác dân vận năm 2023", "issuer_id": str(site.world.issuer.id), **extra},
    )
    assert r.status_code == 303, r.text
    did = int(r.headers["location"].rsplit("/", 1)[1])
    site.run(draft_add, directive_id=did, text=DRAFT_TEXT, by="hoa", now=LATER)
    return did


def _open(site, hoa, did: int, **dates: str):
    form = hoa.get(f"/directives/{did}/rounds/new?kind=written")
    key = group(r'name="request_key" value="([0-9a-f]+)"', form.text)
    units = [str(u.id) for u in site.world.units[:2]]
    data = {"kind": "written", "request_key": key, "unit_ids": units, **dates}
    return post(hoa, f"/directives/{did}/rounds/new", data)


def test_record_mode_from_the_pages(engine, session, settings):
    site = make_site(engine, session, settings)
    site.set_now(LATER)
    hoa = site.client("hoa")
    assert "Nhập hồ sơ đã thực hiện" in hoa.get("/directives/new").text

    live = _new_directive(site, hoa)
    refused = _open(site, hoa, live, letter_date="12/7/2023", deadline="27/7/2023")
    assert refused.status_code == 422
    assert "Hạn trả lời phải sau hôm nay" in refused.text
    assert 'value="27/7/2023"' in refused.text and 'value="12/7/2023"' in refused.text
    assert site.all(select(Round.id)) == [] and site.all(select(RegisterEntry.id)) == []
    assert "record-mode-banner" not in hoa.get(f"/directives/{live}").text

    did = _new_directive(site, hoa, record_mode="1")
    assert site.get(Directive, did).record_mode
    assert "record-mode-banner" in hoa.get(f"/directives/{did}").text
    opened = _open(site, hoa, did, letter_date="12/7/2023", deadline="27/7/2023")
    assert opened.status_code == 303, opened.text
    rnd = site.one(select(Round))
    assert (rnd.letter_date, rnd.deadline) == (date(2023, 7, 12), date(2023, 7, 27))
    confirm = hoa.get(f"/rounds/{rnd.id}/close")
    assert 'name="closed_on"' in confirm.text and "record-mode-banner" in confirm.text
    early = post(hoa, f"/rounds/{rnd.id}/close", {"closed_on": "01/7/2023"})
    assert early.status_code == 422 and 'value="01/7/2023"' in early.text
    assert "Ngày kết thúc đợt không được trước" in early.text
    closed = post(hoa, f"/rounds/{rnd.id}/close", {"closed_on": "28/7/2023"})
    assert closed.status_code == 303
    rnd = site.get(Round, rnd.id)
    assert rnd.closed_at is not None and local_date(rnd.closed_at) == date(2023, 7, 28)
    page = hoa.get(f"/directives/{did}").text
    assert "28/7/2023" in page and "12/7/2023" in page
    assert "1/9/2023" not in page.split('class="stepper"')[1].split("</ol>")[0]
    assert site.all(select(OutboxMessage.id)) == []  # nothing mailed for the past
