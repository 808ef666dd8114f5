"""A new office for the follow-up tests: Tỉnh ủy Cao Bằng's Ban Tuyên giáo, its units (one
ceased in 2019), its people, and a directive of its own carried through the commands to
issuance on 20/3/2025 (not the demo's body, units or dates)."""

from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

from fastapi.testclient import TestClient
from sqlmodel import Session

from models.commands.directives import (
    directive_create,
    directive_finalise,
    directive_issue,
    directive_submit,
)
from models.commands.drafts import draft_add, draft_set_final
from models.commands.rounds import round_close, round_open
from models.commands.signing import directive_sign
from models.commands.units import unit_create
from models.commands.users import user_create
from models.db import session_scope
from models.ids import id_of
from models.policy import Role
from models.tables import Term, Unit, User
from models.tokens import Links
from tests.web.officer_kit import PASSWORD, RecordingRunner, login
from web.app import create_app

__all__ = ["ISSUED_AT", "NOW", "PASSWORD", "TEXT", "Office", "directive_issued", "make_office"]

ISSUED_AT = datetime(2025, 3, 20, 2, 0, tzinfo=UTC)  # 09:00 on 20/3/2025 in Vietnam
NOW = ISSUED_AT + timedelta(days=5)

TEXT = """Thời gian qua, công tác tuyên truyền miệng ở cơ sở đã đạt nhiều kết quả.
I. TÌNH HÌNH
Một số cấp ủy chưa quan tâm đúng mức đến công tác tuyên truyền miệng.
II. NHIỆM VỤ, GIẢI PHÁP
1. Nâng cao chất lượng đội ngũ báo cáo viên, tuyên truyền viên ở cơ sở.
2. Đổi mới nội dung, hình thức tuyên truyền miệng phù hợp từng địa bàn.
III. TỔ CHỨC THỰC HIỆN
1. Các huyện ủy, thành ủy và các sở, ngành báo cáo kết quả thực hiện định kỳ 6 tháng, \
hằng năm về Ban Thường vụ Tỉnh ủy (qua Ban Tuyên giáo Tỉnh ủy).
2. Giao Ban Tuyên giáo Tỉnh ủy chủ trì tổ chức hội nghị giao ban mỗi quý một lần.
3. Sau 2 năm sơ kết, năm 2029 tổng kết việc thực hiện Chỉ thị."""


@dataclass
class Office:
    """The app on the test database with the office's records (ids by short name)."""

    app: Any
    ids: dict[str, int]

    def client(self, username: str) -> TestClient:
        client = TestClient(self.app, follow_redirects=False)
        login(client, username)
        return client

    def all(self, stmt: Any) -> list[Any]:
        with session_scope(self.app.state.engine) as s:
            return list(s.exec(stmt).all())


def _office(session: Session) -> dict[str, int]:
    def unit(name: str, **kw: Any) -> int:
        return id_of(unit_create(session, name=name, by="test", now=ISSUED_AT, **kw))

    province = unit("Tỉnh ủy Cao Bằng", symbol="TU", superior="ĐẢNG BỘ TỈNH CAO BẰNG")
    ids = {
        "province": province,
        "issuer": unit(
            "Ban Thường vụ Tỉnh ủy Cao Bằng",
            parent_id=province,
            symbol="TU",
            superior="ĐẢNG BỘ TỈNH CAO BẰNG",
            place="Cao Bằng",
        ),
        "drafting": unit(
            "Ban Tuyên giáo Tỉnh ủy Cao Bằng",
            parent_id=province,
            symbol="BTGTU",
            category="ban-dang",
            email="btgtu@caobang.test",
            superior="TỈNH ỦY CAO BẰNG",
            place="Cao Bằng",
        ),
        "other_body": unit("Ban Dân vận Tỉnh ủy Cao Bằng", parent_id=province, symbol="BDVTU"),
        "bao_lac": unit("Huyện ủy Bảo Lạc", category="huyen-uy", email="hu.baolac@cb.test"),
        "thanh_uy": unit("Thành ủy Cao Bằng", category="huyen-uy", email="tu.caobang@cb.test"),
        "so_vh": unit(
            "Sở Văn hóa, Thể thao và Du lịch", category="chinh-quyen", email="svhttdl@cb.test"
        ),
        "hoi_nd": unit("Hội Nông dân tỉnh", category="doan-the", email="hnd@cb.test"),
        "thong_nong": unit("Huyện ủy Thông Nông", category="huyen-uy", email="hu.tn@cb.test"),
    }
    # Merged into Hà Quảng in 2020: no longer offered as a reporting unit.
    ceased = session.get(Unit, ids["thong_nong"])
    assert ceased is not None
    ceased.valid_to = date(2019, 12, 31)
    session.add(ceased)
    session.add(Term(name="2020 - 2025", starts_on=date(2020, 10, 1), ends_on=date(2025, 9, 30)))
    session.commit()
    return ids


