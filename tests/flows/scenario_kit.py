"""One directive story driven through the officer pages, the /api/v1 API or the CLI, each on
a fresh database with every reaction really run (documents written, mail sent to a local
SMTP sink), and a normalised picture of what it left: records, events and their reactions,
documents, outbox and the messages received.

The units answer the same way in all three (the unit API, through their links); only the
officer's and the leader's entry point changes.
"""

import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from io import BytesIO
from pathlib import Path
from typing import Any

from docx import Document as open_docx
from fastapi.testclient import TestClient
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlmodel import Session, SQLModel, select

from duthao.wiring import flow_extras
from flows.drainer import run_in_process
from models.commands.users import api_token_create, user_create
from models.db import create_all, make_engine, session_scope
from models.ids import id_of
from models.policy import Role
from models.settings import Settings
from models.tables import Comment, Directive, DraftVersion, OutboxMessage, Round, Unit, User
from notifications.sink import MailSink
from tests.conftest import T0
from tests.factories import DRAFT_TEXT, world
from tests.links import unit_token
from tests.web.officer_kit import PASSWORD, hx_post, login, post
from web.app import create_app

TITLE = "Tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo trong tình hình mới"
# The clock of each step, the same in every run (the CLI's is patched to it).
OPEN_AT = T0 + timedelta(days=8)  # 12/7/2023
ANSWER_AT = T0 + timedelta(days=10)
CLOSE_AT = T0 + timedelta(days=24)  # 28/7/2023
FINALISE_AT = T0 + timedelta(days=28)
SIGN_AT = datetime(2023, 10, 12, 2, 0, tzinfo=T0.tzinfo)
ISSUE_AT = SIGN_AT + timedelta(days=1)
SIGNING = {
    "signed_on": "12/10/2023",
    "form": "T/M",
    "on_behalf_of": "Ban Thường vụ",
    "signer_title": "Phó Bí thư",
    "signer_name": "Huỳnh Thị Hằng",
    "number": "22-CT/TU",
}
ANSWERS = [  # (unit index, section key, position, text, reply number)
    (0, "II.1", "disagree", "Đề nghị viết lại mục II.1 cho rõ trách nhiệm.", "12-CV/BTG"),
    (1, "III.1", "agree_with_comments", "Bổ sung vai trò của Ban Tổ chức.", "34-CV/BTCTU"),
]
DISPOSE = {  # by section key
    "II.1": ("explain", "Giữ nguyên: mục II.1 đã nêu trách nhiệm của cấp ủy."),
    "III.1": ("accept", "Tiếp thu, bổ sung ở khoản 1 mục III."),
}


@dataclass
class Story:
    """What each entry point needs: the database, settings, the clock and the seeded ids."""

    engine: Engine
    settings: Settings
    clock: list[datetime]
    issuer_id: int
    drafting_id: int
    unit_ids: list[int]  # the five consulted units; the first three are invited
    app: Any = None
    client: TestClient | None = None  # a client of the app: the units answer through it

    def at(self, moment: datetime) -> None:
        self.clock[0] = moment

    def drain(self) -> None:
        """Wait until the app's reactor has reacted to everything recorded so far."""
        assert self.client is not None and self.client.portal is not None
        self.client.portal.call(self.app.state.reactor.drain)

    def one(self, stmt: Any) -> Any:
        with session_scope(self.engine, read_only=True) as s:
            return s.exec(stmt).one()

    def all(self, stmt: Any) -> list[Any]:
        with session_scope(self.engine, read_only=True) as s:
            return list(s.exec(stmt).all())

    def directive_id(self) -> int:
        return int(self.one(select(Directive.id)))

    def round_id(self) -> int:
        return int(self.one(select(Round.id)))

    def version_id(self) -> int:
        return int(self.one(select(DraftVersion.id)))

    def comment_ids(self) -> dict[str, int]:
        rows = self.all(select(Comment.section_key, Comment.id).where(Comment.draft == False))  # noqa: E712
        return {key: cid for key, cid in rows}

    def answer(self) -> None:
        """Two of the three invited units answer through the links in their invitations."""
        assert self.client is not None
        self.at(ANSWER_AT)
        invites = {
            m.to_email: m
            for m in self.all(select(OutboxMessage).where(OutboxMessage.template == "invitation"))
        }
        email_of = dict(self.all(select(Unit.id, Unit.email)))
        for index, key, position, said, reply in ANSWERS:
            token = unit_token(self.engine, invites[email_of[self.unit_ids[index]]], self.settings)
            seen = self.client.get(f"/api/v1/u/{token}").json()
            section = next(s for s in seen["sections"] if s["key"] == key)
            made = self.client.post(
                f"/api/v1/u/{token}/comments",
                json={"position": position, "text": said, "section_id": section["id"]},
            )
            assert made.status_code == 201, made.text
            sent = self.client.post(f"/api/v1/u/{token}/submit", json={"reply_number": reply})
            assert sent.status_code == 200, sent.text
        self.drain()


