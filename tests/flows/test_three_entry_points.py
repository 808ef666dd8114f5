"""One path after every command (issue 10, item 2): the same directive story driven through
the officer pages, the /api/v1 API and the CLI leaves the same records, the same events each
reacted to once, the same documents and the same mail."""

import time

import pytest

from notifications.sink import MailSink
from tests.flows.scenario_kit import (
    TITLE,
    fresh_engine,
    picture,
    received,
    story,
    through_api,
    through_cli,
    through_pages,
)

pytestmark = pytest.mark.xdist_group("prefect")


@pytest.fixture(params=["sqlite", "postgres"])
def db(request):
    return request.param


def _drive(db, request, tmp_path, settings, monkeypatch, how):
    run = tmp_path / how.__name__
    engine = fresh_engine(db, run / "db", lambda: request.getfixturevalue("pg_engine"))
    settings = settings.model_copy(update={"data_dir": run / "data"})
    started = time.monotonic()
    try:
        with MailSink() as sink, story(engine, settings, sink) as s:
            if how is through_cli:
                how(s, monkeypatch, run)
            else:
                how(s)
            s.drain()
            return picture(s), received(sink)
    finally:
        print(f"{how.__name__} on {db}: {time.monotonic() - started:.1f} s")
        if db == "sqlite":
            engine.dispose()


def _first_difference(got, want):
    """Where two pictures of a part first differ (a readable failure), or None."""
    if got == want:
        return None
    if isinstance(got, list) and isinstance(want, list) and len(got) == len(want):
        for i, (a, b) in enumerate(zip(got, want, strict=True)):
            if a != b:
                if isinstance(a, dict) and isinstance(b, dict):
                    keys = a.keys() | b.keys()
                    return i, {k: (a.get(k), b.get(k)) for k in keys if a.get(k) != b.get(k)}
                return i, a, b
    return got, want


def test_pages_api_and_cli_leave_the_same_records(
    prefect_harness, db, request, tmp_path, settings, monkeypatch
):
    started = time.monotonic()
    results = {
        how.__name__: _drive(db, request, tmp_path, settings, monkeypatch, how)
        for how in (through_pages, through_api, through_cli)
    }
    elapsed = time.monotonic() - started
    (pages, mail), api, cli = (
        results["through_pages"],
        results["through_api"],
        results["through_cli"],
    )
    # The story went the whole way, and every reaction ran once.
    directive = pages["directive"][0]
    assert (directive["title"], directive["stage"], directive["number"]) == (
        TITLE,
        "issued",
        "22-CT/TU",
    )
    assert [r["status"] for r in pages["round"]] == ["closed"]
    assert sorted(i["status"] for i in pages["invitation"]) == ["answered", "answered", "overdue"]
    assert len(pages["disposition"]) == 2 and len(pages["signing"]) == 1
    assert pages["commentgroupmember"], "the close grouped no comment: nothing to compare"
    assert pages["unreacted"] == [] and all(n == 1 for *_, n in pages["reactions"])
    assert {e[0] for e in pages["events"]} >= {
        "round.opened",
        "round.closed",
        "directive.submitted",
        "directive.signed",
        "directive.issued",
    }
    assert any(name.endswith(".docx") for name in pages["documents"])
    assert any("tong-hop" in name for name in pages["documents"]), pages["documents"]
    assert mail and {r["status"] for r in pages["outboxmessage"]} == {"sent"}

    for name, other in (("api", api), ("cli", cli)):
        got, inbox = other
        differ = {part: _first_difference(got[part], pages[part]) for part in pages}
        differ = {k: v for k, v in differ.items() if v}
        assert not differ, (name, differ)
        assert inbox == mail, name
    print(f"three runs on {db}: {elapsed:.1f} s")