def make_office(engine, session: Session, settings) -> Office:
    ids = _office(session)
    mai = user_create(
        session,
        username="mai",
        password=PASSWORD,
        full_name="Nông Thị Mai",
        unit_id=ids["drafting"],
        email="mai@caobang.test",
        by="test",
        now=ISSUED_AT,
    )
    for username, role, unit_id in [
        ("lanhdao", Role.LEADER, None),
        ("vanthu", Role.CLERK, ids["drafting"]),
        ("quantri", Role.ADMIN, None),
        ("khac", Role.OFFICER, ids["other_body"]),
    ]:
        session.add(
            User(
                username=username,
                full_name=username.title(),
                role=role,
                unit_id=unit_id,
                email=f"{username}@caobang.test",
                password_hash=mai.password_hash,
                created_at=ISSUED_AT,
            )
        )
    session.commit()
    app = create_app(settings, engine=engine, runner=RecordingRunner(), run_sweep=False)
    app.state.clock = lambda: NOW
    session.rollback()
    return Office(app, ids)


def directive_issued(session: Session, office: Office, *, issue: bool = True) -> int:
    """A directive of the office through the commands: drafted, one round, finalised,
    submitted, signed 20/3/2025 as 05-CT/TU, issued."""
    ids, t = office.ids, ISSUED_AT - timedelta(days=60)
    d, _ = directive_create(
        session,
        title="Tăng cường công tác tuyên truyền miệng trong tình hình mới",
        issuer_id=ids["issuer"],
        drafting_unit_id=ids["drafting"],
        by="mai",
        now=t,
    )
    did = id_of(d)
    version, _ = draft_add(session, directive_id=did, text=TEXT, by="mai", now=t)
    links = Links(base_url="http://test", secret="s" * 32)
    opened = round_open(
        session,
        directive_id=did,
        kind="written",
        unit_ids=[ids["bao_lac"]],
        by="mai",
        now=t + timedelta(days=1),
        links=links,
        deadline=(t + timedelta(days=15)).date(),
    )
    round_close(session, round_id=id_of(opened.round), by="mai", now=t + timedelta(days=20))
    directive_finalise(session, directive_id=did, by="mai", now=t + timedelta(days=21))
    draft_set_final(
        session, directive_id=did, version_id=id_of(version), by="mai", now=t + timedelta(days=22)
    )
    directive_submit(session, directive_id=did, by="mai", now=t + timedelta(days=23))
    directive_sign(
        session,
        directive_id=did,
        signed_on=ISSUED_AT.date(),
        signer_title="Phó Bí thư Thường trực",
        signer_name="Nguyễn Văn A",
        on_behalf_of="BAN THƯỜNG VỤ",
        recipient_ids=[ids["bao_lac"]],
        number="05-CT/TU",
        by="vanthu",
        now=ISSUED_AT,
    )
    if issue:
        directive_issue(session, directive_id=did, by="vanthu", now=ISSUED_AT)
    session.close()
    return did
