"""The đôn đốc pages and their API twins: the card, the officer drafting from a period
(refusals in Vietnamese, nothing taken), the letter's page and downloads; another body's
officer gets 404, a leader may read but not draft."""

from datetime import date
from io import BytesIO

from docx import Document as open_docx
from fastapi.testclient import TestClient
from sqlmodel import Session, select

from models.clock import at_local
from models.commands.users import api_token_create, user_create
from models.ids import id_of
from models.policy import Role
from models.tables import DonDocLetter, RegisterEntry, Unit, User
from tests.don_doc_kit import exempt, follow_up_case, submit
from tests.web.officer_kit import PASSWORD, RecordingRunner, login, post
from web.app import create_app

AFTER = at_local(date(2024, 5, 6), 9)  # Monday after the due date (Thursday 2/5)


def site(engine, session: Session, settings):
    case = follow_up_case(session)
    exempt(session, case.report("Đảng ủy xã Bù Nho"))
    submit(session, case.report("Đảng ủy xã Phú Riềng"), at_local(date(2024, 5, 2)))
    thu = user_create(
        session,
        username="thu",
        password=PASSWORD,
        full_name="Lê Thị Thu",
        unit_id=case.drafting.id,
        email="thu2@phurieng.test",
        by="test",
        now=AFTER,
    )
    other = Unit(name="Ban Tuyên giáo Huyện ủy", symbol="BTGHU", search="ban tuyen giao huyen uy")
    session.add(other)
    session.flush()
    for username, role, unit_id in [("khac", Role.OFFICER, other.id), ("lanh", Role.LEADER, None)]:
        session.add(
            User(
                username=username,
                full_name=username.title(),
                role=role,
                unit_id=unit_id,
                email=f"{username}@phurieng.test",
                password_hash=thu.password_hash,
                created_at=AFTER,
            )
        )
    session.commit()
    app = create_app(settings, engine=engine, runner=RecordingRunner(), run_sweep=False)
    clock = [AFTER]
    app.state.clock = lambda: clock[0]
    session.rollback()
    return case, app, clock


def client(app, username: str) -> TestClient:
    c = TestClient(app, follow_redirects=False)
    login(c, username)
    return c


def bearer(engine, username: str) -> dict[str, str]:
    with Session(engine) as s:
        user = s.exec(select(User).where(User.username == username)).one()
        _, raw = api_token_create(s, user_id=id_of(user), name="t", by="test", now=AFTER)
    return {"Authorization": f"Bearer {raw}"}


def letters(engine) -> list[DonDocLetter]:
    with Session(engine) as s:
        return list(s.exec(select(DonDocLetter)).all())


