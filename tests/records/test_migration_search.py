"""Revision 0016 on a database with comments and a grassroots round: the comments stored
before it are found by a search (their folded column is backfilled), and the grassroots
round keeps the levels by place it was reported by."""

import unicodedata

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlmodel import Session, col, select

from models.commands.answers import comment_save
from models.commands.rounds import round_open
from models.db import make_engine
from models.ids import id_of
from models.levels import GEOGRAPHIC
from models.migrate import alembic_config, downgrade, upgrade
from models.tables import Round
from models.tokens import Links
from tests.conftest import T0
from tests.factories import directive_with_draft, world
from tests.records.test_migrations import empty_url  # noqa: F401  (the fixture: both databases)

LINKS = Links(base_url="http://duthao.test", secret="test-secret")


def test_existing_comments_and_rounds_are_backfilled(empty_url: str) -> None:  # noqa: F811
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with Session(engine, expire_on_commit=False) as s:
        w = world(s, T0)
        units = [u for u in w.units if u.email]
        written = round_open(
            s,
            directive_id=directive_with_draft(s, w, T0),
            kind="written",
            unit_ids=[id_of(u) for u in units],
            by="test",
            now=T0,
            links=LINKS,
        )
        token = written.tokens[id_of(units[0])]
        decomposed = unicodedata.normalize("NFD", "Đề nghị bổ sung")
        comment_save(s, raw_token=token, position="disagree", text=decomposed, now=T0)
        round_open(
            s,
            directive_id=directive_with_draft(s, w, T0),
            kind="grassroots",
            unit_ids=[id_of(units[0])],
            by="test",
            now=T0,
            links=LINKS,
        )
    engine.dispose()
    # Back to the revision before, where neither column exists, and up again: the backfill.
    before = ScriptDirectory.from_config(alembic_config(empty_url)).get_revision("0016")
    assert isinstance(before.down_revision, str)
    downgrade(empty_url, before.down_revision)
    upgrade(empty_url)
    engine = make_engine(empty_url)
    with engine.connect() as conn:
        assert conn.execute(text("SELECT search_text FROM comment")).scalar_one() == (
            "de nghi bo sung"
        )
    with Session(engine) as s:
        levels = s.exec(select(Round.kind, Round.levels).order_by(col(Round.id))).all()
    engine.dispose()
    assert levels == [("written", None), ("grassroots", list(GEOGRAPHIC))]
