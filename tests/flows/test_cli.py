"""Scripting a directive from the shell: the CLI calls the same commands and flows."""

import re

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from duthao.cli import app
from flows import runtime
from models.db import make_engine
from models.tables import Directive, Invitation, OutboxMessage, Round

pytestmark = pytest.mark.xdist_group("prefect")


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_scripts_a_round(prefect_harness, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DUTHAO_SECRET_KEY", "cli-test-secret")
    runner = CliRunner()
    run(runner, "migrate")
    run(runner, "term", "2020 - 2025", "--starts", "01/10/2020", "--ends", "30/9/2025")
    overlap = runner.invoke(app, ["term", "X", "--starts", "01/01/2021", "--ends", "01/01/2022"])
    assert overlap.exit_code == 1 and "Trùng với nhiệm kỳ" in overlap.output
    run(runner, "unit", "add", "Tỉnh ủy Bình Phước", "--symbol", "TU")
    run(runner, "unit", "add", "Ban Dân vận Tỉnh ủy", "--symbol", "BDVTU", "--parent-id", "1")
    run(runner, "unit", "add", "Huyện ủy Lộc Ninh", "--email", "hu.locninh@binhphuoc.test")
    assert "Huyện ủy Lộc Ninh" in run(runner, "unit", "list")
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
    )
    did = re.search(r"#(\d+)", out).group(1)  # type: ignore[union-attr]
    draft = tmp_path / "du-thao.txt"
    draft.write_text("I. TÌNH HÌNH\nNội dung.\nII. NHIỆM VỤ\n1. Nắm chắc địa bàn.", "utf-8")
    assert "lần 1" in run(runner, "directive", "draft", did, "--file", str(draft))
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
    )
    assert "490-CV/BDVTU" in out

    # A refused action prints its Vietnamese reason and exits 1, changing nothing.
    refused = runner.invoke(app, ["directive", "advance", did, "finalise"])
    assert refused.exit_code == 1 and "Đang có một đợt lấy ý kiến mở" in refused.output

    run(runner, "round", "close", "1")
    assert "trước đó" in run(runner, "round", "close", "1")  # idempotent flow
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'duthao.sqlite3'}")
    with Session(engine) as s:
        assert s.exec(select(Directive.stage)).one() == "drafting"
        assert s.exec(select(Round.status)).one() == "closed"
        assert s.exec(select(Invitation.status)).one() == "overdue"
        invite = s.exec(select(OutboxMessage).where(OutboxMessage.template == "invitation")).one()
        assert invite.to_email == "hu.locninh@binhphuoc.test"
    engine.dispose()
    runtime._current = None
