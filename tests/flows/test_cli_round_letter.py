"""`duthao round open` chooses the letter as the round form does: the issuing body, its
signer on record, saved groups and the copies (issue 11, item 2). The reactions are not
drained here (tests/flows/test_cli.py runs them): only what the command records."""

from datetime import timedelta

from sqlmodel import Session, select
from typer.testing import CliRunner

import duthao.wiring
from duthao.cli import app
from models.clock import local_date, utcnow
from models.commands.letters import group_save
from models.commands.users import user_create
from models.db import create_all, make_engine
from models.ids import id_of
from models.tables import Invitation, Round, Term
from tests.documents.test_letters import WRITTEN, bloc

PASSWORD = "Bến Tre, mùa nước nổi: năm con thuyền"


def test_round_open_takes_issuer_signer_groups_and_copies(tmp_path, monkeypatch):
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DUTHAO_SECRET_KEY", "cli-letter-secret")
    monkeypatch.setattr(duthao.wiring, "drain_inline", lambda *a, **k: 0)
    engine = make_engine(f"sqlite:///{(tmp_path / 'data' / 'duthao.sqlite3')}")
    create_all(engine)
    with Session(engine, expire_on_commit=False) as session:
        b = bloc(session)
        today = local_date(utcnow())
        session.add(
            Term(
                name="Hiện tại",
                starts_on=today - timedelta(days=30),
                ends_on=today + timedelta(days=900),
            )
        )
        session.commit()
        group = group_save(
            session,
            owner_id=id_of(b.department),
            name="Các chi ủy, đảng ủy cơ sở",
            unit_ids=[id_of(u) for u in b.cells],
            by="test",
            now=WRITTEN,
        )
        user_create(
            session,
            username="an",
            password=PASSWORD,
            full_name="Nguyễn Văn An",
            unit_id=id_of(b.department),
            by="test",
            now=WRITTEN,
        )
    deadline = (today + timedelta(days=10)).strftime("%d/%m/%Y")
    result = CliRunner().invoke(
        app,
        [
            "round",
            "open",
            str(b.directive_id),
            "--deadline",
            deadline,
            "--issuer",
            str(id_of(b.committee)),
            "--signer",
            str(id_of(b.signer)),
            "--group",
            str(id_of(group)),
            "--copies",
            "Thường trực Tỉnh ủy (để báo cáo)",
            "--copies",
            "Lưu VT",
            "--by",
            "an",
        ],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "-CV/ĐUK" in result.output
    with Session(engine) as session:
        rnd = session.exec(select(Round)).one()
        assert rnd.issuer_id == id_of(b.committee)
        assert rnd.signer_name == "Nguyễn Văn An"
        assert rnd.signer_id == id_of(b.signer)
        assert rnd.addressees == ["Các chi ủy, đảng ủy cơ sở"]
        assert "Lưu VT" in rnd.copies
        invited = session.exec(select(Invitation.unit_id)).all()
        assert sorted(invited) == sorted(id_of(u) for u in b.cells)
    engine.dispose()
