"""The CLI edits a unit's validity and reorganises units as the pages do: same commands,
same refusals (another body's unit answers as a missing one)."""

from datetime import date

import pytest
from sqlmodel import Session, select
from typer.testing import CliRunner

from duthao.cli import app
from models.db import make_engine
from models.tables import AuditEvent, Unit

pytestmark = pytest.mark.xdist_group("prefect")
PASSWORD = "Sơn Long, mùa khô 2025: chín cây điều"


def run(runner: CliRunner, *args: str) -> str:
    result = runner.invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_cli_edits_validity_and_reorganises(prefect_harness, tmp_path, monkeypatch):
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("DUTHAO_SECRET_KEY", "cli-test-secret")
    runner = CliRunner()
    run(runner, "migrate")
    run(runner, "user", "create", "quantri", "--role", "admin", "--password", PASSWORD)
    admin = ("--by", "quantri")
    run(runner, "unit", "add", "Tỉnh ủy Sơn Long", "--symbol", "TU", *admin)  # 1
    run(runner, "unit", "add", "Ban Dân vận", "--parent-id", "1", *admin)  # 2
    run(runner, "user", "create", "canbo", "--unit-id", "2", "--password", PASSWORD)
    run(runner, "unit", "add", "Ban Tổ chức", "--parent-id", "1", *admin)  # 3
    run(runner, "user", "create", "khac", "--unit-id", "3", "--password", PASSWORD)
    mine = ("--by", "canbo")
    run(runner, "unit", "add", "Huyện ủy Sơn Thượng", "--parent-id", "1", *mine)  # 4
    run(runner, "unit", "add", "Huyện ủy Sơn Hạ", "--parent-id", "1", *mine)  # 5

    bad = runner.invoke(
        app, ["unit", "edit", "4", "--valid-from", "01/07/2025", "--valid-to", "30/06/2025", *mine]
    )
    assert bad.exit_code == 1 and "Ngày hết hiệu lực phải cùng hoặc sau" in bad.output
    run(runner, "unit", "edit", "4", "--valid-from", "01/01/2020", *mine)
    other = runner.invoke(
        app,
        ["unit", "reorganise", "4", "5", "--on", "01/07/2025", "--new-name", "X", "--by", "khac"],
    )
    assert other.exit_code == 1 and "Không tìm thấy đơn vị #4." in other.output
    out = run(
        runner,
        "unit",
        "reorganise",
        "4",
        "5",
        "--on",
        "01/07/2025",
        "--new-name",
        "Đảng ủy xã Sơn Long",
        "--new-parent-id",
        "1",
        *mine,
    )
    assert "Huyện ủy Sơn Thượng, Huyện ủy Sơn Hạ → #6 Đảng ủy xã Sơn Long" in out
    run(runner, "unit", "edit", "5", "--successor-id", "0", "--valid-to", "", *mine)
    engine = make_engine(f"sqlite:///{tmp_path / 'data' / 'duthao.sqlite3'}")
    with Session(engine) as s:
        u4, u5, u6 = (s.get(Unit, i) for i in (4, 5, 6))
        assert u4 and u5 and u6
        assert (u4.valid_from, u4.valid_to, u4.successor_id) == (
            date(2020, 1, 1),
            date(2025, 6, 30),
            6,
        )
        assert (u5.valid_to, u5.successor_id) == (None, None)  # cleared again
        assert u6.valid_from == date(2025, 7, 1) and u6.owner_id == 2
        entries = s.exec(select(AuditEvent).where(AuditEvent.action == "unit.reorganise")).all()
        assert [e.actor for e in entries] == ["canbo"]
    engine.dispose()