def seed(engine: Engine) -> tuple[int, int, list[int]]:
    """The same world in every run: the province's units, the term, an officer of the
    drafting body (hoa) and a leader (lanh)."""
    with Session(engine, expire_on_commit=False) as session:
        w = world(session, T0)
        hoa = user_create(
            session,
            username="hoa",
            password=PASSWORD,
            full_name="Lê Thị Hoa",
            unit_id=w.drafting.id,
            email="hoa@binhphuoc.test",
            by="test",
            now=T0,
        )
        session.add(
            User(
                username="lanh",
                full_name="Huỳnh Thị Hằng",
                role=Role.LEADER,
                email="lanh@binhphuoc.test",
                password_hash=hoa.password_hash,
                created_at=T0,
            )
        )
        session.commit()
        return id_of(w.issuer), id_of(w.drafting), [id_of(u) for u in w.units]


@contextmanager
def story(engine: Engine, settings: Settings, sink: MailSink) -> Iterator[Story]:
    """A running app on `engine` (reactions run in process: documents and mail for real)."""
    # The app's reactor drains when a request wakes it or a test asks, never on its own
    # timer: what the CLI leaves is then the CLI's own inline drain's doing.
    settings = settings.model_copy(
        update={"smtp_port": sink.port, "smtp_timeout": 5.0, "react_poll_seconds": 3600}
    )
    issuer, drafting, units = seed(engine)
    clock = [OPEN_AT]
    app = create_app(
        settings,
        engine=engine,
        runner=run_in_process,
        run_sweep=False,
        flow_extras=flow_extras(settings),
    )
    app.state.clock = lambda: clock[0]
    with TestClient(app, follow_redirects=False) as client:
        yield Story(engine, settings, clock, issuer, drafting, units, app, client)


# ---- the three entry points ---------------------------------------------------------------


