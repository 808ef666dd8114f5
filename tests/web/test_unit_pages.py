"""A unit answers through its personal link: comment, edit, delete, submit, correct, read-only."""

from datetime import timedelta

from sqlmodel import col, select

from models.commands.rounds import round_close
from models.ids import id_of
from models.tables import Comment, GrassrootsReport, Invitation, OutboxMessage, Section
from tests.web.test_unit_support import OPENED_AT, csrf_of, rows, running


def _comments(engine, inv_id):
    return rows(
        engine, select(Comment).where(Comment.invitation_id == inv_id).order_by(col(Comment.id))
    )


def _inv(engine, unit):
    return rows(engine, select(Invitation).where(Invitation.unit_id == unit.id))[0]


def test_unit_comments_edits_and_submits_once(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        url = f"/u/{case.token()}"
        page = client.get(url)
        assert page.status_code == 200
        assert page.headers["referrer-policy"] == "no-referrer"
        for shown in ("490-CV/BDVTU", "27/7/2023", "Ban Tuyên giáo Tỉnh ủy", "II.1", "Tăng cường"):
            assert shown in page.text
        inv = _inv(engine, case.w.units[0])
        assert inv.status == "opened" and inv.opened_at is not None

        token = csrf_of(client, url)
        (section,) = rows(
            engine,
            select(Section).where(
                Section.key == "II.1", Section.version_id == case.opened.round.draft_version_id
            ),
        )
        r = client.post(
            f"{url}/comments",
            data={
                "csrf_token": token,
                "position": "agree_with_comments",
                "text": "Đề nghị bổ sung vai trò của Mặt trận.",
                "section_id": str(section.id),
            },
            follow_redirects=False,
        )
        assert r.status_code == 303
        r = client.post(
            f"{url}/comments",
            data={"csrf_token": token, "position": "disagree", "text": "Bỏ mục III."},
        )
        assert r.status_code == 200 and "Bỏ mục III." in r.text
        first, second = _comments(engine, inv.id)
        assert (first.section_id, first.draft, first.section_key) == (section.id, True, "II.1")
        r = client.post(
            f"{url}/comments/{first.id}",
            data={
                "csrf_token": token,
                "position": "agree_with_comments",
                "text": "Đề nghị bổ sung vai trò của Mặt trận và đoàn thể.",
            },
        )
        assert r.status_code == 200
        client.post(f"{url}/comments/{second.id}/delete", data={"csrf_token": token})
        left = _comments(engine, inv.id)
        assert [c.text for c in left] == ["Đề nghị bổ sung vai trò của Mặt trận và đoàn thể."]
        assert left[0].section_id is None  # the edit chose the whole draft

        r = client.post(
            f"{url}/submit",
            data={"csrf_token": token, "reply_number": "125-CV/BTGTU", "reply_date": "20/7/2023"},
            follow_redirects=False,
        )
        assert r.status_code == 303 and "receipt=1" in r.headers["location"]
        receipt = client.get(r.headers["location"])
        assert "Biên nhận" in receipt.text and "125-CV/BTGTU" in receipt.text
        inv = _inv(engine, case.w.units[0])
        assert inv.status == "answered" and str(inv.reply_date) == "2023-07-20"
        assert not _comments(engine, inv.id)[0].draft
        mails = rows(engine, select(OutboxMessage).where(OutboxMessage.template == "receipt"))
        assert [m.to_email for m in mails] == [case.w.units[0].email]

        again = client.post(f"{url}/submit", data={"csrf_token": token})
        assert again.status_code == 409 and "không có nội dung mới" in again.text


def test_bad_input_is_shown_next_to_the_field_and_kept(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        url = f"/u/{case.token()}"
        token = csrf_of(client, url)
        typed = "Ý kiến rất dài " * 2000
        r = client.post(
            f"{url}/comments", data={"csrf_token": token, "position": "disagree", "text": typed}
        )
        assert r.status_code == 422
        assert "Quá dài (tối đa 20000 ký tự)." in r.text and "Ý kiến rất dài" in r.text
        r = client.post(
            f"{url}/comments",
            data={"csrf_token": token, "position": "disagree", "text": "  "},
        )
        assert r.status_code == 422 and "Vui lòng nhập nội dung góp ý." in r.text
        r = client.post(
            f"{url}/comments",
            data={"csrf_token": token, "position": "ủng hộ", "text": "x"},
        )
        assert r.status_code == 422 and "Vui lòng chọn một giá trị" in r.text
        r = client.post(f"{url}/submit", data={"csrf_token": token, "reply_date": "31/02/2023"})
        assert r.status_code == 422 and "Ngày không hợp lệ." in r.text
        assert rows(engine, select(Comment)) == []


def test_htmx_gets_the_answer_partial_and_no_comments_in_one_click(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        url = f"/u/{case.token(1)}"
        token = csrf_of(client, url)
        r = client.post(
            f"{url}/no-comments",
            data={"csrf_token": token},
            headers={"HX-Request": "true"},
        )
        assert r.status_code == 200
        assert r.text.lstrip().startswith('<section id="answer"') and "<html" not in r.text
        assert "không có ý kiến thêm" in r.text and "Biên nhận" in r.text
        inv = _inv(engine, case.w.units[1])
        assert inv.no_further_comments and inv.status == "answered"
        twice = client.post(f"{url}/no-comments", data={"csrf_token": token})
        assert twice.status_code == 409 and "đã gửi ý kiến" in twice.text


def test_read_only_after_deadline_and_after_close(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        url = f"/u/{case.token()}"
        token = csrf_of(client, url)
        client.post(f"{url}/comments", data={"csrf_token": token, "position": "agree"})
        case.at(OPENED_AT + timedelta(days=16))  # 28/7, the day after the deadline
        page = client.get(url)
        assert page.status_code == 200 and "Đã hết hạn góp ý (27/7/2023)" in page.text
        assert 'id="comment-form"' not in page.text and 'id="read-only"' in page.text
        late = client.post(
            f"{url}/comments", data={"csrf_token": token, "position": "disagree", "text": "Muộn"}
        )
        assert late.status_code == 409 and "Không thể gửi hoặc sửa ý kiến" in late.text
        assert [c.position for c in rows(engine, select(Comment))] == ["agree"]
        round_close(session, round_id=id_of(case.opened.round), by="canbo", now=case.now[0])
        assert "Đợt lấy ý kiến đã kết thúc ngày 28/7/2023" in client.get(url).text
        case.at(case.now[0] + timedelta(days=settings.token_grace_days + 1))
        gone = client.get(url)
        assert gone.status_code == 403 and "Liên kết không hợp lệ hoặc đã hết hạn" in gone.text


def test_wrong_link_gets_a_clear_page(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        for bad in ("khong-dung", case.token()[:-2] + "xx", "a" * 300):
            r = client.get(f"/u/{bad}")
            assert r.status_code == 403 and "Liên kết không hợp lệ" in r.text


def test_grassroots_committee_reports_meetings(engine, session, settings):
    with running(engine, session, settings, kind="grassroots") as (case, client):
        url = f"/u/{case.token(3)}"
        page = client.get(url)
        assert "Thôn, ấp, khu phố" in page.text and 'id="comment-form"' not in page.text
        token = csrf_of(client, url)
        form = {
            "csrf_token": token,
            "level": ["Thôn, ấp, khu phố", "Xã, phường, thị trấn"],
            "count": ["112", "abc"],
            "delegates": "6325",
            "summary": "Nhân dân đồng tình cao với dự thảo.",
        }
        bad = client.post(f"{url}/report", data=form)
        assert bad.status_code == 422 and "Phải là một số nguyên." in bad.text
        assert "Nhân dân đồng tình cao" in bad.text  # what was typed is kept
        form["level"] = ["Thôn, ấp, khu phố", "Xã, phường, thị trấn", "Tổ dân phố"]
        form["count"] = ["112", "15", "4"]
        ok = client.post(f"{url}/report", data=form, follow_redirects=False)
        assert ok.status_code == 303
        (report,) = rows(engine, select(GrassrootsReport))
        assert report.meetings == {
            "Thôn, ấp, khu phố": 112,
            "Xã, phường, thị trấn": 15,
            "Tổ dân phố": 4,
        }
        assert report.delegates == 6325
        again = client.get(ok.headers["location"]).text
        assert "6.325 đại biểu" in again and "131 hội nghị" in again
        assert 'value="Tổ dân phố"' in again  # the added level is a row of its own now
