"""Links and logins: unguessable tokens stored only as hashes, expiry at close + grace,
revoke and re-issue, cookie flags, and the login rate limit on the API's token exchange."""

import base64
import math
from collections import Counter
from datetime import timedelta

from sqlmodel import Session, select

from models.commands.invitations import invitation_reissue
from models.commands.rounds import round_close
from models.commands.users import user_create
from models.ids import id_of
from models.tables import Invitation, LoginAttempt
from tests.conftest import T0
from tests.web.test_unit_support import links_for, running


def _entropy_bits(token: str) -> float:
    """Shannon entropy of the decoded bytes, a floor on how random the token looks."""
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    counts = Counter(raw)
    per_byte = -sum(c / len(raw) * math.log2(c / len(raw)) for c in counts.values())
    return per_byte * len(raw)


def test_tokens_are_unguessable_and_stored_hashed(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        tokens = list(case.opened.tokens.values())
        assert len(set(tokens)) == len(tokens)
        for t in tokens:
            assert len(base64.urlsafe_b64decode(t + "=" * (-len(t) % 4))) >= 32  # 256 bits
            assert _entropy_bits(t) > 128
        with Session(engine) as s:
            stored = s.exec(select(Invitation)).all()
        columns = {str(v) for inv in stored for v in inv.model_dump().values()}
        assert not columns & set(tokens)  # the database never holds a usable link
        page = client.get(f"/u/{tokens[0]}")
        cookie = page.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=lax" in cookie
        assert page.headers["cache-control"] == "no-store"


def test_links_expire_at_close_plus_grace_and_can_be_reissued(engine, session, settings):
    with running(engine, session, settings) as (case, client):
        old = case.token(2)
        inv_id = session.exec(
            select(Invitation.id).where(Invitation.unit_id == case.w.units[2].id)
        ).one()
        inv, new = invitation_reissue(
            session, invitation_id=inv_id, by="hoa", now=case.now[0], links=links_for(settings)
        )
        assert new != old
        assert client.get(f"/u/{old}").status_code == 403
        assert client.get(f"/u/{new}").status_code == 200
        closed_at = case.now[0] + timedelta(days=3)
        round_close(session, round_id=id_of(case.opened.round), by="hoa", now=closed_at)
        grace = timedelta(days=settings.token_grace_days)
        case.at(closed_at + grace - timedelta(minutes=1))
        last = client.get(f"/u/{new}")
        assert last.status_code == 200 and "Đợt lấy ý kiến đã kết thúc" in last.text
        case.at(closed_at + grace + timedelta(minutes=1))
        gone = client.get(f"/u/{new}")
        assert gone.status_code == 403 and "Liên kết không hợp lệ hoặc đã hết hạn" in gone.text
        assert client.get(f"/api/v1/u/{new}").status_code == 403


def test_token_exchange_is_rate_limited(engine, session, settings):
    with running(engine, session, settings) as (_, client):
        for name in ("hoa", "nam"):
            user_create(
                session,
                username=name,
                password="mat-khau-9x-dai-hon",
                full_name=name,
                by="t",
                now=T0,
            )
        session.rollback()
        ok = client.post(
            "/api/v1/auth/token", json={"username": "hoa", "password": "mat-khau-9x-dai-hon"}
        )
        assert ok.status_code == 201 and ok.json()["token"].startswith("dt_")
        listed = client.get(
            "/api/v1/directives", headers={"Authorization": f"Bearer {ok.json()['token']}"}
        )
        assert listed.status_code == 200
        for _ in range(5):
            wrong = client.post("/api/v1/auth/token", json={"username": "hoa", "password": "x"})
            assert wrong.status_code == 401 and "không đúng" in wrong.json()["error"]
        blocked = client.post(
            "/api/v1/auth/token", json={"username": "HOA", "password": "mat-khau-9x-dai-hon"}
        )
        assert blocked.status_code == 429 and "quá nhiều lần" in blocked.json()["error"]
        other = client.post(
            "/api/v1/auth/token", json={"username": "nam", "password": "mat-khau-9x-dai-hon"}
        )
        assert other.status_code == 201  # the limit is per username
        with Session(engine) as s:
            assert len(s.exec(select(LoginAttempt)).all()) == 5
