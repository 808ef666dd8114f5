"""`make run`'s mailbox survives a restart: the sink takes up what its folder already holds
(the demo's invitations, delivered before `serve` started) and numbers new mail on."""

import asyncio
from email.message import EmailMessage

import aiosmtplib

from models.settings import Settings
from notifications.sink import start_sink_thread


def _mail(subject: str, to: str) -> EmailMessage:
    msg = EmailMessage()
    msg["Subject"], msg["From"], msg["To"] = subject, "duthao@binhphuoc.test", to
    msg.set_content("Liên kết góp ý: http://duthao.test/u/abc")
    return msg


def test_the_sink_shows_what_its_folder_holds(tmp_path):
    folder = tmp_path / "mail"
    folder.mkdir()
    (folder / "0001-thu-moi.eml").write_bytes(bytes(_mail("Thư mời góp ý", "a@x.test")))
    settings = Settings(data_dir=tmp_path, smtp_port=0, mail_sink=True, mail_sink_dir=folder)
    sink = start_sink_thread(settings)
    try:
        assert [(m.subject, m.to) for m in sink.messages] == [("Thư mời góp ý", "a@x.test")]
        # The project's own SMTP client (aiosmtplib), as every mail test uses.
        asyncio.run(
            aiosmtplib.send(_mail("Nhắc hạn", "b@x.test"), hostname="127.0.0.1", port=sink.port)
        )
        assert [m.subject for m in sink.messages] == ["Thư mời góp ý", "Nhắc hạn"]
        assert sorted(p.name for p in folder.iterdir())[1].startswith("0002-")
    finally:
        sink.stop()
