"""How many statements the two busiest pages send to the database: on PostgreSQL each one is
a round trip, which a page of a big round pays on every load (README, Speed)."""

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlmodel import select

from models.tables import Round
from tests.web.officer_kit import make_site
from tests.web.test_round_comments import _round_with_comments


@contextmanager
def statements(engine) -> Iterator[list[str]]:
    """The SQL statements sent while the block runs (a BEGIN is not a round trip of its own
    on PostgreSQL, so it is left out on both databases)."""
    sent: list[str] = []

    def seen(_conn, _cursor, statement, *_args) -> None:
        if statement.strip().upper() != "BEGIN":
            sent.append(statement)

    event.listen(engine, "before_cursor_execute", seen)
    try:
        yield sent
    finally:
        event.remove(engine, "before_cursor_execute", seen)


def test_the_directive_and_round_pages_read_in_few_statements(engine, session, settings):
    site = make_site(engine, session, settings)
    rid = _round_with_comments(site, 60)
    did = site.one(select(Round.directive_id).where(Round.id == rid))
    hoa = site.client("hoa")
    hoa.get(f"/directives/{did}")  # the first load may run the reactions of the seed
    with statements(engine) as sent:
        page = hoa.get(f"/directives/{did}")
    assert page.status_code == 200 and "60 ý kiến" in page.text
    # The user, the directive, its two units in one, versions, sections, rounds, history,
    # placements, invitation counts, signing, the comments with their decisions (a round this
    # small is shown inline), the next number (term and counter in one), undeliverable mail.
    # The lifecycle facts come from the versions and rounds already read. It was 18.
    assert len(sent) <= 13, "\n".join(sent)
    with statements(engine) as sent:
        page = hoa.get(f"/rounds/{rid}")
    assert page.status_code == 200 and "60 ý kiến" in page.text
    # The user, the round, its directive, the counts per section and unit, the invitations,
    # the sections' order, the page's ids (one query over the sections it spans), its rows,
    # the units' reply files; no conference query for a written round. It was 16.
    assert len(sent) <= 9, "\n".join(sent)
