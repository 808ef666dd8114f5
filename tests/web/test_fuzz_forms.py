"""Malformed posts to the unit pages and the API get a clean 4xx in Vietnamese, never a 500,
and change nothing: huge bodies, non-UTF-8 bytes, broken multipart and JSON, random bytes."""

from hypothesis import HealthCheck, given
from hypothesis import settings as fuzzing
from hypothesis import strategies as st
from sqlmodel import select

from models.tables import Comment
from tests.web.test_unit_support import csrf_of, rows, running
from web.limited_route import MAX_BODY

FORM = "application/x-www-form-urlencoded"


def test_malformed_bodies_get_a_clean_vietnamese_4xx(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        url = f"/u/{case.token()}"
        token = csrf_of(client, url)
        hx = {"X-CSRF-Token": token}
        posts = [
            # (path, body, content type, expected status, expected message)
            ("/comments", b"text=" + b"a" * (MAX_BODY + 1), FORM, 413, "quá lớn"),
            ("/comments", b"position=agree&text=\xff\xfe\xfa", FORM, 400, "UTF-8"),
            ("/comments", b"position=agree&text=%FF%FE%C3", FORM, 400, "UTF-8"),
            ("/comments", b"--x\r\nContent-Disposition: form-data\r\n\r\n", "multipart/form-data",
             400, "không hợp lệ"),
            ("/comments", b"position=agree&section_id=99999999999", FORM, 422, "nhỏ hơn hoặc bằng"),
            ("/comments", b"position=agree&section_id=abc", FORM, 422, "số nguyên"),
            ("/comments", b"position=agree&text=%00", FORM, 422, "ký tự điều khiển"),
            ("/submit", b"reply_date=2023-13-45", FORM, 422, "Ngày không hợp lệ"),
            ("/comments/abc", b"position=agree", FORM, 422, "không hợp lệ"),
        ]  # fmt: skip
        for path, body, ctype, status, message in posts:
            r = client.post(url + path, content=body, headers={**hx, "Content-Type": ctype})
            assert r.status_code == status, f"{path} {body[:40]!r}: {r.status_code}"
            assert message in r.text, f"{path} {body[:40]!r}: {r.text[:300]}"

        def chunks():
            for _ in range(MAX_BODY // 65536 + 2):
                yield b"a" * 65536

        streamed = client.post(
            url + "/comments", content=chunks(), headers={**hx, "Content-Type": FORM}
        )
        assert streamed.status_code == 413

        api = f"/api/v1/u/{case.token()}/comments"
        for body, status, message in [
            (b'{"position": "agree", ', 422, "Dữ liệu nhập chưa hợp lệ"),
            (b'{"position": "agree", "text": "\xff"}', 400, "UTF-8"),
            (b"[1, 2, 3]", 422, "Dữ liệu nhập chưa hợp lệ"),
            (b'{"position": "agree", "hack": 1}', 422, "Dữ liệu nhập chưa hợp lệ"),
        ]:
            r = client.post(api, content=body, headers={"Content-Type": "application/json"})
            assert r.status_code == status and message in r.json()["error"], r.text
        assert rows(engine, select(Comment)) == []


def test_random_bytes_never_break_the_unit_form(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        url = f"/u/{case.token()}/comments"
        headers = {"X-CSRF-Token": csrf_of(client, f"/u/{case.token()}"), "Content-Type": FORM}

        @given(body=st.binary(max_size=300) | st.text(max_size=200).map(str.encode))
        @fuzzing(max_examples=60, derandomize=True, deadline=None, database=None,
                  suppress_health_check=list(HealthCheck))  # fmt: skip
        def post(body: bytes) -> None:
            r = client.post(url, content=body, headers={**headers, "HX-Request": "true"})
            assert r.status_code < 500, (body, r.status_code)
            assert not r.text.isascii(), (body, r.text[:200])  # a Vietnamese answer

        post()
