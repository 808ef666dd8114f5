"""The follow-up plan at issuance (issue 12, item 1), driven as a new office would: Tỉnh ủy
Cao Bằng's Ban Tuyên giáo issues its own directive in 2025 and confirms the plan the page
pre-fills from the text; saved twice it has two versions saying what changed; the API twin
answers the same; other bodies, leaders and a directive not yet issued are refused."""

import html
import json
import re
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urlencode

from fastapi.testclient import TestClient
from sqlmodel import Session, col, select

from models.commands.users import api_token_create
from models.follow_up.plan import PlanIn
from models.ids import id_of
from models.tables import User
from models.tables.follow_up import FollowUpPlan
from tests.web.follow_up_office import NOW, Office, directive_issued, make_office


class FormFields(HTMLParser):
    """What a browser would post from the page's plan form: text fields, the ticked boxes,
    each select's chosen option, the textareas."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.fields: list[tuple[str, str]] = []
        self._select: str | None = None
        self._first: str | None = None
        self._chosen = False
        self._area: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form" and a.get("id") == self.form_id:
            self.inside = True
        if not self.inside or "name" not in a and tag in ("input", "select", "textarea"):
            return
        if tag == "input" and a.get("type") not in ("submit", "search"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            self.fields.append((a["name"], a.get("value", "")))
        elif tag == "select":
            self._select, self._first, self._chosen = a["name"], None, False
        elif tag == "option" and self._select is not None:
            if self._first is None:
                self._first = a.get("value", "")
            if "selected" in a:
                self.fields.append((self._select, a.get("value", "")))
                self._chosen = True
        elif tag == "textarea":
            self._area, self._text = a["name"], ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self._select is not None:
            if not self._chosen:
                self.fields.append((self._select, self._first or ""))
            self._select = None
        elif tag == "textarea" and self._area is not None:
            self.fields.append((self._area, self._text))
            self._area = None
        elif tag == "form":
            self.inside = False

    def handle_data(self, data: str) -> None:
        if self._area is not None:
            self._text += data


def form_fields(page: str) -> list[tuple[str, str]]:
    parser = FormFields("plan-form")
    parser.feed(page)
    return [(k, v) for k, v in parser.fields if k != "csrf_token"]


def one(fields: list[tuple[str, str]], name: str) -> str:
    found = [v for k, v in fields if k == name]
    assert len(found) == 1, (name, found)
    return found[0]


def many(fields: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in fields if k == name]


def replaced(fields: list[tuple[str, str]], **new: str | list[str]) -> list[tuple[str, str]]:
    out = [(k, v) for k, v in fields if k not in new]
    for k, v in new.items():
        out += [(k, x) for x in (v if isinstance(v, list) else [v])]
    return out


def send(client: TestClient, path: str, fields: list[tuple[str, str]]) -> Any:
    """The fields posted as a browser posts a form (repeated names kept)."""
    body = urlencode([*fields, ("csrf_token", getattr(client, "csrf", ""))])
    return client.post(
        path, content=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )


def _bearer(office: Office, username: str) -> dict[str, str]:
    with Session(office.app.state.engine) as s:
        user = s.exec(select(User).where(User.username == username)).one()
        _, raw = api_token_create(s, user_id=id_of(user), name="test", by="test", now=NOW)
    return {"Authorization": f"Bearer {raw}"}


PLAN_KEYS = tuple(PlanIn.model_fields)


def plan_path(did: int) -> str:
    return f"/directives/{did}/follow-up/plan"


# --- the form, pre-filled for the office's own directive ---


def test_the_form_is_prefilled_from_the_directives_text_and_the_offices_records(
    engine, session, settings
):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    ids = office.ids
    page = office.client("mai").get(plan_path(did))
    assert page.status_code == 200, page.text
    text = html.unescape(page.text)
    fields = form_fields(page.text)
    # "định kỳ 6 tháng, hằng năm", from the year of issuance to the tổng kết (2029).
    assert many(fields, "cadence") == ["6-thang", "nam"]
    assert (one(fields, "first_year"), one(fields, "last_year")) == ("2025", "2029")
    assert (one(fields, "so_ket_year"), one(fields, "tong_ket_year")) == ("2027", "2029")
    # "Các huyện ủy, thành ủy và các sở, ngành": the office's district-level committees and
    # its department, not the association; the ceased district is not offered at all.
    ticked = {int(v) for v in many(fields, "reporting_unit_ids")}
    assert ticked == {ids["bao_lac"], ids["thanh_uy"], ids["so_vh"]}
    assert "Hội Nông dân tỉnh" in text and "Huyện ủy Thông Nông" not in text
    # Reports go "qua Ban Tuyên giáo Tỉnh ủy": the office's drafting body.
    assert one(fields, "report_to_id") == str(ids["drafting"])
    # The briefing duty names the drafting body itself, every quarter.
    assert one(fields, "br_unit_0") == str(ids["drafting"])
    assert one(fields, "br_every_0") == "quy"
    # The sections of the issued text, numbered as in it.
    keys = [v for k, v in fields if k.startswith("sec_key_") and v]
    assert keys == ["I", "II", "II.1", "II.2", "III", "III.1", "III.2", "III.3"]
    titles = [v for k, v in fields if k.startswith("sec_title_") and v]
    assert "Nâng cao chất lượng đội ngũ báo cáo viên, tuyên truyền viên ở cơ sở." in titles
    # The sentences read are quoted for the officer to check.
    assert "qua Ban Tuyên giáo Tỉnh ủy" in text and "mỗi quý một lần" in text
    assert "Chưa có phiên bản nào." in text


def test_saving_twice_makes_two_versions_with_the_change_shown(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    client = office.client("mai")
    fields = form_fields(client.get(plan_path(did)).text)
    fields = replaced(
        fields,
        ind_code_0="so_buoi_tuyen_truyen",
        ind_name_0="Số buổi tuyên truyền miệng",
        ind_measure_0="buổi",
        note="Lập theo Chỉ thị 05-CT/TU",
    )
    first = send(client, plan_path(did), fields)
    assert first.status_code == 303, first.text
    again = client.get(plan_path(did))
    fields = form_fields(again.text)
    # The form now starts from version 1, the indicator kept.
    assert one(fields, "ind_code_0") == "so_buoi_tuyen_truyen"
    assert many(fields, "cadence") == ["6-thang", "nam"]
    second = send(
        client,
        plan_path(did),
        replaced(fields, cadence=["quy-1", "6-thang", "9-thang", "nam"], cutoff_day="15"),
    )
    assert second.status_code == 303, second.text
    rows = office.all(
        select(FollowUpPlan)
        .where(FollowUpPlan.directive_id == did)
        .order_by(col(FollowUpPlan.version))
    )
    assert [r.version for r in rows] == [1, 2]
    assert rows[0].cadence == ["6-thang", "nam"] and rows[1].cutoff_day == 15
    assert rows[1].indicators == rows[0].indicators
    assert {r.created_by for r in rows} == {"mai"}
    page = html.unescape(client.get(plan_path(did)).text)
    versions = page.split('id="plan-versions"')[1]
    assert "Kỳ báo cáo: 6 tháng, Năm → Quý I, 6 tháng, 9 tháng, Năm" in versions
    assert "Ngày chốt số liệu: ngày 14 → ngày 15" in versions
    assert "Lập kế hoạch lần đầu." in versions and "Lập theo Chỉ thị 05-CT/TU" in versions
    # The overview shows the version in force and links to the plan.
    overview = html.unescape(office.client("mai").get(f"/directives/{did}/follow-up").text)
    assert "phiên bản 2" in overview and plan_path(did) in overview


def test_bad_input_is_answered_at_the_field_with_what_was_typed_kept(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    client = office.client("mai")
    fields = form_fields(client.get(plan_path(did)).text)
    bad = replaced(
        fields,
        first_year="2030",
        cutoff_day="31",
        reminder_before="3, hai",
        ind_code_0="Số buổi",
        ind_name_0="Số buổi đối thoại",
    )
    r = send(client, plan_path(did), bad)
    assert r.status_code == 422, r.text
    page = html.unescape(r.text)
    assert "Năm kết thúc không được trước năm bắt đầu." in page
    assert "Ngày chốt số liệu phải từ 1 đến 28." in page
    assert "Nhập các số ngày, cách nhau bởi dấu phẩy" in page
    assert "Mã chỉ tiêu chỉ gồm chữ thường không dấu" in page
    kept = form_fields(r.text)
    assert one(kept, "cutoff_day") == "31" and one(kept, "reminder_before") == "3, hai"
    assert one(kept, "ind_code_0") == "Số buổi" and one(kept, "ind_name_0") == "Số buổi đối thoại"
    assert many(kept, "cadence") == ["6-thang", "nam"]
    # Each message sits under its own field.
    hint = r'(?:<small class="muted">[^<]*</small>\s*)?'
    assert re.search(
        rf'name="cutoff_day" value="31"[^>]*>\s*{hint}<small class="field-error"', page
    )
    assert re.search(r'name="ind_code_0" value="Số buổi"[^>]*>\s*<small class="field-error"', page)
    # No unit at all: refused at the unit list, nothing saved.
    none = [(k, v) for k, v in fields if k not in ("reporting_unit_ids", "group_ids")]
    r = send(client, plan_path(did), none)
    assert r.status_code == 422
    assert "Vui lòng chọn ít nhất một đơn vị báo cáo." in html.unescape(r.text)
    assert office.all(select(FollowUpPlan.id)) == []


def test_a_row_more_is_added_without_saving(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    client = office.client("mai")
    fields = form_fields(client.get(plan_path(did)).text)
    rows = int(one(fields, "ind_rows"))
    r = send(client, plan_path(did), [*replaced(fields, ind_name_0="Số hội nghị"), ("more", "ind")])
    assert r.status_code == 200
    again = form_fields(r.text)
    assert int(one(again, "ind_rows")) == rows + 1
    assert one(again, "ind_name_0") == "Số hội nghị"
    assert office.all(select(FollowUpPlan.id)) == []


# --- refusals ---


def test_refusals(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    site = office
    fields = form_fields(site.client("mai").get(plan_path(did)).text)
    # Another body's officer: the directive does not exist for them, page or API.
    other = site.client("khac")
    assert other.get(plan_path(did)).status_code == 404
    assert other.get(f"/directives/{did}/follow-up").status_code == 404
    assert send(other, plan_path(did), fields).status_code == 404
    api = TestClient(site.app)
    path = f"/api/v1/directives/{did}/follow-up/plan"
    assert api.get(path, headers=_bearer(office, "khac")).status_code == 404
    # A leader and the clerk read the plan but may not change it.
    for username in ("lanhdao", "vanthu"):
        client = site.client(username)
        page = client.get(plan_path(did))
        assert page.status_code == 200, username
        assert "Bạn chỉ được xem kế hoạch" in html.unescape(page.text)
        assert "Lưu kế hoạch</button>" not in page.text
        assert send(client, plan_path(did), fields).status_code == 403, username
        put = api.put(path, headers=_bearer(office, username), json={})
        assert put.status_code == 403, username
    assert site.all(select(FollowUpPlan.id)) == []


def test_a_directive_not_issued_has_no_plan_yet(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office, issue=False)  # signed, not yet issued
    client = office.client("mai")
    for path in (plan_path(did), f"/directives/{did}/follow-up"):
        page = client.get(path)
        assert page.status_code == 409
        text = html.unescape(page.text)
        assert "Chỉ thị chưa ban hành" in text and f'href="/directives/{did}"' in text
    api = TestClient(office.app)
    r = api.get(f"/api/v1/directives/{did}/follow-up/plan", headers=_bearer(office, "mai"))
    assert r.status_code == 409 and "Chỉ thị chưa ban hành" in r.json()["error"]
    # The directive page offers no follow-up link before issuance.
    assert f"/directives/{did}/follow-up" not in client.get(f"/directives/{did}").text


def test_the_directive_page_shows_the_stage_after_issuance(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    page = html.unescape(office.client("lanhdao").get(f"/directives/{did}").text)
    stepper = page.split('class="stepper"')[1].split("</ol>")[0]
    assert stepper.index("Đã ban hành") < stepper.index("Theo dõi thực hiện")
    assert f'href="/directives/{did}/follow-up"' in stepper


def test_the_overview_asks_each_card_from_the_part_that_serves_it(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    client = office.client("mai")
    page = client.get(f"/directives/{did}/follow-up")
    assert page.status_code == 200
    for key in ("periods", "rollup", "briefings", "reviews", "don-doc"):
        card = f"/directives/{did}/follow-up/cards/{key}"
        assert f'hx-get="{card}"' in page.text, key
        answer = client.get(card, headers={"HX-Request": "true"})
        assert answer.status_code == 200 and "<html" not in answer.text, key
    # No plan yet: the overview says so and links to the form.
    text = html.unescape(page.text)
    assert "Chưa có kế hoạch theo dõi thực hiện." in text and plan_path(did) in text


# --- the API twin ---


def test_the_api_twin_gives_what_the_page_gives(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    site, ids = office, office.ids
    api = TestClient(site.app)
    auth = _bearer(office, "mai")
    path = f"/api/v1/directives/{did}/follow-up/plan"
    suggested = api.get(path, headers=auth)
    assert suggested.status_code == 200, suggested.text
    body = suggested.json()
    assert body["version"] is None
    assert body["cadence"] == ["6-thang", "nam"]
    assert set(body["reporting_unit_ids"]) == {ids["bao_lac"], ids["thanh_uy"], ids["so_vh"]}
    assert body["report_to_id"] == ids["drafting"]
    assert [q["duty"] for q in body["suggested_from"]] == [
        "Kỳ báo cáo",
        "Hội nghị giao ban",
        "Sơ kết, tổng kết",
    ]
    # The page saves its pre-filled form; the API reads the same plan back.
    client = site.client("mai")
    send(client, plan_path(did), form_fields(client.get(plan_path(did)).text))
    saved = api.get(path, headers=auth).json()
    assert saved["version"] == 1 and saved["created_by"] == "mai"
    keep = ("cadence", "first_year", "last_year", "reporting_unit_ids", "report_to_id")
    assert {k: saved[k] for k in keep} == {k: body[k] for k in keep} | {
        "reporting_unit_ids": saved["reporting_unit_ids"]
    }
    assert sorted(saved["reporting_unit_ids"]) == sorted(body["reporting_unit_ids"])
    assert saved["sections"] == body["sections"] and saved["briefings"] == body["briefings"]
    # A PUT of the same plan with one change: version 2, the change in the versions list,
    # which the page lists the same.
    plan = {k: saved[k] for k in PLAN_KEYS}
    plan["due_working_days"] = 7
    put = api.put(path, headers=auth, json=plan)
    assert put.status_code == 200, put.text
    assert put.json()["version"] == 2 and put.json()["due_working_days"] == 7
    versions = api.get(path + "/versions", headers=auth).json()
    assert [v["version"] for v in versions] == [2, 1]
    assert versions[0]["changes"] == [
        "Hạn nộp: 5 ngày làm việc sau ngày chốt → 7 ngày làm việc sau ngày chốt"
    ]
    page = html.unescape(client.get(plan_path(did)).text)
    for change in versions[0]["changes"]:
        assert change in page
    # Bad input: the same Vietnamese message as the page gives at the field.
    bad = api.put(path, headers=auth, json={**plan, "cutoff_day": 31})
    assert bad.status_code == 422
    assert {"field": "cutoff_day", "message": "Ngày chốt số liệu phải từ 1 đến 28."} in bad.json()[
        "errors"
    ]
    assert len(api.get(path + "/versions", headers=auth).json()) == 2


# --- the CLI ---


def test_the_cli_shows_and_saves_the_plan_as_the_api_does(
    engine, session, settings, tmp_path, monkeypatch
):
    from typer.testing import CliRunner

    from duthao.cli import app as cli

    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    monkeypatch.setenv("DUTHAO_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    monkeypatch.setenv("DUTHAO_DATA_DIR", str(tmp_path / "cli-data"))
    monkeypatch.setenv("DUTHAO_SECRET_KEY", "cli-test-secret")
    runner = CliRunner()
    shown = runner.invoke(cli, ["directive", "follow-up-plan", str(did), "--by", "mai"])
    assert shown.exit_code == 0, shown.output
    plan = json.loads(shown.output)
    assert plan.pop("version") is None
    api = TestClient(office.app).get(
        f"/api/v1/directives/{did}/follow-up/plan", headers=_bearer(office, "mai")
    )
    assert {k: api.json()[k] for k in plan} == plan
    # Saved from a file: version 1; another body's officer may not.
    file = tmp_path / "plan.json"
    file.write_text(json.dumps({**plan, "cutoff_day": 10}), encoding="utf-8")
    refused = runner.invoke(
        cli, ["directive", "follow-up-plan", str(did), "--file", str(file), "--by", "khac"]
    )
    assert refused.exit_code == 1
    saved = runner.invoke(
        cli, ["directive", "follow-up-plan", str(did), "--file", str(file), "--by", "mai"]
    )
    assert saved.exit_code == 0, saved.output
    assert "phiên bản 1" in saved.output
    assert [r.cutoff_day for r in office.all(select(FollowUpPlan))] == [10]
    file.write_text(json.dumps({**plan, "cutoff_day": 40}), encoding="utf-8")
    bad = runner.invoke(
        cli, ["directive", "follow-up-plan", str(did), "--file", str(file), "--by", "mai"]
    )
    assert bad.exit_code == 1 and "Ngày chốt số liệu phải từ 1 đến 28." in bad.output


def test_hostile_input_is_refused_in_vietnamese_never_a_500(engine, session, settings):
    office = make_office(engine, session, settings)
    did = directive_issued(session, office)
    client = office.client("mai")
    fields = form_fields(client.get(plan_path(did)).text)
    cases: list[tuple[dict[str, str | list[str]], str, str]] = [
        ({"first_year": "99999999999999999999"}, "first_year", "Năm bắt đầu phải từ"),
        ({"note": "ghi chú\x00\x1b[31m"}, "note", "ký tự điều khiển"),
        ({"reporting_unit_ids": ["abc"]}, "reporting_unit_ids", ""),
        ({"cadence": ["quy-5"]}, "cadence", "Kỳ báo cáo không hợp lệ"),
        ({"so_ket_year": "2040"}, "so_ket_year", "Năm sơ kết phải trong thời gian theo dõi"),
        ({"ind_rows": "99999999", "ind_code_0": "a", "ind_name_0": ""}, "ind_name_0", ""),
        (
            {"ind_code_0": "ma", "ind_name_0": "A", "ind_code_1": "ma", "ind_name_1": "B"},
            "indicators",
            "Mã chỉ tiêu “ma” bị trùng.",
        ),
        ({"br_unit_0": "", "br_category_0": "", "br_note_0": "x"}, "br_category_0", "Vui lòng"),
    ]
    for change, field, message in cases:
        r = send(client, plan_path(did), replaced(fields, **change))
        assert r.status_code == 422, (change, r.status_code)
        page = html.unescape(r.text)
        assert 'class="field-error"' in page, change
        if message:
            assert message in page, (change, message)
        assert field in r.text, change
    assert office.all(select(FollowUpPlan.id)) == []
    api = TestClient(office.app)
    path = f"/api/v1/directives/{did}/follow-up/plan"
    auth = _bearer(office, "mai")
    bodies: list[Any] = [
        {},
        {"cadence": "nam"},
        {"cadence": ["nam"], "first_year": 2025, "last_year": 2025, "reporting_unit_ids": [0]},
        [],
    ]
    for body in bodies:
        r = api.put(path, headers=auth, json=body)
        assert r.status_code == 422, (body, r.text)
        assert r.json()["error"] == "Dữ liệu nhập chưa hợp lệ."
    # A unit that does not exist, or a start before the year of issuance: the command's
    # refusal at the field, on the page as on the API.
    refusals: list[tuple[dict[str, str | list[str]], str, str]] = [
        (
            {"reporting_unit_ids": ["987654"]},
            "reporting_unit_ids",
            "Không tìm thấy đơn vị #987654.",
        ),
        ({"first_year": "2024"}, "first_year", "Năm bắt đầu không được trước năm ban hành (2025)."),
    ]
    for change, field, message in refusals:
        r = send(client, plan_path(did), replaced(fields, **change))
        assert r.status_code == 422, change
        assert message in html.unescape(r.text)
        assert re.search(rf'name="{field}"', r.text)
    suggested = api.get(path, headers=auth).json()
    plan = {k: suggested[k] for k in PLAN_KEYS}
    r = api.put(path, headers=auth, json={**plan, "reporting_unit_ids": [987654]})
    assert r.status_code == 422
    assert (r.json()["error"], r.json()["field"]) == (
        "Không tìm thấy đơn vị #987654.",
        "reporting_unit_ids",
    )
    assert office.all(select(FollowUpPlan.id)) == []
