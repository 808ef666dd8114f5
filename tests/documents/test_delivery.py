"""The round's letter travels with the invitation emails, over real SMTP (aiosmtpd)."""

from io import BytesIO

from docx import Document as open_docx
from pypdf import PdfReader
from sqlmodel import select

from documents.attachments import round_letter_attachments
from models.tables import OutboxMessage
from notifications.delivery import deliver_ready
from notifications.sink import MailSink
from tests.documents.case import consulted, day


async def test_invitation_emails_arrive_with_the_letter_as_pdf_and_docx(
    engine, session, links, settings
):
    consulted(session, links, stop_after="written")
    invited = session.exec(
        select(OutboxMessage.to_email).where(OutboxMessage.template == "invitation")
    ).all()
    session.rollback()  # end the read: SQLite's BEGIN IMMEDIATE would hold the write lock
    with MailSink() as sink:
        mail = settings.model_copy(update={"smtp_port": sink.port, "smtp_timeout": 5.0})
        await deliver_ready(
            engine, mail, now=day(30), worker="test", attachments=round_letter_attachments
        )
        received = list(sink.messages)
    with_files = [m for m in received if list(m.message.iter_attachments())]
    assert sorted(m.rcpt_tos[0] for m in with_files) == sorted(invited)
    assert len(received) > len(with_files)  # the receipts went too, without the letter
    for m in with_files:
        files = {p.get_filename(): p.get_content() for p in m.message.iter_attachments()}
        assert set(files) == {"cong-van-490-CV-BDVTU.pdf", "cong-van-490-CV-BDVTU.docx"}
        pages = PdfReader(BytesIO(files["cong-van-490-CV-BDVTU.pdf"])).pages
        pdf_text = " ".join(" ".join(p.extract_text().split()) for p in pages)
        assert "Số 490-CV/BDVTU" in pdf_text and "Dự thảo lần 1" in pdf_text
        cells = open_docx(BytesIO(files["cong-van-490-CV-BDVTU.docx"])).tables[0]._cells
        assert "Số 490-CV/BDVTU" in [p.text for c in cells for p in c.paragraphs]
