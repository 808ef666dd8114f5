"""The kill test's command process: opens a round (its events stored in the same commit),
then dies by SIGKILL before any drain could start a reaction:
`python -m tests.notifications.child_command DB_URL DIRECTIVE_ID UNIT_IDS NOW_ISO`."""

import os
import signal
import sys
from datetime import date, datetime

from models.commands.rounds import round_open
from models.db import make_engine, session_scope
from models.tokens import Links


def main(url: str, directive_id: str, unit_ids: str, now: str) -> None:
    engine = make_engine(url)
    with session_scope(engine) as s:
        round_open(
            s,
            directive_id=int(directive_id),
            kind="written",
            unit_ids=[int(u) for u in unit_ids.split(",")],
            by="canbo",
            now=datetime.fromisoformat(now),
            links=Links(base_url="http://duthao.test", secret="test-secret"),
            letter_date=date(2023, 7, 12),
            reply_days=15,
            request_key="killed-1",
        )
    os.kill(os.getpid(), signal.SIGKILL)  # between the commit and any dispatch


if __name__ == "__main__":
    main(*sys.argv[1:])
