"""An officer drives a directive from assignment to issuance through the pages alone."""

import io
import re
from datetime import date, timedelta

import docx
from sqlmodel import func, select

from models.commands.answers import answer_no_comments, answer_submit, comment_save
from models.tables import (
    Comment,
    Directive,
    Disposition,
    DraftVersion,
    Invitation,
    OutboxMessage,
    Round,
    Section,
)
from tests.expect import group
from tests.factories import DRAFT_TEXT
from tests.links import unit_link
from tests.web.officer_kit import NOW, hx_post, login, make_site, post


def _token(link: str) -> str:
    return link.rsplit("/", 1)[-1]


def _create(client, **extra):
    data = {
        "title": "Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới",
        "assignment_number": "1704-TB/TU",
        "assignment_date": "04/7/2023",
        **extra,
    }
    new = client.get("/directives/new")
    issuer = re.search(r'<option value="(\d+)" selected>Ban Thường vụ Tỉnh ủy', new.text)
    assert issuer, "the Standing Board is proposed as issuer"
    return post(client, "/directives/new", {**data, "issuer_id": issuer.group(1)})


def test_written_round_from_assignment_to_issuance(engine, session, settings):
    site = make_site(engine, session, settings)
    hoa = site.client("hoa")

    # A missing title: the form comes back with the message and what was typed.
    bad = _create(hoa, title="  ")
    assert bad.status_code == 422
    assert "không được để trống" in bad.text and 'value="1704-TB/TU"' in bad.text
    r = _create(hoa)
    assert r.status_code == 303
    did = int(r.headers["location"].rsplit("/", 1)[-1])
    page = hoa.get(f"/directives/{did}")
    assert "Giao nhiệm vụ" in page.text and "Thêm bản dự thảo mới" in page.text
    assert "Mở đợt lấy ý kiến" not in page.text  # not legal before a draft exists

    assert post(hoa, f"/directives/{did}/drafts/new", {"text": DRAFT_TEXT}).status_code == 303
    page = hoa.get(f"/directives/{did}")
    assert "II.2.a" in page.text and "Lấy ý kiến bằng văn bản" in page.text
    assert "01-CV/BDVTU" in page.text  # the letter number the register will give

    form = hoa.get(f"/directives/{did}/rounds/new?kind=written")
    key = group(r'name="request_key" value="([0-9a-f]+)"', form.text)
    unit_ids = [str(u.id) for u in site.world.units]
    data = {
        "kind": "written",
        "request_key": key,
        "letter_number": "490-CV/BDVTU",
        "letter_date": "12/7/2023",
        "deadline": "27/7/2023",
        "abstract": "V/v góp ý dự thảo Chỉ thị",
        "reminder_days": "3,1",
        "unit_ids": unit_ids,
    }
    opened = post(hoa, f"/directives/{did}/rounds/new", data)
    assert opened.status_code == 303
    again = post(hoa, f"/directives/{did}/rounds/new", data)  # a double click
    assert again.status_code == 303
    rnd = site.one(select(Round))
    assert rnd.letter_number == "490-CV/BDVTU" and rnd.deadline == date(2023, 7, 27)
    # The double post opened one round: one event, so its reactions start once.
    opened = site.reactions()
    assert [r.flow for r in opened] == ["render-documents", "deliver-outbox"]
    assert opened[0].params == {"directive_id": did, "families": [f"letter:{rnd.id}"]}
    assert opened[0].key.startswith("documents:") and opened[1].key.startswith("deliver:")
    links = {
        m.to_email: _token(unit_link(site.app.state.engine, m, settings))
        for m in site.all(select(OutboxMessage).where(OutboxMessage.template == "invitation"))
    }
    assert len(links) == len(site.world.units)

    # Units answer through their links (the commands the unit pages call).
    first, second = site.world.units[0], site.world.units[1]
    section = site.one(select(Section).where(Section.key == "II.1"))
    site.run(
        comment_save,
        raw_token=links[first.email],
        position="disagree",
        text="Đề nghị bổ sung <script>alert(1)</script> vai trò của Mặt trận.",
        section_id=section.id,
        now=NOW + timedelta(days=1),
    )
    site.run(answer_submit, raw_token=links[first.email], now=NOW + timedelta(days=1))
    site.run(answer_no_comments, raw_token=links[second.email], now=NOW + timedelta(days=2))

    round_page = hoa.get(f"/rounds/{rnd.id}")
    assert "Đã trả lời 2/5 (40%)" in round_page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in round_page.text
    assert "<script>alert(1)" not in round_page.text
    partial = hoa.get(f"/rounds/{rnd.id}/invitations", headers={"HX-Request": "true"})
    assert partial.text.lstrip().startswith('<table id="invitations-table"')
    assert 'hx-trigger="every 5s' in partial.text
    filtered = hoa.get(f"/rounds/{rnd.id}/comments?unit={second.id}")
    assert "Không có ý kiến nào phù hợp bộ lọc" in filtered.text

    # Deadline passes: the unanswered units show as overdue; the officer extends.
    site.set_now(NOW + timedelta(days=20))
    login(hoa, "hoa")  # twenty days later the session has ended (idle limit): sign in again
    assert "Quá hạn" in hoa.get(f"/rounds/{rnd.id}/invitations").text
    assert "Đã quá hạn trả lời" in hoa.get("/").text
    bad_extend = post(hoa, f"/rounds/{rnd.id}/extend", {"deadline": "20/7/2023"})
    assert bad_extend.status_code == 422 and 'value="20/7/2023"' in bad_extend.text
    assert post(hoa, f"/rounds/{rnd.id}/extend", {"deadline": "10/8/2023"}).status_code == 303
    assert site.get(Round, rnd.id).deadline == date(2023, 8, 10)

    # Resend one invitation: a new link, the old one revoked.
    inv = site.one(select(Invitation).where(Invitation.unit_id == site.world.units[4].id))
    old_hash = inv.token_hash
    r = hx_post(hoa, f"/invitations/{inv.id}/reissue")
    assert r.status_code == 200 and r.headers["HX-Trigger"] == "round.invitation-reissued"
    assert site.get(Invitation, inv.id).token_hash != old_hash

    # Disposition inline (HTMX), a refusal shown in the row, then a plain post.
    comment = site.one(select(Comment))
    refused = hx_post(hoa, f"/comments/{comment.id}/disposition", {"decision": "explain"})
    assert refused.status_code == 200 and "Vui lòng nêu lý do" in refused.text
    assert site.one(select(func.count()).select_from(Disposition)) == 0
    saved = hx_post(
        hoa,
        f"/comments/{comment.id}/disposition",
        {"decision": "partial", "response": "Tiếp thu một phần, bổ sung ở khoản 1"},
    )
    assert saved.text.lstrip().startswith(f'<tr id="comment-{comment.id}"')
    assert saved.headers["HX-Trigger"] == "comment.disposition-saved"
    plain = post(
        hoa,
        f"/comments/{comment.id}/disposition",
        {
            "decision": "accept",
            "response": "Tiếp thu, chỉnh sửa",
            "back": f"/rounds/{rnd.id}?decision=accept",
        },
    )
    assert (
        plain.status_code == 303
        and plain.headers["location"] == f"/rounds/{rnd.id}?decision=accept"
    )
    assert "Tiếp thu, chỉnh sửa" in hoa.get(f"/rounds/{rnd.id}?decision=accept").text

    # Close: the confirm page says who is told; then the flow is handed the close.
    confirm = hoa.get(f"/rounds/{rnd.id}/close")
    assert "Đánh dấu quá hạn 3 đơn vị" in confirm.text
    assert post(hoa, f"/rounds/{rnd.id}/close").status_code == 303
    closed = site.reactions()[-3:]
    assert [r.flow for r in closed] == ["render-documents", "deliver-outbox", "group-comments"]
    assert closed[0].params["families"] == [f"letter:{rnd.id}", "synthesis", "report"]
    assert site.get(Round, rnd.id).status == "closed"

    # A new version from a .docx; the comment follows its section to the new version.
    doc = docx.Document()
    for line in DRAFT_TEXT.replace("Đổi mới phương pháp", "Đổi mới mạnh mẽ phương pháp").split(
        "\n"
    ):
        doc.add_paragraph(line)
    buf = io.BytesIO()
    doc.save(buf)
    up = post(
        hoa,
        f"/directives/{did}/drafts/new",
        {"text": "", "note": "Tiếp thu đợt 1"},
        files={"file": ("du-thao-2.docx", buf.getvalue(), "application/octet-stream")},
    )
    assert up.status_code == 303, up.text
    page = hoa.get(f"/directives/{did}")
    assert "Bản dự thảo hiện hành: lần 2" in page.text
    sec = page.text.split('id="s-II.1"')[1].split('id="s-II.2"')[0]
    assert "Ban Tuyên giáo Tỉnh ủy" in sec  # re-anchored on version 2
    diff = hoa.get(f"/directives/{did}/diff?a=1&b=2")
    assert "<ins>mạnh mẽ </ins>" in diff.text

    # Finalise, choose the final version, submit, sign with the register's next number, issue.
    assert post(hoa, f"/directives/{did}/act/finalise").status_code == 303
    v2 = site.one(select(DraftVersion).where(DraftVersion.number == 2))
    assert post(hoa, f"/directives/{did}/final", {"version_id": v2.id}).status_code == 303
    assert "bản dự thảo lần 2" in hoa.get(f"/directives/{did}/act/submit").text
    assert post(hoa, f"/directives/{did}/act/submit").status_code == 303
    compiled = site.reactions()[-1]
    assert compiled.flow == "render-documents"
    assert compiled.params == {
        "directive_id": did,
        "families": ["synthesis", "report", "submission"],
    }
    lanh = site.client("lanh")
    # The Standing Board sends it back once, with a reason; the officer submits again.
    assert "Lý do trả lại" in lanh.get(f"/directives/{did}/act/return").text
    back = post(lanh, f"/directives/{did}/act/return", {"reason": "Làm rõ trách nhiệm thực hiện."})
    assert back.status_code == 303
    assert site.get(Directive, did).stage == "finalising"
    assert "Làm rõ trách nhiệm thực hiện." in hoa.get(f"/directives/{did}/audit").text
    assert post(hoa, f"/directives/{did}/act/submit").status_code == 303
    sign_form = lanh.get(f"/directives/{did}/sign")
    assert "01-CT/TU" in sign_form.text
    bad_sign = post(
        lanh,
        f"/directives/{did}/sign",
        {"signed_on": "12/10/2023", "form": "T/M", "signer_name": "Huỳnh Thị Hằng"},
    )
    assert bad_sign.status_code == 422 and "Huỳnh Thị Hằng" in bad_sign.text
    signed = post(
        lanh,
        f"/directives/{did}/sign",
        {
            "signed_on": "12/10/2023",
            "form": "T/M",
            "on_behalf_of": "Ban Thường vụ",
            "signer_title": "Phó Bí thư",
            "signer_name": "Huỳnh Thị Hằng",
            "number": "22-CT/TU",
            "recipient_ids": [str(u.id) for u in site.world.units],
        },
    )
    assert signed.status_code == 303
    assert "Đến 5 nơi nhận" in hoa.get(f"/directives/{did}/act/issue").text.replace(
        "Gửi thư kèm chỉ thị đến", "Đến"
    )
    assert post(hoa, f"/directives/{did}/act/issue").status_code == 303
    d = site.get(Directive, did)
    assert (d.stage, d.number) == ("issued", "22-CT/TU")
    issued = site.reactions()[-2:]
    assert [r.flow for r in issued] == ["render-documents", "deliver-outbox"]
    assert issued[0].params["families"][-1] == "directive"
    assert "Đã ban hành" in hoa.get("/").text


def test_admin_names_the_drafting_body_leader_cannot_create(engine, session, settings):
    site = make_site(engine, session, settings)
    admin = site.client("quantri")
    data = {"title": "Về công tác dân vận", "issuer_id": str(site.world.issuer.id)}
    missing = post(admin, "/directives/new", data)
    assert missing.status_code == 422 and "Vui lòng chọn cơ quan soạn thảo" in missing.text
    assert 'value="Về công tác dân vận"' in missing.text
    made = post(admin, "/directives/new", {**data, "drafting_unit_id": str(site.world.drafting.id)})
    assert made.status_code == 303
    assert site.one(select(Directive.drafting_unit_id)) == site.world.drafting.id
    lanh = site.client("lanh")
    assert "/directives/new" not in lanh.get("/").text
    refused = post(lanh, "/directives/new", data)  # the policy table: a role refusal is a 403
    assert refused.status_code == 403 and "lãnh đạo không được tạo hồ sơ dự thảo" in refused.text
