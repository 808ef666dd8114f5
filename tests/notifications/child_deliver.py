"""The crash test's deliverer, run as a subprocess so the test can kill it mid fan-out:
`python -m tests.notifications.child_deliver DB_URL SMTP_PORT NOW_ISO BATCH`."""

import asyncio
import sys
from datetime import datetime

from models.db import make_engine
from models.settings import Settings
from notifications.delivery import deliver_ready


def main(url: str, port: str, now: str, batch: str) -> None:
    settings = Settings(
        smtp_port=int(port),
        mail_batch_size=int(batch),
        mail_concurrency=2,
        base_url="http://duthao.test",
        secret_key="test-secret",
    )
    engine = make_engine(url)
    asyncio.run(deliver_ready(engine, settings, now=datetime.fromisoformat(now), worker="child"))


if __name__ == "__main__":
    main(*sys.argv[1:])
