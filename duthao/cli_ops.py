"""Operations commands for the distributed topology: `deploy`, `worker`, `flow-run`.

Prefect reads its own environment (PREFECT_API_URL, ...); these commands refuse to run
without a server, because Prefect would otherwise start a throwaway ephemeral one.
Prefect is imported inside the commands, after `prefect_environment` has set PREFECT_HOME.
"""

import asyncio
import runpy
import sys
from uuid import UUID

import typer

from flows.runtime import prefect_environment
from models.settings import Settings
from web.log_masking import install_log_masking

POOL = typer.Option("duthao", "--pool", help="Work pool (loại process) của Prefect.")


def _settings() -> Settings:
    """Also masks unit paths in this process's logs (a worker logs its flow runs)."""
    settings = Settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    prefect_environment(settings)
    install_log_masking()
    return settings


def _require_env(name: str, message: str) -> None:
    """Prefect's own setting (environment or Prefect profile) must be set."""
    from prefect.settings import get_current_settings

    if not get_current_settings().to_environment_variables(exclude_unset=True).get(name):
        typer.secho(f"Chưa đặt {name}: {message}", fg=typer.colors.RED, err=True)
        raise typer.Exit(2)


def _require_server() -> None:
    _require_env(
        "PREFECT_API_URL",
        "chế độ phân tán cần một Prefect server (ví dụ http://prefect-server:4200/api).",
    )


def deploy(
    pool: str = POOL,
    sweep_cron: str = typer.Option("* * * * *", help="Lịch quét định kỳ (cron)."),
    wait: float = typer.Option(60.0, help="Chờ Prefect server tối đa bao nhiêu giây."),
) -> None:
    """Đăng ký mọi flow thành deployment trên Prefect server (chạy lại nhiều lần được)."""
    _settings()
    _require_server()
    from flows.deployments import register, wait_for_api

    async def run() -> dict[str, UUID]:
        await wait_for_api(wait)
        return await register(pool, sweep_cron)

    try:
        ids = asyncio.run(run())
    except RuntimeError as exc:
        typer.secho(str(exc), fg=typer.colors.RED, err=True)
        raise typer.Exit(1) from exc
    for name, deployment_id in ids.items():
        typer.echo(f"{name}/{name}  {deployment_id}")
    typer.echo(f"Đã đăng ký {len(ids)} deployment trên work pool “{pool}”.")


def worker(
    pool: str = POOL,
    limit: int = typer.Option(4, help="Số flow chạy cùng lúc tối đa trên worker này."),
    name: str = typer.Option("", help="Tên worker (mặc định: ngẫu nhiên)."),
    healthcheck: bool = typer.Option(
        False, help="Mở cổng kiểm tra sức khỏe (PREFECT_WORKER_WEBSERVER_PORT, mặc định 8080)."
    ),
) -> None:
    """Chạy một Prefect worker lấy flow từ work pool (như `prefect worker start --pool`)."""
    _settings()
    _require_server()
    from prefect.workers.process import ProcessWorker

    async def run() -> None:
        process_worker = ProcessWorker(work_pool_name=pool, limit=limit, name=name or None)
        await process_worker.start(with_healthcheck=healthcheck)

    asyncio.run(run())


def _scheduler_fix() -> None:
    """Prefect 3.8's scheduler bulk-inserts flow runs with a `state` key, which maps to a
    hybrid property; SQLAlchemy 2.0 ignored such keys, 2.1 refuses them ("Can't evaluate
    bulk DML statement"), so no scheduled run was ever created. Dropping the key again is
    what 2.0 did: Prefect inserts the states itself right after."""
    from prefect.server.database import orm_models

    def drop_state(_cls: object, mapping: dict[str, object], _value: object) -> None:
        mapping.pop("state", None)

    for model in (orm_models.FlowRun, orm_models.TaskRun):
        hybrid = model.__dict__["state"]
        if getattr(hybrid, "bulk_dml_setter", None) is None and hasattr(hybrid, "inplace"):
            hybrid.inplace.bulk_dml(drop_state)


def prefect_server(
    host: str = typer.Option("127.0.0.1", help="Địa chỉ lắng nghe."),
    port: int = typer.Option(4200, help="Cổng."),
) -> None:
    """Chạy Prefect server (như `prefect server start`), kèm bản vá lịch chạy định kỳ."""
    _settings()
    _require_env(
        "PREFECT_SERVER_DATABASE_CONNECTION_URL",
        "(hoặc PREFECT_API_DATABASE_CONNECTION_URL) Prefect server cần cơ sở dữ liệu "
        "PostgreSQL riêng (postgresql+asyncpg://...).",
    )
    _scheduler_fix()
    from prefect.cli import app as prefect_cli

    sys.argv = ["prefect", "server", "start", "--host", host, "--port", str(port)]
    prefect_cli()


def flow_run() -> None:
    """Run one flow run in this process, wired like the app (the worker starts this)."""
    settings = _settings()
    from duthao.wiring import flow_extras
    from flows.runtime import configure

    configure(settings, **flow_extras(settings))
    # prefect.engine reads the run id from argv[1] or PREFECT__FLOW_RUN_ID (set by the worker).
    sys.argv = [sys.argv[0]]
    runpy.run_module("prefect.engine", run_name="__main__", alter_sys=True)


def register(app: typer.Typer) -> None:
    """Add the operations commands to the main `duthao` app."""
    app.command()(deploy)
    app.command()(worker)
    app.command("prefect-server")(prefect_server)
    app.command("flow-run", hidden=True)(flow_run)