def through_pages(s: Story) -> None:
    def signed_in(username: str) -> TestClient:
        """A fresh login at the story's clock (a session ends after session_max_hours)."""
        client = TestClient(s.app, follow_redirects=False)
        login(client, username)
        return client

    hoa = signed_in("hoa")

    def ok(r: Any) -> None:
        assert r.status_code in (200, 303), r.text
        s.drain()

    created = post(
        hoa,
        "/directives/new",
        {
            "title": TITLE,
            "issuer_id": str(s.issuer_id),
            "assignment_number": "1704-TB/TU",
            "assignment_date": "04/7/2023",
        },
    )
    ok(created)
    did = s.directive_id()
    ok(post(hoa, f"/directives/{did}/drafts/new", {"text": DRAFT_TEXT}))
    form = hoa.get(f"/directives/{did}/rounds/new?kind=written")
    key = re.search(r'name="request_key" value="([0-9a-f]+)"', form.text)
    assert key
    ok(
        post(
            hoa,
            f"/directives/{did}/rounds/new",
            {
                "kind": "written",
                "request_key": key.group(1),
                "letter_number": "490-CV/BDVTU",
                "letter_date": "12/7/2023",
                "deadline": "27/7/2023",
                "reminder_days": "3,1",
                "unit_ids": [str(u) for u in s.unit_ids[:3]],
            },
        )
    )
    s.answer()
    s.at(CLOSE_AT)
    hoa = signed_in("hoa")
    ok(post(hoa, f"/rounds/{s.round_id()}/close"))
    s.at(FINALISE_AT)
    hoa = signed_in("hoa")
    ok(post(hoa, f"/directives/{did}/act/finalise"))
    for key_, cid in sorted(s.comment_ids().items()):
        decision, response = DISPOSE[key_]
        saved = hx_post(
            hoa, f"/comments/{cid}/disposition", {"decision": decision, "response": response}
        )
        assert "comment.disposition-saved" in saved.headers.get("HX-Trigger", ""), saved.text
        s.drain()
    ok(post(hoa, f"/directives/{did}/final", {"version_id": str(s.version_id())}))
    ok(post(hoa, f"/directives/{did}/act/submit"))
    s.at(SIGN_AT)
    ok(
        post(
            signed_in("lanh"),
            f"/directives/{did}/sign",
            {**SIGNING, "recipient_ids": [str(u) for u in s.unit_ids]},
        )
    )
    s.at(ISSUE_AT)
    ok(post(signed_in("hoa"), f"/directives/{did}/act/issue"))


def bearer(engine: Engine, username: str) -> dict[str, str]:
    with Session(engine) as session:
        user = session.exec(select(User).where(User.username == username)).one()
        _, raw = api_token_create(
            session,
            user_id=id_of(user),
            name="t",
            by="test",
            now=T0,
            lifetime=timedelta(days=365),  # the story lasts from July to October
        )
    return {"Authorization": f"Bearer {raw}"}


def through_api(s: Story) -> None:
    c = s.client
    assert c is not None
    hoa, lanh = bearer(s.engine, "hoa"), bearer(s.engine, "lanh")
    api = "/api/v1"

    def ok(r: Any) -> Any:
        assert r.status_code in (200, 201), r.text
        s.drain()
        return r.json()

    did = ok(
        c.post(
            f"{api}/directives",
            headers=hoa,
            json={
                "title": TITLE,
                "issuer_id": s.issuer_id,
                "drafting_unit_id": s.drafting_id,
                "assignment_number": "1704-TB/TU",
                "assignment_date": "04/7/2023",
            },
        )
    )["id"]
    vid = ok(c.post(f"{api}/directives/{did}/drafts", headers=hoa, json={"text": DRAFT_TEXT}))["id"]
    rid = ok(
        c.post(
            f"{api}/directives/{did}/rounds",
            headers=hoa,
            json={
                "kind": "written",
                "unit_ids": s.unit_ids[:3],
                "letter_number": "490-CV/BDVTU",
                "letter_date": "12/7/2023",
                "deadline": "27/7/2023",
            },
        )
    )["id"]
    s.answer()
    s.at(CLOSE_AT)
    ok(c.post(f"{api}/rounds/{rid}/close", headers=hoa))
    s.at(FINALISE_AT)
    ok(c.post(f"{api}/directives/{did}/finalise", headers=hoa))
    for key, cid in sorted(s.comment_ids().items()):
        decision, response = DISPOSE[key]
        body = {"decision": decision, "response": response}
        ok(c.put(f"{api}/comments/{cid}/disposition", headers=hoa, json=body))
    ok(c.put(f"{api}/directives/{did}/final", headers=hoa, json={"version_id": vid}))
    ok(c.post(f"{api}/directives/{did}/submit", headers=hoa))
    s.at(SIGN_AT)
    ok(
        c.post(
            f"{api}/directives/{did}/sign",
            headers=lanh,
            json={**SIGNING, "recipient_ids": s.unit_ids},
        )
    )
    s.at(ISSUE_AT)
    ok(c.post(f"{api}/directives/{did}/issue", headers=hoa))


