"""The FastAPI application factory: settings in, app out (tests build their own)."""

import asyncio
import contextlib
import importlib
import logging
import pkgutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles
from sqlalchemy.engine import Engine
from starlette.middleware.sessions import SessionMiddleware

from flows import runtime
from flows.drainer import Drainer, Reactor, Runner, runner_for
from flows.sweep import sweep_flow
from models.db import make_engine
from models.settings import Settings
from web import api_docs, errors
from web.admission import admission_for
from web.body_limit import BodyLimit
from web.headers import SecurityHeaders
from web.templating import make_templates

SWEEP_STOP_SECONDS = 30.0
log = logging.getLogger("duthao.web")
# What each group of /api/v1 does, for integrators reading /openapi.json or /api/docs.
API_TAGS = [
    {"name": "Xác thực", "description": "Cấp mã truy cập (Bearer) từ tên đăng nhập và mật khẩu."},
    {
        "name": "Dự thảo chỉ thị",
        "description": "Tạo dự thảo, thêm bản dự thảo, chuyển giai đoạn, ký và ban hành.",
    },
    {
        "name": "Đợt lấy ý kiến",
        "description": "Mở, gia hạn, kết thúc đợt; lời mời; hội nghị; báo cáo cơ sở.",
    },
    {
        "name": "Ý kiến góp ý",
        "description": "Danh sách ý kiến có lọc, phân trang; tiếp thu, giải trình.",
    },
    {"name": "Đơn vị", "description": "Cây đơn vị và địa chỉ thư điện tử."},
    {
        "name": "Đơn vị góp ý (theo liên kết)",
        "description": "Thao tác của đơn vị bằng mã trong liên kết cá nhân, không cần tài khoản.",
    },
    {"name": "Thư điện tử", "description": "Thư không gửi được, gửi lại, chế độ nhận thư."},
    {
        "name": "Quản trị",
        "description": "Cơ quan (dòng cấp trên, địa danh, ký hiệu), nhiệm kỳ: quản trị viên.",
    },
    {
        "name": "Công văn trả lời",
        "description": "Công văn trả lời của đơn vị (bản ký): nhập bản giấy, e-office; tải tệp.",
    },
    {
        "name": "Nhóm ý kiến",
        "description": "Ý kiến tương tự được gợi ý gộp nhóm; xác nhận, tách, gộp, xử lý một lần.",
    },
    {
        "name": "Theo dõi thực hiện",
        "description": "Sau ban hành: kế hoạch theo dõi, kỳ báo cáo, đôn đốc, giao ban, tổng hợp, "
        "sơ kết, tổng kết.",
    },
    {
        "name": "Đơn vị báo cáo (theo liên kết)",
        "description": "Báo cáo định kỳ của đơn vị bằng mã trong liên kết cá nhân.",
    },
]
STATIC_DIR = Path(__file__).parent / "static"


def _include_routes(app: FastAPI) -> None:
    """Every module in web/routes that defines `router` is mounted (one module per area)."""
    import web.routes

    for info in sorted(pkgutil.iter_modules(web.routes.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"web.routes.{info.name}")
        router = getattr(module, "router", None)
        if router is not None:
            app.include_router(router)


async def _sweep_timer(app: FastAPI) -> None:
    """Embedded mode: Prefect's ephemeral server runs no schedules, so the app ticks the
    sweep; what it queued and closed reaches the reactor like any command's events."""
    settings: Settings = app.state.settings
    while True:
        await asyncio.sleep(settings.sweep_interval_seconds)
        try:
            await sweep_flow()
        except Exception:  # a failed tick is logged; the next one sweeps again
            log.exception("sweep failed")
        app.state.reactor.wake()


def create_app(
    settings: Settings | None = None,
    *,
    engine: Engine | None = None,
    runner: Runner | None = None,
    run_sweep: bool | None = None,
    flow_extras: dict[str, Any] | None = None,
) -> FastAPI:
    """`flow_extras` are the flows' providers (documents, delivery); the composition root
    (duthao.wiring) passes them, tests pass what they exercise. `runner` starts a reaction
    (flows/drainer.py; default: by topology); tests pass one that records."""
    settings = settings or Settings()
    settings.check_production()
    for warning in settings.production_warnings():
        log.warning(warning)
    engine = engine or make_engine(settings.db_url, pool_size=settings.db_pool_size)
    run_sweep = settings.sweep_enabled if run_sweep is None else run_sweep

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        tasks = []
        app.state.reactor.start()
        if run_sweep and settings.topology == "embedded":
            tasks.append(asyncio.create_task(_sweep_timer(app)))
        try:
            yield
        finally:
            for t in tasks:
                t.cancel()
            # A sweep flow cut short reports its crash to Prefect's server: let it finish
            # while that server is still up (it stops after this lifespan, duthao/processes.py),
            # or its client retries against a dead server long after SIGTERM.
            if tasks:
                await asyncio.wait(tasks, timeout=SWEEP_STOP_SECONDS)
            await app.state.reactor.stop()

    app = FastAPI(
        title="duthao",
        description="Soạn thảo chỉ thị và lấy ý kiến góp ý — API tích hợp (/api/v1).",
        version="1.0",
        lifespan=lifespan,
        openapi_url="/openapi.json" if settings.api_docs else None,
        docs_url=None,  # served from local files by web/api_docs.py
        openapi_tags=API_TAGS,
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    app.state.admission = admission_for(engine, wait_seconds=settings.db_wait_seconds)
    drainer = Drainer(engine, runner or runner_for(settings.topology))
    app.state.reactor = Reactor(drainer, poll_seconds=settings.react_poll_seconds)
    app.state.templates = make_templates()
    runtime.configure(settings, engine, **(flow_extras or {}))
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.secret_key,
        session_cookie="duthao_session",
        same_site="lax",
        https_only=settings.https,  # the cookie is Secure whenever the app is on https
        max_age=settings.session_max_hours * 3600,  # the absolute limit (web/auth.py)
    )
    # An upload's file limit plus room for the form's other fields.
    app.add_middleware(BodyLimit, max_bytes=(settings.upload_max_mb + 1) * 1024 * 1024)
    app.add_middleware(SecurityHeaders, https=settings.https)  # outermost: every answer
    app.mount("/static", StaticFiles(directory=str(STATIC_DIR)), name="static")
    errors.install(app)
    api_docs.install(app, https=settings.https)
    _include_routes(app)
    return app
