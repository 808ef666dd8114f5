"""API round management: extend, reissue/revoke links, conference opinions, grassroots reports."""

from datetime import UTC, datetime

from models.ids import id_of
from tests.web.test_unit_support import bearer, running


def test_extend_reissue_revoke(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        auth = bearer(session, id_of(case.w.officer))
        rid = case.opened.round.id
        early = client.post(
            f"/api/v1/rounds/{rid}/extend", headers=auth, json={"deadline": "20/7/2023"}
        )
        assert (
            early.status_code == 422 and "Hạn mới phải sau hạn hiện tại (27/7/2023)" in early.text
        )
        later = client.post(
            f"/api/v1/rounds/{rid}/extend", headers=auth, json={"deadline": "2023-08-05"}
        )
        assert later.json()["deadline"] == "2023-08-05"

        detail = client.get(f"/api/v1/rounds/{rid}", headers=auth).json()
        inv = next(i for i in detail["invitations"] if i["unit_id"] == case.w.units[0].id)
        old = case.token()
        assert client.get(f"/u/{old}").status_code == 200
        new = client.post(f"/api/v1/invitations/{inv['id']}/reissue", headers=auth).json()["link"]
        assert client.get(f"/u/{old}").status_code == 403
        new_token = new.rsplit("/", 1)[1]
        assert client.get(f"/u/{new_token}").status_code == 200 and new_token != old
        revoked = client.post(f"/api/v1/invitations/{inv['id']}/revoke", headers=auth)
        assert revoked.json()["revoked_at"] is not None
        assert client.get(f"/u/{new_token}").status_code == 403
        assert client.get(f"/api/v1/u/{new_token}").status_code == 403


def test_conference_then_grassroots(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        auth = bearer(session, id_of(case.w.officer))
        did, units = case.directive_id, case.w.units
        client.post(f"/api/v1/rounds/{case.opened.round.id}/close", headers=auth)
        held = datetime(2023, 8, 4, 1, 30, tzinfo=UTC).isoformat()
        body = {
            "kind": "conference",
            "unit_ids": [u.id for u in units],
            "conference": {
                "held_at": held,
                "place": "Hội trường Tỉnh ủy",
                "chair": "Nguyễn Văn Lợi",
                "chair_title": "Trưởng Ban Dân vận",
            },
        }
        conf = client.post(f"/api/v1/directives/{did}/rounds", headers=auth, json=body)
        assert conf.status_code == 201, conf.text
        rid = conf.json()["id"]
        said = client.post(
            f"/api/v1/rounds/{rid}/opinions",
            headers=auth,
            json={
                "speaker": "Đ/c Trần Tuệ Hiền",
                "unit_id": units[2].id,
                "text": "Cần nêu rõ trách nhiệm người đứng đầu.",
            },
        )
        assert said.status_code == 201 and said.json()["speaker"] == "Đ/c Trần Tuệ Hiền"
        empty = client.post(
            f"/api/v1/rounds/{rid}/opinions", headers=auth, json={"speaker": "A", "text": ""}
        )
        assert empty.status_code == 422
        present = client.post(
            f"/api/v1/rounds/{rid}/attendance",
            headers=auth,
            json={"attendees": 62, "secretary": "Trần Thị Mai"},
        )
        assert present.status_code == 200 and present.json()["attendees"] == 62
        negative = client.post(
            f"/api/v1/rounds/{rid}/attendance", headers=auth, json={"attendees": -1}
        )
        assert negative.status_code == 422
        later = datetime(2023, 8, 7, 7, 0, tzinfo=UTC).isoformat()
        move = {"held_at": later, "place": "Phòng họp B"}
        moved = client.post(f"/api/v1/rounds/{rid}/conference/move", headers=auth, json=move)
        assert moved.status_code == 200 and moved.json() == {"queued": len(units)}
        again = client.post(f"/api/v1/rounds/{rid}/conference/move", headers=auth, json=move)
        assert again.json() == {"queued": 0}  # the units already have this time and place
        naive = client.post(
            f"/api/v1/rounds/{rid}/conference/move",
            headers=auth,
            json={"held_at": "2023-08-07T14:00:00", "place": "B"},
        )
        assert naive.status_code == 422
        case.at(datetime(2023, 8, 7, 10, 0, tzinfo=UTC))  # closed once held (moved to 7/8)
        done = client.post(
            f"/api/v1/rounds/{rid}/conference/close",
            headers=auth,
            json={"attendees": 42, "conclusion": "Thống nhất tiếp thu."},
        )
        assert done.json()["status"] == "closed"
        comments = client.get(f"/api/v1/directives/{did}/comments?round_id={rid}", headers=auth)
        assert comments.json()["total"] == 1

        body = {
            "kind": "grassroots",
            "unit_ids": [units[3].id, units[4].id],
            "deadline": "2023-09-08",
        }
        grass = client.post(f"/api/v1/directives/{did}/rounds", headers=auth, json=body).json()
        invs = {i["unit_id"]: i["id"] for i in grass["invitations"]}
        paper = client.put(
            f"/api/v1/invitations/{invs[units[3].id]}/report",
            headers=auth,
            json={
                "meetings": {"Thôn, ấp, khu phố": 112, "Xã, phường, thị trấn": 15},
                "delegates": 4100,
                "summary": "Đồng tình cao.",
            },
        )
        assert paper.status_code == 200, paper.text
        negative = client.put(
            f"/api/v1/invitations/{invs[units[4].id]}/report",
            headers=auth,
            json={"meetings": {"Thôn, ấp, khu phố": -1}, "delegates": 1},
        )
        assert negative.status_code == 422
        client.put(
            f"/api/v1/invitations/{invs[units[4].id]}/report",
            headers=auth,
            json={"meetings": {"Thôn, ấp, khu phố": 80, "Tổ dân phố": 3}, "delegates": 2225},
        )
        table = client.get(f"/api/v1/rounds/{grass['id']}/reports", headers=auth).json()
        assert table["delegates_total"] == 6325
        assert table["meetings_total"] == {
            "Thôn, ấp, khu phố": 192,
            "Xã, phường, thị trấn": 15,
            "Tổ dân phố": 3,
        }


def test_units_answer_through_the_api_with_their_link(engine, session, settings):
    with running(engine, session, settings, kind="grassroots") as (case, client):
        url = f"/api/v1/u/{case.token(3)}"
        seen = client.get(url).json()
        assert seen["round"]["kind"] == "grassroots" and seen["report"] is None
        body = {"meetings": {"Thôn, ấp, khu phố": 112}, "delegates": 4100, "summary": "Đồng tình."}
        saved = client.put(f"{url}/report", json=body)
        assert saved.status_code == 200 and saved.json()["delegates"] == 4100
        fixed = client.put(f"{url}/report", json={**body, "delegates": 4200})
        assert fixed.json()["id"] == saved.json()["id"]  # corrected, not duplicated
        assert client.get(url).json()["invitation"]["status"] == "answered"
        # One invitation view behind the link's page and its API twin: the same report.
        shown = client.get(f"/u/{case.token(3)}").text
        assert 'name="delegates" inputmode="numeric" value="4200"' in shown
        assert client.get(url).json()["report"]["delegates"] == 4200
        agree = client.post(f"/api/v1/u/{case.token(4)}/no-comments", json={})
        assert agree.status_code == 200 and agree.json()["invitation"]["no_further_comments"]
        again = client.post(f"/api/v1/u/{case.token(4)}/no-comments", json={})
        assert again.status_code == 409 and "đã gửi ý kiến" in again.json()["error"]
        case.at(case.now[0].replace(year=2024))
        late = client.put(f"{url}/report", json=body)
        assert late.status_code == 409 and "Đã hết hạn góp ý" in late.json()["error"]