def cli_runner(s: Story, monkeypatch: Any, tmp: Path) -> Callable[..., str]:
    """`duthao …` in this process, on the story's database, settings and clock."""
    from typer.testing import CliRunner

    import duthao.cli
    from flows import runtime

    env = {
        "DUTHAO_DATA_DIR": str(s.settings.data_dir),
        "DUTHAO_DATABASE_URL": s.engine.url.render_as_string(hide_password=False),
        "DUTHAO_SECRET_KEY": s.settings.secret_key,
        "DUTHAO_BASE_URL": s.settings.base_url,
        "DUTHAO_SMTP_PORT": str(s.settings.smtp_port),
        "DUTHAO_SMTP_TIMEOUT": str(s.settings.smtp_timeout),
    }
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    monkeypatch.setattr(duthao.cli, "utcnow", lambda: s.clock[0])
    runner = CliRunner()

    def run(*args: str) -> str:
        result = runner.invoke(duthao.cli.app, list(args), catch_exceptions=False)
        # The CLI configured the flows' runtime on an engine of its own, now disposed: the
        # app (through which the units answer) gets its own back.
        runtime.configure(s.settings, s.engine, **flow_extras(s.settings))
        assert result.exit_code == 0, result.output
        return result.output

    return run


def through_cli(s: Story, monkeypatch: Any, tmp: Path) -> None:
    run = cli_runner(s, monkeypatch, tmp)
    hoa, lanh = ("--by", "hoa"), ("--by", "lanh")
    run(
        "directive",
        "create",
        TITLE,
        "--issuer-id",
        str(s.issuer_id),
        "--drafting-unit-id",
        str(s.drafting_id),
        "--assignment-number",
        "1704-TB/TU",
        "--assignment-date",
        "04/7/2023",
        *hoa,
    )
    did = str(s.directive_id())
    draft = tmp / "du-thao.txt"
    draft.write_text(DRAFT_TEXT, "utf-8")
    run("directive", "draft", did, "--file", str(draft), *hoa)
    units = [a for u in s.unit_ids[:3] for a in ("--unit", str(u))]
    run(
        "round",
        "open",
        did,
        *units,
        "--letter-number",
        "490-CV/BDVTU",
        "--letter-date",
        "12/7/2023",
        "--deadline",
        "27/7/2023",
        *hoa,
    )
    s.answer()
    s.at(CLOSE_AT)
    run("round", "close", str(s.round_id()), *hoa)
    s.at(FINALISE_AT)
    run("directive", "advance", did, "finalise", *hoa)
    for key, cid in sorted(s.comment_ids().items()):
        decision, response = DISPOSE[key]
        run("comment", "dispose", str(cid), "--decision", decision, "--response", response, *hoa)
    run("directive", "final", did, str(s.version_id()), *hoa)
    run("directive", "advance", did, "submit", *hoa)
    # The drift of issue 10: submit from the CLI compiles the synthesis, before it returns.
    folder = s.settings.data_dir / "documents" / did
    compiled = {p.name for p in folder.iterdir()}
    assert {"bang-tong-hop.docx", "bang-tong-hop.xlsx"} <= compiled, compiled
    assert any(name.startswith("to-trinh") for name in compiled), compiled
    s.at(SIGN_AT)
    recipients = [a for u in s.unit_ids for a in ("--recipient", str(u))]
    signing = [
        "--signed-on",
        SIGNING["signed_on"],
        "--form",
        SIGNING["form"],
        "--on-behalf-of",
        SIGNING["on_behalf_of"],
        "--signer-title",
        SIGNING["signer_title"],
        "--signer-name",
        SIGNING["signer_name"],
        "--number",
        SIGNING["number"],
    ]
    run("directive", "sign", did, *signing, *recipients, "--no-issue", *lanh)
    s.at(ISSUE_AT)
    run("directive", "advance", did, "issue", *hoa)


