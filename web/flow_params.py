"""The parameters the web hands to flows, built from the round the command just opened, so
the page route and its /api/v1 twin dispatch the very same call."""

from datetime import datetime
from typing import Any

from models.commands.rounds import ConferencePlan
from models.tables import Round


def open_round_params(
    rnd: Round, unit_ids: list[int], *, by: str, now: datetime, plan: ConferencePlan | None
) -> dict[str, Any]:
    """For the "open-round" flow, whose command step then finds the round by its key."""
    params: dict[str, Any] = {
        "directive_id": rnd.directive_id,
        "kind": rnd.kind,
        "unit_ids": unit_ids,
        "by": by,
        "request_key": rnd.request_key,
        "letter_number": rnd.letter_number,
        "letter_date": rnd.letter_date.isoformat() if rnd.letter_date else None,
        "deadline": rnd.deadline.isoformat() if rnd.deadline else None,
        "abstract": rnd.abstract,
        "reminder_days": rnd.reminder_days,
        "now": now.isoformat(),
    }
    if plan is not None:
        params.update(
            held_at=plan.held_at.isoformat(),
            place=plan.place,
            chair=plan.chair,
            chair_title=plan.chair_title,
        )
    return params
