"""A recording SMTP server on 127.0.0.1 (a free port) and settings that send to it."""

from collections.abc import Iterator

import pytest

from models.settings import Settings
from notifications.sink import MailSink

BAD = "khongtontai@binhphuoc.test"


@pytest.fixture
def sink() -> Iterator[MailSink]:
    with MailSink(reject=[BAD]) as s:
        yield s


@pytest.fixture
def mail_settings(settings: Settings, sink: MailSink) -> Settings:
    return settings.model_copy(
        update={
            "smtp_port": sink.port,
            "smtp_timeout": 5.0,
            "mail_batch_size": 50,
            "mail_concurrency": 4,
            "mail_from": "Ban Dân vận Tỉnh ủy Bình Phước <bdvtu@binhphuoc.test>",
        }
    )