def test_the_officer_drafts_from_the_card_and_downloads_the_letter(engine, session, settings):
    case, app, _ = site(engine, session, settings)
    did, pid = case.directive_id, case.period.id
    thu = client(app, "thu")
    card = thu.get(f"/directives/{did}/follow-up/cards/don-doc")
    assert card.status_code == 200 and 'class="card don-doc-card"' in card.text
    assert "còn 3 đơn vị chưa báo cáo" in card.text
    assert f"/follow-up/periods/{pid}/don-doc" in card.text
    confirm = thu.get(f"/directives/{did}/follow-up/periods/{pid}/don-doc")
    assert confirm.status_code == 200 and "dự kiến 01-CV/BDVHU" in confirm.text
    assert "Đảng ủy xã Long Hưng" in confirm.text and "Đảng ủy xã Bù Nho" not in confirm.text
    done = post(thu, f"/directives/{did}/follow-up/periods/{pid}/don-doc")
    assert done.status_code == 303
    (letter,) = letters(engine)
    assert done.headers["location"] == f"/directives/{did}/follow-up/don-doc/{letter.id}"
    page = thu.get(done.headers["location"])
    assert page.status_code == 200 and "Công văn số 01-CV/BDVHU" in page.text
    assert "Đã soạn Công văn số 01-CV/BDVHU" in page.text
    assert page.text.count("Chưa báo cáo</span>") == 3
    docx = thu.get(
        f"/directives/{did}/follow-up/don-doc/{letter.id}/cong-van-don-doc-01-CV-BDVHU.docx"
    )
    assert docx.status_code == 200
    lines = [p.text for p in open_docx(BytesIO(docx.content)).paragraphs]
    assert "3. Đảng ủy xã Phước Tân." in lines
    pdf = thu.get(
        f"/directives/{did}/follow-up/don-doc/{letter.id}/cong-van-don-doc-01-CV-BDVHU.pdf"
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert (
        thu.get(f"/directives/{did}/follow-up/don-doc/{letter.id}/../../x.docx").status_code == 404
    )
    assert (
        thu.get(f"/directives/{did}/follow-up/don-doc/{letter.id}/chi-thi.docx").status_code == 404
    )
    # Again: the same letter, no second number.
    again = post(thu, f"/directives/{did}/follow-up/periods/{pid}/don-doc")
    assert again.status_code == 303 and len(letters(engine)) == 1
    card = thu.get(f"/directives/{did}/follow-up/cards/don-doc")
    assert "Số 01-CV/BDVHU" in card.text and "Soạn công văn đôn đốc" not in card.text


def test_refused_before_the_due_date_in_vietnamese_nothing_taken(engine, session, settings):
    case, app, clock = site(engine, session, settings)
    clock[0] = at_local(date(2024, 5, 2), 9)
    thu = client(app, "thu")
    r = post(thu, f"/directives/{case.directive_id}/follow-up/periods/{case.period.id}/don-doc")
    assert r.status_code == 409 and "Chưa quá hạn báo cáo Quý I năm 2024 (hạn 02/5/2024)" in r.text
    assert letters(engine) == []
    with Session(engine) as s:
        assert s.exec(select(RegisterEntry)).all() == []


def test_another_body_gets_404_and_a_leader_reads_but_cannot_draft(engine, session, settings):
    case, app, _ = site(engine, session, settings)
    did, pid = case.directive_id, case.period.id
    khac = client(app, "khac")
    for path in (
        f"/directives/{did}/follow-up/cards/don-doc",
        f"/directives/{did}/follow-up/periods/{pid}/don-doc",
    ):
        assert khac.get(path).status_code == 404
    assert post(khac, f"/directives/{did}/follow-up/periods/{pid}/don-doc").status_code == 404
    assert letters(engine) == []
    lanh = client(app, "lanh")
    assert lanh.get(f"/directives/{did}/follow-up/cards/don-doc").status_code == 200
    assert post(lanh, f"/directives/{did}/follow-up/periods/{pid}/don-doc").status_code == 403
    assert letters(engine) == []
    # A period of another directive named under this one: 404, nothing drafted.
    assert (
        post(client(app, "thu"), f"/directives/{did}/follow-up/periods/999/don-doc").status_code
        == 404
    )
    assert client(app, "thu").get(f"/directives/{did}/follow-up/don-doc/999").status_code == 404


def test_the_api_twin(engine, session, settings):
    case, app, _ = site(engine, session, settings)
    did, pid = case.directive_id, case.period.id
    api = TestClient(app)
    auth = bearer(engine, "thu")
    made = api.post(f"/api/v1/directives/{did}/follow-up/periods/{pid}/don-doc", headers=auth)
    assert made.status_code == 201, made.text
    body = made.json()
    assert body["created"] is True and body["number"] == "01-CV/BDVHU"
    assert [u["name"] for u in body["units"]] == [
        "Chi bộ Trung tâm Y tế huyện",
        "Đảng ủy xã Long Hưng",
        "Đảng ủy xã Phước Tân",
    ]
    assert body["still_missing"] == 3 and body["period_label"] == "Quý I năm 2024"
    again = api.post(f"/api/v1/directives/{did}/follow-up/periods/{pid}/don-doc", headers=auth)
    assert again.json()["created"] is False and again.json()["id"] == body["id"]
    listed = api.get(f"/api/v1/directives/{did}/follow-up/don-doc", headers=auth).json()
    assert [x["number"] for x in listed] == ["01-CV/BDVHU"]
    one = api.get(f"/api/v1/directives/{did}/follow-up/don-doc/{body['id']}", headers=auth)
    assert one.json()["signer_name"] == "Điểu Văn Thắng"
    pdf = api.get(
        f"/api/v1/directives/{did}/follow-up/don-doc/{body['id']}/files/pdf", headers=auth
    )
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    bad = api.get(
        f"/api/v1/directives/{did}/follow-up/don-doc/{body['id']}/files/exe", headers=auth
    )
    assert bad.status_code == 422
    other = bearer(engine, "khac")
    assert api.get(f"/api/v1/directives/{did}/follow-up/don-doc", headers=other).status_code == 404
    refused = api.post(f"/api/v1/directives/{did}/follow-up/periods/{pid}/don-doc", headers=other)
    assert refused.status_code == 404
    lanh = bearer(engine, "lanh")
    assert (
        api.post(
            f"/api/v1/directives/{did}/follow-up/periods/{pid}/don-doc", headers=lanh
        ).status_code
        == 403
    )
