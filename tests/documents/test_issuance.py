"""Issuance reaches its recipients: the directive (PDF and DOCX) on every mail, over real
SMTP (aiosmtpd); superiors first in "Nơi nhận" and told "để báo cáo", never to implement."""

from io import BytesIO

from docx import Document as open_docx
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import select

from documents.attachments import mail_attachments, round_letter_files
from documents.provider import render_documents
from models.commands.directives import directive_issue
from models.commands.units import unit_create
from models.ids import id_of
from models.tables import OutboxMessage, Round, Unit
from models.tokens import Links, mask_secret_paths
from notifications.delivery import deliver_ready
from notifications.links import links_for
from notifications.render import render
from notifications.sink import MailSink
from tests.documents.case import consulted, day
from tests.factories import sign_22
from web.app import create_app

CENTRAL = "Ban Bí thư Trung ương Đảng"
MARKED = "Ban Dân vận Trung ương"
FILES = {"chi-thi-22-CT-TU.pdf", "chi-thi-22-CT-TU.docx"}


def _issued_with_a_superior(session, links) -> int:
    case = consulted(session, links, stop_after="submitted")
    central = unit_create(session, name=CENTRAL, email="bbt@dang.test", by="test", now=day(99))
    province = session.get(Unit, case.world.issuer.parent_id)
    province.parent_id = id_of(central)  # the issuing body's ancestors: the province, the centre
    session.add(province)
    session.commit()
    # Not above the issuer in the tree, but marked a superior in the typed lines.
    bdvtw = unit_create(session, name=MARKED, email="bdvtw@dang.test", by="test", now=day(99))
    case.world.units += [central, bdvtw]  # ticked last: the rule puts them first
    sign_22(
        session,
        case.world,
        case.directive_id,
        day(100),
        extra_recipients=[
            "Lưu Văn phòng Tỉnh ủy",
            "Các đồng chí Tỉnh ủy viên",
            f"{MARKED} (để b/c)",
        ],
    )
    directive_issue(session, directive_id=case.directive_id, by="vanthu", now=day(100))
    return case.directive_id


def _text(part) -> str:
    return part.get_body(preferencelist=("plain",)).get_content()


async def test_issuance_mail_carries_the_directive_and_tells_superiors_to_report(
    engine, session, links, settings
):
    did = _issued_with_a_superior(session, links)
    issued = session.exec(
        select(OutboxMessage.to_email).where(OutboxMessage.template == "issuance")
    ).all()
    session.rollback()
    with MailSink() as sink:
        mail = settings.model_copy(update={"smtp_port": sink.port, "smtp_timeout": 5.0})
        await deliver_ready(engine, mail, now=day(100), worker="test", attachments=mail_attachments)
        received = [m for m in sink.messages if m.message["X-Duthao-Template"] == "issuance"]
    assert sorted(m.rcpt_tos[0] for m in received) == sorted(issued)
    by_rcpt = {m.rcpt_tos[0]: m.message for m in received}
    for msg in by_rcpt.values():
        files = {p.get_filename(): p.get_content() for p in msg.iter_attachments()}
        assert set(files) == FILES
        pages = PdfReader(BytesIO(files["chi-thi-22-CT-TU.pdf"])).pages
        assert "22-CT/TU" in " ".join(p.extract_text() for p in pages)
    for superior in (by_rcpt["bbt@dang.test"], by_rcpt["bdvtw@dang.test"]):
        assert "(để báo cáo)" in str(superior["Subject"])
        assert "để báo cáo" in _text(superior) and "quán triệt" not in _text(superior)
    unit = by_rcpt["mttq@binhphuoc.test"]
    assert "quán triệt" in _text(unit) and "để báo cáo" not in _text(unit)
    assert f"http://duthao.test/issued/{did}/{links.issued_token(did)}" in _text(unit)
    docx = open_docx(
        BytesIO(
            {p.get_filename(): p.get_content() for p in unit.iter_attachments()}[
                "chi-thi-22-CT-TU.docx"
            ]
        )
    )
    lines = [p.text for t in docx.tables for c in t._cells for p in c.paragraphs]
    lines += [p.text for p in docx.paragraphs]
    copies = [x for x in lines if x.startswith("- ")]
    assert copies[:2] == [f"- {CENTRAL} (để báo cáo),", f"- {MARKED} (để báo cáo),"]
    assert copies[2:4] == ["- Ban Tuyên giáo Tỉnh ủy,", "- Ban Tổ chức Tỉnh ủy,"]
    assert copies[-2:] == ["- Các đồng chí Tỉnh ủy viên,", "- Lưu Văn phòng Tỉnh ủy."]


def test_the_team_mail_links_to_the_directive_and_the_files_render_once(session, links):
    did = _issued_with_a_superior(session, links)
    rows = session.exec(select(OutboxMessage).where(OutboxMessage.template == "issuance")).all()
    first = mail_attachments(session, rows[0])
    assert {f.filename for f in first} == FILES
    assert mail_attachments(session, rows[1])[0].content is first[0].content
    team = [r for r in rows if r.context.get("team")]
    assert team
    text = render("issuance", team[0].context, base_url="http://duthao.test", strict=True).text
    assert f"http://duthao.test/directives/{did}" in text and "quán triệt" not in text


def test_the_recipients_link_serves_the_issued_directive_and_nothing_else(
    engine, session, links, settings
):
    did = _issued_with_a_superior(session, links)
    render_documents(session, did, ["directive", "synthesis"], data_dir=settings.data_dir)
    row = session.exec(
        select(OutboxMessage).where(
            OutboxMessage.template == "issuance", OutboxMessage.to_email == "bbt@dang.test"
        )
    ).one()
    found = links_for(session, [row], Links(settings.base_url, settings.secret_key))
    url = found[id_of(row)]
    assert url == f"http://duthao.test/issued/{did}/{links.issued_token(did)}"
    assert str(did) in mask_secret_paths(url) and links.issued_token(did) not in mask_secret_paths(
        url
    )
    session.rollback()
    client = TestClient(create_app(settings, engine=engine, run_sweep=False))
    path = url.removeprefix("http://duthao.test")
    pdf = client.get(path)
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert "chi-thi-22-CT-TU.pdf" in pdf.headers["content-disposition"]
    docx = client.get(path, params={"format": "docx"})
    assert docx.status_code == 200 and docx.content.startswith(b"PK")
    assert client.get(path + "x").status_code == 404  # a wrong token
    assert client.get(f"/issued/{did + 1}/{links.issued_token(did)}").status_code == 404
    assert client.get(path, params={"format": "xlsx"}).status_code == 422


def test_the_giay_moi_carries_its_number_from_the_register(session, links):
    case = consulted(session, links, stop_after="conference")
    rnd = session.exec(select(Round).where(Round.kind == "conference")).one()
    assert rnd.letter_number == "01-GM/BDVTU"  # the first GM of the term, as any letter
    slug, pdf, docx = round_letter_files(session, id_of(rnd))
    lines = [
        p.text for t in open_docx(BytesIO(docx)).tables for c in t._cells for p in c.paragraphs
    ]
    assert "Số 01-GM/BDVTU" in lines
    assert "01-GM/BDVTU" in " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    assert case.directive_id == rnd.directive_id