# ---- what a run left, normalised ----------------------------------------------------------

TABLES = [
    "directive",
    "draftversion",
    "section",
    "round",
    "invitation",
    "comment",
    "disposition",
    "registercounter",
    "registerentry",
    "signing",
    "outboxmessage",
]
# Differ by nature between runs: row ids, tokens, keys a client chose, message ids, claims.
DROP = {
    "id",
    "token_hash",
    "token_nonce",
    "request_key",
    "message_id",
    "claimed_by",
    "lock_version",
}
_NONCE = re.compile(r":[0-9a-f]{16}$")
_STAMP = re.compile(r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d(:?\d\d)?|Z)?")


def norm(value: Any) -> Any:
    if isinstance(value, datetime):
        return "<time>"
    if isinstance(value, str):
        return _STAMP.sub("<time>", value)
    if isinstance(value, dict):
        return {k: norm(v) for k, v in sorted(value.items()) if k not in DROP}
    if isinstance(value, list | tuple):
        return [norm(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def _rows(conn: Any, table: str, order: str = "id") -> list[dict[str, Any]]:
    result = conn.execute(text(f'SELECT * FROM "{table}" ORDER BY {order}'))
    rows = [norm(dict(r._mapping)) for r in result]
    for row in rows:  # an outbox key ends with a digest of the unit's token
        if isinstance(row.get("key"), str):
            row["key"] = _NONCE.sub(":<token>", row["key"])
    return rows


def docx_text(path: Path) -> str:
    doc = open_docx(BytesIO(path.read_bytes()))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(" ".join(p.split()) for p in parts if p.strip())


def picture(s: Story) -> dict[str, Any]:
    """Everything the story left that the entry point must not change."""
    out: dict[str, Any] = {}
    with s.engine.connect() as conn:
        for table in TABLES:
            out[table] = _rows(conn, table)
        # The grouping the close started (flows/grouping.py): the same groups whoever closed.
        out["commentgroup"] = _rows(conn, "commentgroup")
        out["commentgroupmember"] = _rows(conn, "commentgroupmember", "comment_id")
        out["audit"] = [
            (r["actor"], r["entity"], r["action"], r["before"], r["after"])
            for r in _rows(conn, "auditevent")
            if r["actor"] != "test"  # the seed's (the API's tokens among them)
        ]
        events = _rows(conn, "event")
        out["events"] = [(e["type"], e["payload"], e["attempts"], e["last_error"]) for e in events]
        out["unreacted"] = [e["type"] for e in events if e["reacted_at"] is None]
        reactions = conn.execute(
            text(
                'SELECT e.type, r.flow, COUNT(*) FROM "reaction" r JOIN "event" e '
                "ON e.id = r.event_id GROUP BY e.id, e.type, r.flow ORDER BY e.id, r.flow"
            )
        ).all()
        out["reactions"] = [tuple(r) for r in reactions]
    folder = s.settings.data_dir / "documents" / str(s.directive_id())
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    out["documents"] = {
        str(p.relative_to(folder)): (docx_text(p) if p.suffix == ".docx" else p.stat().st_size > 0)
        for p in files
    }
    return out


def received(sink: MailSink) -> list[tuple[str, str, str]]:
    return sorted(
        (m.rcpt_tos[0], str(m.message["Subject"]), m.message.get_content_type())
        for m in sink.messages
    )


def fresh_engine(kind: str, tmp: Path, pg: Callable[[], Engine]) -> Engine:
    """An empty database: a new SQLite file, or the test's PostgreSQL schema truncated."""
    if kind == "sqlite":
        tmp.mkdir(parents=True, exist_ok=True)
        eng = make_engine(f"sqlite:///{tmp / 'story.sqlite3'}")
        create_all(eng)
        return eng
    eng = pg()
    names = ", ".join(f'"{t.name}"' for t in SQLModel.metadata.sorted_tables)
    with eng.begin() as conn:
        conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
    return eng
