"""Bench only (DUTHAO_BENCH_BARE=1): the comment row a unit's form inserts, written with no
token check, validation, audit or template. bench/bench_web.py measures the real form
endpoint against it, in the same process; without the variable nothing is mounted."""

import os
from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Form, Response
from sqlmodel import Session

from models.statuses import Position
from models.tables import Comment
from web.deps import get_now, get_session
from web.guard import public


def _bare_router() -> APIRouter:
    bare = APIRouter(include_in_schema=False, dependencies=[public("bench only")])

    @bare.post("/bench/bare")
    def insert_comment(
        round_id: Annotated[int, Form()],
        invitation_id: Annotated[int, Form()],
        unit_id: Annotated[int, Form()],
        version_id: Annotated[int, Form()],
        position: Annotated[Position, Form()],
        text: Annotated[str, Form()] = "",
        session: Session = Depends(get_session),
        now: datetime = Depends(get_now),
    ) -> Response:
        session.add(
            Comment(
                round_id=round_id,
                invitation_id=invitation_id,
                unit_id=unit_id,
                version_id=version_id,
                position=position,
                text=text,
                draft=True,
                received_at=now,
            )
        )
        session.commit()
        return Response(status_code=204)

    return bare


if os.environ.get("DUTHAO_BENCH_BARE") == "1":
    router = _bare_router()
