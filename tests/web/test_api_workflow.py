"""The JSON API drives a directive from assignment to issuance, as an e-office system would."""

from datetime import date

from sqlmodel import select

from models.ids import id_of
from models.policy import Role
from models.tables import Comment, Invitation, OutboxMessage, Round, User
from tests.conftest import T0
from tests.factories import DRAFT_TEXT
from tests.links import unit_token
from tests.web.test_unit_support import bearer, reactions, rows, running


def test_api_from_assignment_to_issuance(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        auth = bearer(session, id_of(case.w.officer))
        w = case.w
        r = client.post(
            "/api/v1/directives",
            headers=auth,
            json={
                "title": "Tăng cường công tác dân vận trong tình hình mới",
                "issuer_id": w.issuer.id,
                "drafting_unit_id": w.drafting.id,
                "assignment_number": "1704-TB/TU",
                "assignment_date": "2023-07-04",
            },
        )
        assert r.status_code == 201, r.text
        did = r.json()["id"]
        listed = client.get("/api/v1/directives", headers=auth).json()
        assert listed["total"] == 2 and {d["id"] for d in listed["items"]} == {
            did,
            case.directive_id,
        }
        assert client.get("/api/v1/directives?stage=assigned", headers=auth).json()["total"] == 1

        v1 = client.post(
            f"/api/v1/directives/{did}/drafts", headers=auth, json={"text": DRAFT_TEXT}
        )
        assert v1.status_code == 201
        keys = [s["key"] for s in v1.json()["sections"]]
        assert "II.2.a" in keys and "III.1" in keys

        body = {
            "kind": "written",
            "unit_ids": [u.id for u in w.units[:3]],
            "letter_date": "12/7/2023",
            "deadline": "27/7/2023",
        }
        once = {**auth, "Idempotency-Key": "eoffice-4711"}
        opened = client.post(f"/api/v1/directives/{did}/rounds", headers=once, json=body)
        assert opened.status_code == 201, opened.text
        again = client.post(f"/api/v1/directives/{did}/rounds", headers=once, json=body)
        assert again.json()["id"] == opened.json()["id"]
        rnd = opened.json()
        assert rnd["letter_number"].endswith("-CV/BDVTU") and rnd["invited"] == 3
        assert len(rows(engine, select(Round).where(Round.directive_id == did))) == 1
        # The second post with the same key opened nothing: one event, reacted to once.
        letters = [
            r
            for r in reactions(case.app, client)
            if r.flow == "render-documents" and r.params["families"] == [f"letter:{rnd['id']}"]
        ]
        assert len(letters) == 1

        # The unit answers through its own e-office system with the link's token.
        invite = rows(
            engine,
            select(OutboxMessage).where(
                OutboxMessage.to_email == w.units[0].email, OutboxMessage.round_id == rnd["id"]
            ),
        )[0]
        token = unit_token(engine, invite, settings)
        seen = client.get(f"/api/v1/u/{token}").json()
        assert seen["writable"] and seen["invitation"]["status"] == "opened"
        section = next(s for s in seen["sections"] if s["key"] == "II.1")
        c = client.post(
            f"/api/v1/u/{token}/comments",
            json={
                "position": "disagree",
                "text": "Đề nghị viết lại mục II.1.",
                "section_id": section["id"],
            },
        )
        assert c.status_code == 201 and c.json()["draft"] is True
        assert client.get(f"/api/v1/directives/{did}/comments", headers=auth).json()["total"] == 0
        sent = client.post(f"/api/v1/u/{token}/submit", json={"reply_number": "12-CV/BTG"})
        assert sent.json()["invitation"]["status"] == "answered"

        page = client.get(
            f"/api/v1/directives/{did}/comments?position=disagree&decision=none&limit=1",
            headers=auth,
        ).json()
        assert page["total"] == 1 and page["items"][0]["unit_name"] == w.units[0].name
        assert page["items"][0]["section_key"] == "II.1"
        closed = client.post(f"/api/v1/rounds/{rnd['id']}/close", headers=auth)
        assert closed.json()["status"] == "closed"
        statuses = sorted(
            i.status
            for i in rows(engine, select(Invitation).where(Invitation.round_id == rnd["id"]))
        )
        assert statuses == ["answered", "overdue", "overdue"]

        v2 = client.post(
            f"/api/v1/directives/{did}/drafts",
            headers=auth,
            json={"text": DRAFT_TEXT + "\nIV. HIỆU LỰC"},
        ).json()
        assert client.post(f"/api/v1/directives/{did}/finalise", headers=auth).status_code == 200
        cid = rows(engine, select(Comment.id).where(Comment.round_id == rnd["id"]))[0]
        d = client.put(
            f"/api/v1/comments/{cid}/disposition",
            headers=auth,
            json={"decision": "explain", "response": ""},
        )
        assert d.status_code == 422 and d.json()["error"] == "Vui lòng nêu lý do (giải trình)."
        d = client.put(
            f"/api/v1/comments/{cid}/disposition",
            headers=auth,
            json={
                "decision": "partial",
                "response": "Tiếp thu một phần, giữ bố cục.",
                "taken_in_version_id": v2["id"],
            },
        )
        assert d.status_code == 200 and d.json()["decision"] == "partial"
        refused = client.post(f"/api/v1/directives/{did}/submit", headers=auth)
        assert (
            refused.status_code == 409
            and "Chưa chọn bản dự thảo hoàn chỉnh" in refused.json()["error"]
        )
        chosen = client.put(
            f"/api/v1/directives/{did}/final", headers=auth, json={"version_id": v2["id"]}
        )
        assert chosen.json()["final_version_id"] == v2["id"]
        assert (
            client.post(f"/api/v1/directives/{did}/submit", headers=auth).json()["stage"]
            == "submitted"
        )
        # Leaders sign (an officer's token is refused: tests/web/test_route_policy.py).
        leader = User(
            username="lanhdao", role=Role.LEADER, full_name="Huỳnh Thị Hằng", created_at=T0
        )
        session.add(leader)
        session.commit()
        signed = client.post(
            f"/api/v1/directives/{did}/sign",
            headers=bearer(session, id_of(leader)),
            json={
                "signed_on": "12/10/2023",
                "form": "T/M",
                "on_behalf_of": "Ban Thường vụ",
                "signer_title": "Phó Bí thư Thường trực",
                "signer_name": "Huỳnh Thị Hằng",
                "recipient_ids": [u.id for u in w.units],
                "number": "22-CT/TU",
            },
        )
        assert signed.status_code == 200, signed.text
        issued = client.post(f"/api/v1/directives/{did}/issue", headers=auth).json()
        assert (issued["stage"], issued["number"], issued["signed_on"]) == (
            "issued",
            "22-CT/TU",
            date(2023, 10, 12).isoformat(),
        )
        ran = reactions(case.app, client)
        later = ("synthesis", "report", "submission")
        # The reactor task and this drain may share the last events: compare as a multiset.
        assert sorted((r.flow, tuple(r.params.get("families", ()))) for r in ran[-9:]) == sorted(
            [
                ("render-documents", (f"letter:{rnd['id']}", "synthesis", "report")),  # closed
                ("deliver-outbox", ()),
                ("group-comments", ()),  # the close: similar comments grouped
                ("place-comments", ()),  # the new version: its comments' placement
                ("render-documents", later),  # submitted
                ("render-documents", (*later, "directive")),  # signed
                ("deliver-outbox", ()),
                ("render-documents", (*later, "directive")),  # issued
                ("deliver-outbox", ()),
            ]
        )


def test_api_units_and_bad_input(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        auth = bearer(session, id_of(case.w.officer))
        found = client.get("/api/v1/units?q=huyen uy bu dang", headers=auth).json()
        assert [u["name"] for u in found["items"]] == ["Huyện ủy Bù Đăng"]
        made = client.post(
            "/api/v1/units",
            headers=auth,
            json={
                "name": "Huyện ủy Lộc Ninh",
                "category": "huyen-uy",
                "email": "hu.locninh@binhphuoc.test",
                "parent_id": case.w.issuer.id,
            },
        )
        assert made.status_code == 201
        again = {"name": "huyện ủy  Lộc Ninh", "parent_id": case.w.issuer.id}
        dup = client.post("/api/v1/units", headers=auth, json=again)
        assert dup.status_code == 409 and "đã có" in dup.json()["error"]
        bad = client.patch(f"/api/v1/units/{made.json()['id']}", headers=auth, json={"email": "x@"})
        assert bad.status_code == 422 and "không hợp lệ" in bad.json()["error"]
        long = client.post("/api/v1/units", headers=auth, json={"name": "Đ" * 301})
        assert long.status_code == 422 and long.json()["error"] == "Dữ liệu nhập chưa hợp lệ."
        assert long.json()["errors"][0]["field"] == "name"
        nul = client.post("/api/v1/units", headers=auth, json={"name": "Ban\x00"})
        assert nul.status_code == 422
        missing = client.get("/api/v1/rounds/2147483647", headers=auth)
        assert missing.status_code == 404 and "Không tìm thấy" in missing.json()["error"]
        huge = client.get("/api/v1/rounds/99999999999", headers=auth)
        assert huge.status_code == 404 and "Không tìm thấy" in huge.json()["error"]


def test_api_units_csv_import(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        auth = bearer(session, id_of(case.w.officer))
        before = client.get("/api/v1/units", headers=auth).json()["total"]
        bad = "name,email\nHuyện ủy Lộc Ninh,hu.locninh@binhphuoc.test\nHuyện ủy Hớn Quản,sai@\n"
        refused = client.post("/api/v1/units/import", headers=auth, json={"csv": bad})
        assert refused.status_code == 422 and "không hợp lệ" in refused.json()["error"]
        assert client.get("/api/v1/units", headers=auth).json()["total"] == before
        good = "name,email\nHuyện ủy Lộc Ninh,hu.locninh@binhphuoc.test\nHuyện ủy Hớn Quản,\n"
        made = client.post("/api/v1/units/import", headers=auth, json={"csv": good})
        assert made.status_code == 201
        assert [u["name"] for u in made.json()] == ["Huyện ủy Lộc Ninh", "Huyện ủy Hớn Quản"]
        assert client.get("/api/v1/units", headers=auth).json()["total"] == before + 2
