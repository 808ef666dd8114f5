"""The officer's page of similar comments: a suggested group shown with its distinct
wordings (differences marked), confirmed and disposed in one action each; a refusal keeps
what was typed and names the missing reason at that group."""

from datetime import timedelta

from sqlmodel import select

from models.commands.answers import answer_submit, comment_save
from models.commands.grouping import groups_recompute
from models.commands.rounds import round_open
from models.ids import id_of
from models.tables import CommentGroup, Disposition, StoredEvent
from models.tokens import Links
from tests.factories import directive_with_draft
from tests.web.officer_kit import NOW, make_site, post

TEXTS = [
    "Đề nghị bổ sung vai trò của Mặt trận Tổ quốc trong nắm tình hình Nhân dân.",
    "Bổ sung vai trò của Mặt trận Tổ quốc các cấp trong nắm tình hình Nhân dân cho phù hợp.",
    "Cần bố trí kinh phí cho công tác nắm tình hình Nhân dân.",
]


def test_an_officer_confirms_a_group_and_disposes_it_at_once(engine, session, settings) -> None:
    site = make_site(engine, session, settings)
    w = site.world
    did = directive_with_draft(session, w, NOW)
    links = Links(base_url=settings.base_url, secret=settings.secret_key)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[id_of(u) for u in w.units],
        by="hoa",
        now=NOW,
        links=links,
    )
    at = NOW + timedelta(hours=1)
    for i, text in enumerate(TEXTS):
        tok = opened.tokens[id_of(w.units[i])]
        comment_save(session, raw_token=tok, position="agree", text=text, now=at)
        answer_submit(session, raw_token=tok, now=at)
    groups_recompute(session, directive_id=did, now=at)
    session.commit()
    pair = next(g.id for g in session.exec(select(CommentGroup)).all() if g.label == TEXTS[0])
    second_unit = w.units[1].name
    session.rollback()  # SQLite: hold no transaction the app would wait on
    client = site.client("hoa")

    shown = client.get(f"/directives/{did}/groups")
    assert shown.status_code == 200
    assert "3 ý kiến trong 2 nhóm" in shown.text and "2 ý kiến</span>" in shown.text
    assert "<mark>các</mark>" in shown.text and "<mark>cấp</mark>" in shown.text
    assert second_unit in shown.text

    refused = post(
        client,
        f"/comment-groups/{pair}/disposition",
        {"decision": "explain", "response": ""},
    )
    assert refused.status_code == 422
    assert "Vui lòng nêu lý do (giải trình)." in refused.text
    assert site.all(select(Disposition)) == []

    ok = post(client, f"/comment-groups/{pair}/confirm")
    assert ok.status_code == 303 and site.get(CommentGroup, pair).confirmed
    done = post(
        client,
        f"/comment-groups/{pair}/disposition",
        {"decision": "accept", "response": "Tiếp thu, bổ sung vào mục II.1"},
    )
    assert done.status_code == 303, done.text
    got = site.all(select(Disposition))
    assert len(got) == 2 and {d.response for d in got} == {"Tiếp thu, bổ sung vào mục II.1"}

    again = post(client, f"/directives/{did}/groups")
    assert again.status_code == 303
    assert "grouping.requested" in site.all(select(StoredEvent.type))
    assert "group-comments" in site.flows()
