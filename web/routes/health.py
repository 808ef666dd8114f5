"""Liveness for load balancers and the distributed topology's healthchecks."""

from fastapi import APIRouter, Depends
from sqlalchemy import text
from sqlmodel import Session

from web.deps import get_session
from web.guard import public

router = APIRouter()


@router.get("/healthz", include_in_schema=False, dependencies=[public("liveness probe")])
def healthz(session: Session = Depends(get_session)) -> dict[str, str]:
    session.connection().execute(text("SELECT 1"))
    return {"status": "ok"}
