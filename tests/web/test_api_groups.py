"""API: the comments' groups cover every submitted comment exactly once (directive and
round), a POST asks for a recompute (202, an event, nothing computed on the request), and
one decision disposes a whole group."""

from datetime import timedelta

from sqlmodel import select

from models.commands.answers import answer_submit, comment_save
from models.commands.grouping import groups_recompute
from models.ids import id_of
from models.tables import Comment, CommentGroup, Disposition
from tests.web.test_unit_support import OPENED_AT, bearer, rows, running

TEXTS = [
    "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân.",
    "De nghi bo sung vai tro cua Mat tran To quoc trong nam tinh hinh Nhan dan",
    "Đề nghị bổ sung vai trò của Đoàn Thanh niên trong nắm tình hình Nhân dân.",
    "Cần bố trí kinh phí cho công tác nắm tình hình Nhân dân.",
]


def _comment(session, case) -> list[int]:
    at = OPENED_AT + timedelta(hours=2)
    ids = []
    for i, text in enumerate(TEXTS):
        tok = case.token(i % 2)
        ids.append(id_of(comment_save(session, raw_token=tok, position="agree", text=text, now=at)))
    for i in (0, 1):
        answer_submit(session, raw_token=case.token(i), now=at)
    comment_save(session, raw_token=case.token(2), position="agree", text="Nháp.", now=at)
    return ids


def test_groups_cover_every_comment_once_and_post_only_asks(engine, session, settings) -> None:
    with running(engine, session, settings) as (case, client):
        auth = bearer(session, id_of(case.w.officer))
        ids = _comment(session, case)
        did, rid = case.directive_id, case.opened.round.id
        first = client.get(f"/api/v1/directives/{did}/groups", headers=auth)
        assert first.status_code == 200
        assert sorted(i for g in first.json()["groups"] for i in g["comment_ids"]) == sorted(ids)

        asked = client.post(f"/api/v1/directives/{did}/groups", headers=auth)
        assert asked.status_code == 202
        assert rows(engine, select(CommentGroup)) == []  # the flow computes, not the request
        assert client.post(f"/api/v1/rounds/{rid}/groups", headers=auth).status_code == 202

        groups_recompute(session, directive_id=did, now=OPENED_AT)
        for url in (f"/api/v1/directives/{did}/groups", f"/api/v1/rounds/{rid}/groups"):
            body = client.get(url, headers=auth).json()
            assert set(body) == {"groups"}
            assert all(set(g) == {"id", "label", "comment_ids"} for g in body["groups"])
            covered = [i for g in body["groups"] for i in g["comment_ids"]]
            assert sorted(covered) == sorted(ids)  # each once; the unit's draft is not there
            assert all(g["id"] > 0 for g in body["groups"])
        groups = body["groups"]
        assert sorted(len(g["comment_ids"]) for g in groups) == [1, 1, 2]

        pair = next(g for g in groups if len(g["comment_ids"]) == 2)
        done = client.post(
            f"/api/v1/comment-groups/{pair['id']}/disposition",
            headers=auth,
            json={"decision": "explain", "response": ""},
        )
        assert done.status_code == 422 and "lý do" in done.text
        done = client.post(
            f"/api/v1/comment-groups/{pair['id']}/disposition",
            headers=auth,
            json={"decision": "accept", "response": "Tiếp thu"},
        )
        assert done.status_code == 200, done.text
        disposed = rows(engine, select(Disposition.comment_id))
        assert sorted(disposed) == sorted(pair["comment_ids"])

        other = next(g for g in groups if g["id"] != pair["id"])
        merged = client.post(
            f"/api/v1/comment-groups/{pair['id']}/merge",
            headers=auth,
            json={"other_id": other["id"]},
        ).json()
        assert sorted(merged["comment_ids"]) == sorted(pair["comment_ids"] + other["comment_ids"])
        renamed = client.put(
            f"/api/v1/comment-groups/{pair['id']}/label", headers=auth, json={"label": "Mới"}
        )
        assert renamed.json()["label"] == "Mới"
        split = client.post(
            f"/api/v1/comment-groups/{pair['id']}/split",
            headers=auth,
            json={"comment_ids": other["comment_ids"]},
        )
        assert split.status_code == 201 and split.json()["comment_ids"] == other["comment_ids"]
        assert rows(engine, select(Comment.id).where(Comment.draft == True))  # noqa: E712
