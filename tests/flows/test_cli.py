"""Scripting a directive from the shell: the CLI calls the same commands and flows, as an
account checked against the same policy table as the pages (`--by USERNAME`)."""

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from duthao.cli import app
from flows import runtime
from models.db import make_engine
from models.tables import Directive, Invitation, OutboxMessage, Round, Unit
from tests.expect import group, stored

pytestmark = pytest.mark.xdist_group("prefect")
PASSWORD = "Lộc Ninh, mùa mưa 2023: bảy chiếc lá"  # long and uncommon: any password rule holds


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_scripts_a_round(prefect_harness, tmp_path, monkeypatch):
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DUTHAO_SECRET_KEY", "cli-test-secret")
    runner = CliRunner()
    run(runner, "migrate")
    run(runner, "term", "2020 - 2025", "--starts", "01/10/2020", "--ends", "30/9/2025")
    overlap = runner.invoke(app, ["term", "X", "--starts", "01/01/2021", "--ends", "01/01/2022"])
    assert overlap.exit_code == 1 and "Trùng với nhiệm kỳ" in overlap.output
    # The first administrator, then the shared units it sets up (no owner: admins edit them).
    run(runner, "user", "create", "quantri", "--role", "admin", "--password", PASSWORD)
    admin = ("--by", "quantri")
    run(runner, "unit", "add", "Tỉnh ủy Bình Phước", "--symbol", "TU", *admin)
    run(
        runner,
        "unit",
        "add",
        "Ban Dân vận Tỉnh ủy",
        "--symbol",
        "BDVTU",
        "--parent-id",
        "1",
        *admin,
    )
    run(runner, "unit", "add", "Huyện ủy Lộc Ninh", "--email", "hu.locninh@binhphuoc.test", *admin)
    assert "Huyện ủy Lộc Ninh" in run(runner, "unit", "list", *admin)
    nobody = runner.invoke(app, ["unit", "add", "Đơn vị lạ", "--by", "khongco"])
    assert nobody.exit_code == 1 and "Không có tài khoản “khongco”" in nobody.output
    out = run(
        runner,
        "directive",
        "create",
        "Tăng cường nắm tình hình Nhân dân",
        "--issuer-id",
        "1",
        "--drafting-unit-id",
        "2",
        "--assignment-number",
        "1704-TB/TU",
        "--assignment-date",
        "04/7/2023",
        "--record-mode",  # the 2023 case, entered now: its past letter and deadline are kept
        *admin,
    )
    assert "nhập hồ sơ đã thực hiện" in out
    did = group(r"#(\d+)", out)
    draft = tmp_path / "du-thao.txt"
    draft.write_text("I. TÌNH HÌNH\nNội dung.\nII. NHIỆM VỤ\n1. Nắm chắc địa bàn.", "utf-8")
    assert "lần 1" in run(runner, "directive", "draft", did, "--file", str(draft), *admin)
    out = run(
        runner,
        "round",
        "open",
        did,
        "--unit",
        "3",
        "--letter-number",
        "490-CV/BDVTU",
        "--letter-date",
        "12/7/2023",
        *admin,
    )
    assert "490-CV/BDVTU" in out

    # A refused action prints its Vietnamese reason and exits 1, changing nothing.
    refused = runner.invoke(app, ["directive", "advance", did, "finalise", *admin])
    assert refused.exit_code == 1 and "Đang có một đợt lấy ý kiến mở" in refused.output

    # An officer of another body: the directive, its round and the shared unit answer as
    # missing ones, worded as for ids that do not exist; nothing changes.
    run(runner, "unit", "add", "Ban Tổ chức Tỉnh ủy", "--parent-id", "1", *admin)
    run(runner, "user", "create", "canbo.btc", "--unit-id", "4", "--password", PASSWORD)
    btc = ("--by", "canbo.btc")
    for argv, missing in [
        (["round", "close", "1", *btc], "Không tìm thấy đợt lấy ý kiến #1."),
        (
            ["directive", "advance", did, "finalise", *btc],
            f"Không tìm thấy dự thảo chỉ thị #{did}.",
        ),
        (["unit", "edit", "3", "--email", "x@la.test", *btc], "Không tìm thấy đơn vị #3."),
        (["unit", "edit", "99", "--email", "x@la.test", *btc], "Không tìm thấy đơn vị #99."),
    ]:
        refused = runner.invoke(app, argv)
        assert refused.exit_code == 1 and missing in refused.output, (argv, refused.output)
    assert "Tăng cường" not in run(runner, "directive", "list", *btc)
    # Its own unit it edits; a leader reads the directive but does not close the round.
    run(runner, "unit", "add", "Chi bộ Ban Tổ chức", "--parent-id", "4", *btc)
    assert "chibo@btc.test" in run(runner, "unit", "edit", "5", "--email", "chibo@btc.test", *btc)
    run(runner, "user", "create", "lanhdao", "--role", "leader", "--password", PASSWORD)
    leader = runner.invoke(app, ["round", "close", "1", "--by", "lanhdao"])
    assert leader.exit_code == 1 and "Vai trò lãnh đạo không được" in leader.output
    assert "Tăng cường" in run(runner, "directive", "list", "--by", "lanhdao")

    run(runner, "round", "close", "1", *admin)
    assert "trước đó" in run(runner, "round", "close", "1", *admin)  # idempotent flow
    # Leaders sign: the drafting body's own officer may not record a signing.
    run(runner, "user", "create", "canbo.bdv", "--unit-id", "2", "--password", PASSWORD)
    sign = ["directive", "sign", did, "--signed-on", "12/10/2023", "--signer-title", "Phó Bí thư"]
    signed = runner.invoke(app, [*sign, "--signer-name", "Huỳnh Thị Hằng", "--by", "canbo.bdv"])
    assert signed.exit_code == 1
    assert "Vai trò cán bộ soạn thảo không được ghi nhận ký chỉ thị." in signed.output
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'duthao.sqlite3'}")
    with Session(engine) as s:
        assert s.exec(select(Directive.stage)).one() == "drafting"
        assert s.exec(select(Round.status)).one() == "closed"
        assert s.exec(select(Invitation.status)).one() == "overdue"
        assert s.exec(select(OutboxMessage)).all() == []  # record mode: nothing mailed
        assert stored(s, Unit, 3).email == "hu.locninh@binhphuoc.test"
        assert stored(s, Unit, 5).owner_id == 4
    engine.dispose()
    runtime._current = None


def test_react_drains_what_another_process_left(prefect_harness, tmp_path, monkeypatch):
    """`duthao react`: an event a process stored and never reacted to (it died before its
    drain) is reacted to once; a second run finds nothing."""
    from models.db import session_scope
    from models.event_log import record
    from models.events import DirectiveSubmitted
    from models.tables import ReactionRun, StoredEvent
    from tests.conftest import T0
    from tests.factories import directive_with_draft, world

    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DUTHAO_SECRET_KEY", "cli-test-secret")
    runner = CliRunner()
    run(runner, "migrate")
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'duthao.sqlite3'}")
    try:
        with session_scope(engine) as s:
            did = directive_with_draft(s, world(s, T0), T0)
            record(s, [DirectiveSubmitted(directive_id=did, at=T0)])
            s.commit()
        assert "Đã xử lý 1 sự kiện." in run(runner, "react")
        assert "Đã xử lý 0 sự kiện." in run(runner, "react")
        with Session(engine) as s:
            assert s.exec(select(StoredEvent.reacted_at)).one() is not None
            runs = s.exec(select(ReactionRun.flow)).all()
        assert runs == ["render-documents"]  # once, as the reactions table says
    finally:
        engine.dispose()
        runtime._current = None
