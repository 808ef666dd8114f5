"""ASGI entry for uvicorn (`uvicorn --factory duthao.asgi:create`), used with several workers."""

from fastapi import FastAPI

from flows.runtime import prefect_environment
from models.settings import Settings


def create() -> FastAPI:
    settings = Settings()
    prefect_environment(settings)
    from duthao.wiring import flow_extras
    from web.app import create_app

    return create_app(settings, flow_extras=flow_extras())
