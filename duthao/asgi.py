"""ASGI entry for uvicorn (`uvicorn --factory duthao.asgi:create`), used with several workers,
and `compose`, the app as every entry point runs it."""

from fastapi import FastAPI

from flows.runtime import prefect_environment
from models.settings import Settings


def compose(settings: Settings) -> FastAPI:
    """The app with the flows' providers wired, unit paths masked in every log record of the
    process, and the processes it starts (Prefect's ephemeral server) stopped with it."""
    from duthao.processes import own_children
    from duthao.wiring import flow_extras
    from web.app import create_app
    from web.log_masking import install_log_masking

    install_log_masking()
    return own_children(create_app(settings, flow_extras=flow_extras(settings)))


def create() -> FastAPI:
    settings = Settings()
    prefect_environment(settings)
    return compose(settings)
