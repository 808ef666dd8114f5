"""Random sequences of officer, unit, sweep and clock actions over the real commands keep the
records consistent (issue 10, item 6).

Each example is a fresh SQLite file with a world (a body, a drafting unit, 5–8 consulted
units with and without email, an officer, a leader, a clerk). Every rule runs a real command
in its own app session (models.db.session_scope, as a page or a flow does) and knows from a
small model of its own whether the command must succeed or be refused; a refused command must
raise DomainError and leave every row of every table as it was. After every step the
invariants compare the records with the model, the pages' queries with the rows, and the
audit trail, the register and the outbox with the rules.

Every event a command stored is reacted to once: a rule runs the real drainer
(flows/drainer.py) with a runner that records what it starts instead of running the flows
(documents and mail have their own tests), then drains again, which must start nothing; the
invariant checks that each event's reaction rows are exactly the flows flows/reactions.py
gives it, each started once.

Time: 25 examples of up to 60 steps cost 20–26 s of CPU with pytest's start, measured on
this machine (2 shared cores): 35–45 s wall at load 4–5, but 85 s at load 10, when four
other engineers' suites run at once.
"""

import asyncio
import shutil
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from hypothesis import HealthCheck, event, note, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
)
from sqlmodel import Session, SQLModel, col, func, select

from flows.drainer import Drainer
from flows.reactions import Reaction, reactions_for
from models.clock import at_local, local_date
from models.commands.answers import (
    answer_no_comments,
    answer_submit,
    comment_save,
    invitation_opened,
)
from models.commands.conference import conference_close, opinion_record
from models.commands.directives import (
    directive_create,
    directive_finalise,
    directive_issue,
    directive_return,
    directive_submit,
)
from models.commands.dispositions import disposition_set
from models.commands.drafts import draft_add, draft_set_final
from models.commands.grassroots import report_enter, report_submit
from models.commands.invitations import invitation_reissue, invitation_revoke
from models.commands.rounds import (
    ConferencePlan,
    round_close,
    round_extend,
    round_open,
    tally,
)
from models.commands.signing import directive_sign
from models.commands.sweep import sweep_round
from models.commands.units import unit_create
from models.db import READ_ONLY, create_all, make_engine, session_scope
from models.errors import DomainError
from models.event_log import event_of
from models.ids import id_of
from models.lifecycle import TRANSITIONS, Action, Facts, RoundKind, Stage, advance, is_legal
from models.numbers import format_number
from models.policy import Role
from models.queries.dashboard import dashboard
from models.queries.deadlines import open_rounds_with_deadline
from models.queries.grassroots import grassroots_table
from models.queries.progress import round_counts
from models.queries.round import invitation_table
from models.tables import (
    AuditEvent,
    Comment,
    Directive,
    Disposition,
    GrassrootsReport,
    Invitation,
    OutboxMessage,
    ReactionRun,
    RegisterCounter,
    RegisterEntry,
    Round,
    Signing,
    StoredEvent,
    Unit,
    User,
)
from models.tokens import Links
from tests.conftest import T0
from tests.expect import stored
from tests.factories import DRAFT_TEXT, world

LINKS = Links(base_url="http://duthao.test", secret="test-secret")
GRACE_DAYS = 7  # the commands' default: a closed round's link still reads for a week
NO_MAIL_UNITS = ["Huyện ủy Lộc Ninh", "Huyện ủy Bù Gia Mập", "Thị ủy Bình Long"]
OFFICER, LEADER, CLERK = "canbo", "lanhdao", "vanthu"
REMINDERS = ["3,1", "5,2,0", "1"]


def due_offset(days_left: int, offsets: list[int]) -> int | None:
    """The reminder a sweep owes with `days_left` to go: the nearest offset reached (after a
    few days down, only the latest reminder goes, not every one missed)."""
    return min((o for o in offsets if days_left <= o), default=None)


def utc(moment: datetime) -> datetime:
    """A stored time and the model's clock, comparable (naive values are UTC by convention)."""
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class Inv:
    id: int
    round_id: int
    unit_id: int
    tokens: list[str]  # every link ever issued; the last is the live one
    revoked: bool = False
    revoked_spans: list[list[datetime | None]] = field(default_factory=list)
    answered: bool = False
    drafts: int = 0
    on_paper: bool = False  # an officer entered its grassroots report (no link involved)


@dataclass
class Rnd:
    id: int
    directive_id: int
    kind: RoundKind
    deadline: date | None
    reminder_days: str
    open: bool = True
    closed_at: datetime | None = None
    held_at: datetime | None = None  # a conference's start: its minutes close no earlier


@dataclass
class Dir:
    id: int
    stage: Stage = Stage.ASSIGNED
    versions: list[int] = field(default_factory=list)
    final: int | None = None
    number: str | None = None
    closed_rounds: int = 0
    open_round: int | None = None


class Refused(Exception):
    """Raised by `_run` when the command was refused as the model expected."""


class Records(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.tmp = tempfile.mkdtemp(prefix="duthao-sm-")
        self.engine = make_engine(f"sqlite:///{self.tmp}/records.sqlite3", pool_size=2)
        create_all(self.engine)
        self.now = T0
        self.directives: list[Dir] = []
        self.rounds: dict[int, Rnd] = {}
        self.invitations: list[Inv] = []
        self.numbers: set[str] = set()  # every number the register handed out
        self.mail: dict[int, str] = {}  # unit id → email ("" for none)
        self.unit_ids: list[int] = []
        # Set by every step that may change what the invariants read (a success, the sweep,
        # the clock); a refusal is proven to change nothing, so the checks are skipped then.
        self.changed = True
        self.started: list[tuple[int, str]] = []  # (event id, flow) the drainer started

    def teardown(self) -> None:
        self.engine.dispose()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # ---- the world --------------------------------------------------------------------

    @initialize(no_mail=st.integers(0, 3))
    def make_world(self, no_mail: int) -> None:
        with session_scope(self.engine) as s:
            w = world(s, T0)
            units = list(w.units)
            for name in NO_MAIL_UNITS[:no_mail]:
                units.append(unit_create(s, name=name, category="huyen-uy", by="test", now=T0))
            for username, role, unit_id in (
                (LEADER, Role.LEADER, None),
                (CLERK, Role.CLERK, id_of(w.drafting)),
            ):
                s.add(User(username=username, role=role, unit_id=unit_id, created_at=T0))
            s.commit()
            self.issuer_id, self.drafting_id = id_of(w.issuer), id_of(w.drafting)
            self.unit_ids = [id_of(u) for u in units]
            self.mail = {id_of(u): u.email for u in units}
        self.create_directive()

    # ---- running a command ----------------------------------------------------------

    def _dump(self) -> dict[str, list[Any]]:
        """Every row of every table: what a refused command must leave untouched."""
        out = {}
        with self.engine.execution_options(**{READ_ONLY: True}).connect() as conn:
            for table in SQLModel.metadata.sorted_tables:
                rows = conn.execute(table.select().order_by(*table.primary_key.columns)).all()
                out[table.name] = [tuple(r) for r in rows]
        return out

    def _last_audit(self) -> int:
        with Session(self.engine) as s:
            return s.exec(select(func.max(col(AuditEvent.id)))).one() or 0

    def _run(self, ok: bool, command: Any, audits: set[str] | frozenset[str] = frozenset()) -> Any:
        """Run `command(session)` in an app session; `ok` says whether the model expects it
        to succeed. A success must leave the audit rows `audits`; a refusal, nothing."""
        before = self._dump()
        last = self._last_audit()
        try:
            with session_scope(self.engine) as s:
                result = command(s)
        except DomainError as exc:
            self._tick()
            note(f"refused: {exc.message}")
            assert not ok, f"refused against the model: {exc.message}"
            assert self._dump() == before, "a refused command changed the records"
            event(f"refused {command.__name__}")
            raise Refused from exc
        self._tick()
        self.changed = True
        assert ok, f"{command.__name__} succeeded where the model expects a refusal"
        with Session(self.engine) as s:
            done = set(s.exec(select(AuditEvent.action).where(col(AuditEvent.id) > last)).all())
        assert audits <= done, f"audit rows missing: {sorted(audits - done)} (have {done})"
        event(f"ran {command.__name__}")
        return result

    def _tick(self) -> None:
        """One second per command: every record's time is distinct, so "after the close" or
        "after the revocation" is never a tie."""
        self.now += timedelta(seconds=1)

    def _try(self, ok: bool, command: Any, audits: set[str] | frozenset[str] = frozenset()) -> Any:
        try:
            return self._run(ok, command, audits)
        except Refused:
            return None

    # ---- the model's view of the rules --------------------------------------------------

    def _undisposed(self, d: Dir) -> int:
        return len(self._undisposed_ids(d))

    def _undisposed_ids(self, d: Dir) -> list[int]:
        """Sent comments of the directive's closed rounds that still want an answer."""
        with Session(self.engine) as s:
            rows = s.exec(
                select(Comment, Disposition)
                .join(Round, col(Round.id) == col(Comment.round_id))
                .outerjoin(Disposition, col(Disposition.comment_id) == col(Comment.id))
                .where(Round.directive_id == d.id)
            ).all()
        return [
            id_of(c)
            for c, disp in rows
            if not c.draft
            and c.position != "agree"
            and disp is None
            and not self.rounds[c.round_id].open
        ]

    def _facts(self, d: Dir) -> Facts:
        return Facts(
            stage=d.stage,
            draft_versions=len(d.versions),
            open_round=d.open_round is not None,
            closed_rounds=d.closed_rounds,
            final_version=d.final is not None,
            undisposed_comments=self._undisposed(d),
            number=d.number,
        )

    def _move(self, d: Dir, action: Action) -> None:
        d.stage = advance(self._facts(d), action)

    def _writable(self, inv: Inv, token: str) -> bool:
        rnd = self.rounds[inv.round_id]
        if token != inv.tokens[-1] or inv.revoked or not rnd.open:
            return False
        return rnd.deadline is None or local_date(self.now) <= rnd.deadline

    def _readable(self, inv: Inv, token: str) -> bool:
        rnd = self.rounds[inv.round_id]
        if token != inv.tokens[-1] or inv.revoked:
            return False
        return rnd.closed_at is None or self.now <= rnd.closed_at + timedelta(days=GRACE_DAYS)

    def _close(self, rnd: Rnd, at: datetime) -> None:
        d = self._dir(rnd.directive_id)
        self._move(d, Action.CLOSE_ROUND)
        rnd.open, rnd.closed_at = False, at
        d.open_round, d.closed_rounds = None, d.closed_rounds + 1

    def _dir(self, directive_id: int) -> Dir:
        return next(d for d in self.directives if d.id == directive_id)

    def _pick_dir(self, data: st.DataObject) -> Dir:
        return data.draw(st.sampled_from(self.directives), label="directive")

    def _pick_inv(self, data: st.DataObject) -> tuple[Inv, str]:
        inv = data.draw(st.sampled_from(self.invitations), label="invitation")
        stale = len(inv.tokens) > 1 and data.draw(st.booleans(), label="old link")
        return inv, inv.tokens[0] if stale else inv.tokens[-1]

    # ---- officer rules ----------------------------------------------------------------

    @precondition(lambda self: len(self.directives) < 3)
    @rule()
    def create_directive(self) -> None:
        def directive_create_(s: Session) -> int:
            d, _ = directive_create(
                s,
                title=f"Chỉ thị thử số {len(self.directives) + 1}",
                issuer_id=self.issuer_id,
                drafting_unit_id=self.drafting_id,
                by=OFFICER,
                now=self.now,
            )
            return id_of(d)

        self.directives.append(Dir(self._run(True, directive_create_, {"directive.create"})))

    @precondition(lambda self: self.directives)
    @rule(data=st.data())
    def add_draft(self, data: st.DataObject) -> None:
        d = self._pick_dir(data)

        def draft_add_(s: Session) -> int:
            v, _ = draft_add(s, directive_id=d.id, text=DRAFT_TEXT, by=OFFICER, now=self.now)
            return id_of(v)

        ok = is_legal(self._facts(d), Action.ADD_DRAFT)
        version = self._try(ok, draft_add_, {"draft.add"})
        if version is not None:
            self._move(d, Action.ADD_DRAFT)
            d.versions.append(version)
            if d.stage == Stage.FINALISING:
                d.final = None  # a new text replaces the chosen final one

    @precondition(lambda self: self.directives)
    @rule(
        data=st.data(),
        kind=st.sampled_from(list(RoundKind)),
        deadline_in=st.integers(-2, 20),
        letter_seq=st.none() | st.integers(1, 12),
        reminders=st.sampled_from(REMINDERS),
    )
    def open_round(
        self,
        data: st.DataObject,
        kind: RoundKind,
        deadline_in: int,
        letter_seq: int | None,
        reminders: str,
    ) -> None:
        d = self._pick_dir(data)
        units = data.draw(
            st.lists(st.sampled_from(self.unit_ids), min_size=1, max_size=6, unique=True),
            label="units",
        )
        self._open(d, kind, units, deadline_in, letter_seq, reminders)

    def _open(
        self,
        d: Dir,
        kind: RoundKind,
        units: list[int],
        deadline_in: int,
        letter_seq: int | None,
        reminders: str,
    ) -> None:
        letter_date = local_date(self.now)
        deadline = letter_date + timedelta(days=deadline_in)
        conference = kind == RoundKind.CONFERENCE
        # A conference's giấy mời is numbered too, in its own kind (GM).
        letter = (
            format_number(letter_seq, "GM" if conference else "CV", "BDVTU") if letter_seq else None
        )
        held_at = self.now + timedelta(days=3)
        ok = (
            is_legal(self._facts(d), Action.OPEN_ROUND)
            and (conference or all(self.mail[u] for u in units))
            # The date rules (models/date_rules.py): a live round's deadline after its
            # letter's date, which is today.
            and (conference or deadline_in >= 1)
            and letter not in self.numbers
        )

        def round_open_(s: Session) -> tuple[Round, dict[int, str]]:
            opened = round_open(
                s,
                directive_id=d.id,
                kind=kind.value,
                unit_ids=units,
                by=OFFICER,
                now=self.now,
                links=LINKS,
                letter_date=letter_date,
                letter_number=letter,
                deadline=deadline,
                reminder_days=reminders,
                conference=ConferencePlan(held_at=held_at, place="Hội trường Tỉnh ủy")
                if conference
                else None,
            )
            return opened.round, opened.tokens

        opened = self._try(ok, round_open_, {"round.open", "stage.open_round"})
        if opened is None:
            return
        rnd, tokens = opened
        round_id = id_of(rnd)
        self._move(d, Action.OPEN_ROUND)
        d.open_round = round_id
        if rnd.letter_number:
            self.numbers.add(rnd.letter_number)
        # A conference has no reply deadline, whatever the request carried.
        self.rounds[round_id] = Rnd(
            round_id,
            d.id,
            kind,
            None if conference else deadline,
            reminders,
            held_at=held_at if conference else None,
        )
        with Session(self.engine) as s:
            for inv in s.exec(select(Invitation).where(Invitation.round_id == round_id)).all():
                self.invitations.append(
                    Inv(id_of(inv), round_id, inv.unit_id, [tokens[inv.unit_id]])
                )

    @precondition(lambda self: self.rounds)
    @rule(data=st.data(), with_minutes=st.booleans())
    def close_round(self, data: st.DataObject, with_minutes: bool) -> None:
        rnd = data.draw(st.sampled_from(list(self.rounds.values())), label="round")
        minutes = with_minutes and rnd.kind == RoundKind.CONFERENCE

        def round_close_(s: Session) -> None:
            if minutes:
                conference_close(s, round_id=rnd.id, by=OFFICER, now=self.now, attendees=40)
            else:
                round_close(s, round_id=rnd.id, by=OFFICER, now=self.now)

        audits = {"round.close", "stage.close_round"} | (
            {"conference.update"} if minutes else set()
        )
        at = self.now
        # Minutes end when they are recorded: never before the conference starts.
        ok = rnd.open and not (minutes and rnd.held_at is not None and self.now < rnd.held_at)
        self._try(ok, round_close_, audits)
        if ok:
            self._close(rnd, at)

    @precondition(lambda self: self.rounds)
    @rule(data=st.data(), days=st.integers(-1, 10))
    def extend_deadline(self, data: st.DataObject, days: int) -> None:
        rnd = data.draw(st.sampled_from(list(self.rounds.values())), label="round")
        new = (rnd.deadline or local_date(self.now)) + timedelta(days=days)

        def round_extend_(s: Session) -> None:
            round_extend(s, round_id=rnd.id, deadline=new, by=OFFICER, now=self.now)

        ok = rnd.open and rnd.deadline is not None and days > 0
        if ok:
            self._run(ok, round_extend_, {"round.extend"})
            rnd.deadline = new
        else:
            self._try(ok, round_extend_)

    @precondition(lambda self: self.invitations)
    @rule(data=st.data())
    def reissue_link(self, data: st.DataObject) -> None:
        inv, _ = self._pick_inv(data)

        def invitation_reissue_(s: Session) -> str:
            return invitation_reissue(
                s, invitation_id=inv.id, by=OFFICER, now=self.now, links=LINKS
            )[1]

        at = self.now
        raw = self._try(self.rounds[inv.round_id].open, invitation_reissue_, {"invitation.reissue"})
        if raw is not None:
            inv.tokens.append(raw)
            if inv.revoked:
                inv.revoked_spans[-1][1] = at
            inv.revoked = False

    @precondition(lambda self: self.invitations)
    @rule(data=st.data())
    def revoke_link(self, data: st.DataObject) -> None:
        inv, _ = self._pick_inv(data)

        def invitation_revoke_(s: Session) -> None:
            invitation_revoke(s, invitation_id=inv.id, by=OFFICER, now=self.now)

        at = self.now
        self._run(True, invitation_revoke_, {"invitation.revoke"})
        if not inv.revoked:
            inv.revoked_spans.append([at, None])
        inv.revoked = True

    @precondition(lambda self: self.rounds)
    @rule(data=st.data(), position=st.sampled_from(["agree", "agree_with_comments", "disagree"]))
    def record_opinion(self, data: st.DataObject, position: str) -> None:
        rnd = data.draw(st.sampled_from(list(self.rounds.values())), label="round")

        def opinion_record_(s: Session) -> None:
            opinion_record(
                s,
                round_id=rnd.id,
                speaker="Đồng chí Trần Văn Nam",
                text="Đề nghị bổ sung nhiệm vụ nắm tình hình ở cơ sở.",
                position=position,
                by=OFFICER,
                now=self.now,
            )

        ok = rnd.open and rnd.kind == RoundKind.CONFERENCE
        self._try(ok, opinion_record_, {"conference.opinion"})

    @precondition(lambda self: self.invitations)
    @rule(data=st.data(), delegates=st.integers(0, 500))
    def enter_paper_report(self, data: st.DataObject, delegates: int) -> None:
        inv, _ = self._pick_inv(data)
        rnd = self.rounds[inv.round_id]

        def report_enter_(s: Session) -> None:
            report_enter(
                s,
                invitation_id=inv.id,
                meetings={"Thôn, ấp, khu phố": 3 if delegates else 0},
                delegates=delegates,
                summary="Nhất trí với dự thảo.",
                by=OFFICER,
                now=self.now,
            )

        ok = rnd.open and rnd.kind == RoundKind.GRASSROOTS
        self._try(ok, report_enter_, {"grassroots.report"})
        if ok:
            inv.answered, inv.on_paper = True, True

    @precondition(lambda self: self.directives)
    @rule(data=st.data(), decision=st.sampled_from(["accept", "partial", "explain"]))
    def dispose_comment(self, data: st.DataObject, decision: str) -> None:
        with Session(self.engine) as s:
            submitted = s.exec(
                select(Comment.id, Round.directive_id)
                .join(Round, col(Round.id) == col(Comment.round_id))
                .where(Comment.draft == False)  # noqa: E712
                .order_by(col(Comment.id))
            ).all()
        if not submitted:
            return
        comment_id, directive_id = data.draw(st.sampled_from(submitted), label="comment")
        assert comment_id is not None  # a stored comment's key
        self._dispose(self._dir(directive_id), comment_id, decision)

    def _dispose(self, d: Dir, comment_id: int, decision: str) -> None:
        def disposition_set_(s: Session) -> None:
            disposition_set(
                s,
                comment_id=comment_id,
                decision=decision,
                response="Tiếp thu, chỉnh sửa tại mục II.",
                by=OFFICER,
                now=self.now,
            )

        ok = d.stage not in (Stage.SUBMITTED, Stage.SIGNED, Stage.ISSUED)
        self._try(ok, disposition_set_, {"disposition.set"})

    @precondition(lambda self: any(d.versions for d in self.directives))
    @rule(data=st.data())
    def choose_final(self, data: st.DataObject) -> None:
        d = data.draw(st.sampled_from([d for d in self.directives if d.versions]))
        self._choose_final(d, data.draw(st.sampled_from(d.versions), label="version"))

    def _choose_final(self, d: Dir, version: int) -> None:
        def draft_set_final_(s: Session) -> None:
            draft_set_final(s, directive_id=d.id, version_id=version, by=OFFICER, now=self.now)

        ok = d.stage == Stage.FINALISING
        self._try(ok, draft_set_final_, {"draft.final"})
        if ok:
            d.final = version

    @precondition(lambda self: self.directives)
    @rule(
        data=st.data(),
        action=st.sampled_from([Action.FINALISE, Action.SUBMIT, Action.RETURN, Action.ISSUE]),
    )
    def move_stage(self, data: st.DataObject, action: Action) -> None:
        self._stage_move(self._pick_dir(data), action, data)

    @precondition(lambda self: self.directives)
    @rule(data=st.data(), manual_seq=st.none() | st.integers(1, 6))
    def sign(self, data: st.DataObject, manual_seq: int | None) -> None:
        d = self._pick_dir(data)
        number = format_number(manual_seq, "CT", "TU") if manual_seq else None
        self._sign(d, number)

    @precondition(lambda self: self.directives)
    @rule(data=st.data())
    def move_on(self, data: st.DataObject) -> None:
        """A few steps along the usual path: the officer (or a unit) does the next thing the
        rules allow. Random sequences alone seldom get past the first round."""
        d = self._pick_dir(data)
        for _ in range(data.draw(st.integers(1, 6), label="steps")):
            self._next_step(d, data)

    def _next_step(self, d: Dir, data: st.DataObject) -> None:
        f = self._facts(d)
        pending = [
            inv
            for inv in self.invitations
            if inv.round_id == d.open_round
            and self._writable(inv, inv.tokens[-1])
            and not inv.answered
        ]
        if d.stage == Stage.CONSULTING and pending and data.draw(st.booleans(), label="answer"):
            inv = pending[0]
            self._save_comment(inv, inv.tokens[-1], "agree_with_comments")
            self._submit(inv, inv.tokens[-1])
        elif d.stage == Stage.DRAFTING and (not d.closed_rounds or data.draw(st.booleans())):
            kind = data.draw(st.sampled_from(list(RoundKind)), label="kind")
            with_mail = [u for u in self.unit_ids if self.mail[u]]
            self._open(d, kind, with_mail, 10, None, "3,1")
        elif d.stage == Stage.FINALISING and f.undisposed_comments:
            self._dispose(d, self._undisposed_ids(d)[0], "accept")
        elif d.stage == Stage.FINALISING and d.final is None:
            self._choose_final(d, d.versions[-1])
        elif d.stage == Stage.CONSULTING:
            assert d.open_round is not None  # consulting means a round is open
            rnd = self.rounds[d.open_round]
            if rnd.deadline is not None and data.draw(st.booleans(), label="wait"):
                # Time passes until a few days before the deadline (reminders), or the day
                # after (nobody closed it: the sweep does).
                before = data.draw(st.sampled_from([-1, 0, 1, 2, 3, 5]), label="days before")
                self.now = max(self.now, at_local(rnd.deadline - timedelta(days=before), 9))
                self.changed = True
                self.sweep()
            else:
                self._close_given(rnd)
        elif d.stage == Stage.ASSIGNED:
            self.add_draft(data)
        elif d.stage == Stage.DRAFTING:
            self._stage_move(d, Action.FINALISE, data)
        elif d.stage in (Stage.FINALISING, Stage.SUBMITTED, Stage.SIGNED):
            action = {
                Stage.FINALISING: Action.SUBMIT,
                Stage.SUBMITTED: Action.SIGN,
                Stage.SIGNED: Action.ISSUE,
            }[d.stage]
            if action == Action.SIGN:
                self._sign(d, None)
            else:
                self._stage_move(d, action, data)

    def _close_given(self, rnd: Rnd) -> None:
        def round_close_(s: Session) -> None:
            round_close(s, round_id=rnd.id, by=OFFICER, now=self.now)

        at = self.now
        self._run(True, round_close_, {"round.close", "stage.close_round"})
        self._close(rnd, at)

    def _stage_move(self, d: Dir, action: Action, data: st.DataObject) -> None:
        reason = data.draw(st.sampled_from(["", "Cần làm rõ thêm mục II."]), label="reason")
        commands = {
            Action.FINALISE: lambda s: directive_finalise(
                s, directive_id=d.id, by=OFFICER, now=self.now
            ),
            Action.SUBMIT: lambda s: directive_submit(
                s, directive_id=d.id, by=OFFICER, now=self.now
            ),
            Action.RETURN: lambda s: directive_return(
                s, directive_id=d.id, reason=reason, by=LEADER, now=self.now
            ),
            Action.ISSUE: lambda s: directive_issue(s, directive_id=d.id, by=CLERK, now=self.now),
        }

        def stage_move_(s: Session) -> None:
            commands[action](s)

        stage_move_.__name__ = f"directive_{action.value}"
        audits = {f"stage.{action.value}"}
        if action == Action.RETURN and reason:
            audits.add("directive.return_reason")
        if action == Action.ISSUE:
            audits.add("directive.issue")
        ok = is_legal(self._facts(d), action)
        self._try(ok, stage_move_, audits)
        if ok:
            self._move(d, action)

    def _sign(self, d: Dir, number: str | None) -> None:
        ok = is_legal(self._facts(d), Action.SIGN) and number not in self.numbers

        def directive_sign_(s: Session) -> str:
            signed, _ = directive_sign(
                s,
                directive_id=d.id,
                signed_on=local_date(self.now),
                form="T/M",
                on_behalf_of="Ban Thường vụ",
                signer_title="Phó Bí thư",
                signer_name="Huỳnh Thị Hằng",
                recipient_ids=self.unit_ids,
                number=number,
                by=CLERK,
                now=self.now,
            )
            assert signed.number is not None  # a signed directive has its number
            return signed.number

        got = self._try(ok, directive_sign_, {"directive.sign", "stage.sign"})
        if got is not None:
            assert number is None or got == number
            self._move(d, Action.SIGN)
            d.number = got
            self.numbers.add(got)

    # ---- unit rules (through the unit's link) ---------------------------------------------

    @precondition(lambda self: self.invitations)
    @rule(data=st.data())
    def unit_opens_link(self, data: st.DataObject) -> None:
        inv, token = self._pick_inv(data)

        def invitation_opened_(s: Session) -> None:
            invitation_opened(s, raw_token=token, now=self.now)

        self._try(self._readable(inv, token), invitation_opened_)

    @precondition(lambda self: self.invitations)
    @rule(data=st.data(), position=st.sampled_from(["agree", "agree_with_comments", "disagree"]))
    def unit_saves_comment(self, data: st.DataObject, position: str) -> None:
        self._save_comment(*self._pick_inv(data), position)

    def _save_comment(self, inv: Inv, token: str, position: str) -> None:
        def comment_save_(s: Session) -> None:
            comment_save(
                s,
                raw_token=token,
                position=position,
                text="Đề nghị làm rõ trách nhiệm của cấp ủy cơ sở.",
                now=self.now,
            )

        ok = self._writable(inv, token)
        # A private draft before the unit has answered (audited when submitted); afterwards
        # an edit of what was sent, audited at once.
        audits = {"comment.add"} if inv.answered else set()
        self._try(ok, comment_save_, audits)
        if ok and not inv.answered:
            inv.drafts += 1

    @precondition(lambda self: self.invitations)
    @rule(data=st.data())
    def unit_submits(self, data: st.DataObject) -> None:
        self._submit(*self._pick_inv(data))

    def _submit(self, inv: Inv, token: str) -> None:
        def answer_submit_(s: Session) -> None:
            answer_submit(s, raw_token=token, now=self.now)

        ok = self._writable(inv, token) and inv.drafts > 0
        self._try(ok, answer_submit_, {"answer.submit"})
        if ok:
            inv.answered, inv.drafts = True, 0

    @precondition(lambda self: self.invitations)
    @rule(data=st.data())
    def unit_agrees_whole(self, data: st.DataObject) -> None:
        inv, token = self._pick_inv(data)

        def answer_no_comments_(s: Session) -> None:
            answer_no_comments(s, raw_token=token, now=self.now)

        ok = self._writable(inv, token) and not inv.answered
        self._try(ok, answer_no_comments_, {"answer.agree"})
        if ok:
            inv.answered, inv.drafts = True, 0

    @precondition(lambda self: self.invitations)
    @rule(data=st.data(), delegates=st.integers(0, 5000), meetings=st.integers(0, 40))
    def unit_reports(self, data: st.DataObject, delegates: int, meetings: int) -> None:
        inv, token = self._pick_inv(data)

        def report_submit_(s: Session) -> None:
            report_submit(
                s,
                raw_token=token,
                meetings={"Thôn, ấp, khu phố": meetings, "Xã, phường, thị trấn": 1},
                delegates=delegates,
                summary="Đại biểu nhất trí cao với dự thảo.",
                now=self.now,
            )

        ok = self._writable(inv, token) and self.rounds[inv.round_id].kind == RoundKind.GRASSROOTS
        self._try(ok, report_submit_, {"grassroots.report"})
        if ok:
            inv.answered = True

    # ---- the sweep and the clock ----------------------------------------------------

    @rule()
    def sweep(self) -> None:
        today = local_date(self.now)
        due = [r for r in self.rounds.values() if r.open and r.deadline and r.deadline < today]
        last = self._last_audit()
        with session_scope(self.engine) as s:
            ids = open_rounds_with_deadline(s)
        assert sorted(ids) == sorted(r.id for r in self.rounds.values() if r.open and r.deadline)
        for round_id in ids:  # each round in a session of its own, as the sweep flow does
            with session_scope(self.engine) as s:
                result = sweep_round(s, stored(s, Round, round_id), now=self.now)
            assert result.closed == ([round_id] if round_id in {r.id for r in due} else [])
        for rnd in due:
            self._close(rnd, self.now)
        with Session(self.engine) as s:
            closes = s.exec(
                select(AuditEvent.entity_id).where(
                    col(AuditEvent.id) > last, AuditEvent.action == "round.close"
                )
            ).all()
        assert Counter(closes) == Counter(r.id for r in due)
        self._reminders_due()
        self._tick()
        self.changed = True
        event(f"sweep closed {len(due)}")

    def _reminders_due(self) -> None:
        """Right after a sweep: every pending unit of an open round has the reminder due now."""
        today = local_date(self.now)
        with Session(self.engine) as s:
            keys = set(s.exec(select(OutboxMessage.key)).all())
        for inv in self.invitations:
            rnd = self.rounds[inv.round_id]
            if not rnd.open or rnd.deadline is None or inv.answered or inv.revoked:
                continue
            days_left = (rnd.deadline - today).days
            offsets = [int(x) for x in rnd.reminder_days.split(",")]
            offset = due_offset(days_left, offsets) if days_left >= 0 else None
            if offset is not None and self.mail[inv.unit_id]:
                assert f"remind:{rnd.id}:{inv.unit_id}:{offset}" in keys

    @rule(hours=st.sampled_from([1, 5, 12, 24, 48, 24 * 4, 24 * 9]))
    def clock_advances(self, hours: int) -> None:
        self.now += timedelta(hours=hours)
        self.changed = True

    # ---- invariants -------------------------------------------------------------------

    @rule()
    def drain_reactions(self) -> None:
        started: list[Reaction] = []

        async def record(reaction: Reaction) -> None:
            started.append(reaction)

        drainer = Drainer(self.engine, record)
        asyncio.run(drainer.drain())
        self.started += [(int(r.key.split(":")[1]), r.flow) for r in started]
        assert asyncio.run(drainer.drain()) == 0 and len(self.started) == len(set(self.started))
        with Session(self.engine) as s:
            assert s.exec(select(StoredEvent).where(StoredEvent.reacted_at == None)).all() == []  # noqa: E711
        self.changed = True

    def every_event_reacted_to_once(self) -> None:
        """Reaction rows are the reactions table's flows for their event, one each, and
        only for what the drainer started."""
        with Session(self.engine) as s:
            events = {id_of(e): e for e in s.exec(select(StoredEvent)).all()}
            runs = [(r.event_id, r.flow) for r in s.exec(select(ReactionRun)).all()]
        assert len(runs) == len(set(runs)) and set(runs) == set(self.started)
        for event_id, row in events.items():
            if row.reacted_at is None:
                continue
            expected = {r.flow for r in reactions_for(event_id, event_of(row))}
            assert {f for e, f in runs if e == event_id} == expected

    @invariant()
    def records_are_consistent(self) -> None:
        if not self.changed:
            return
        self.changed = False
        self.records_match_the_model()
        self.every_event_reacted_to_once()
        self.queries_count_the_rows()
        self.numbers_are_unique_and_never_reused()
        self.nothing_answered_after_close_or_revocation()
        self.invitation_status_agrees_with_its_facts()
        self.outbox_follows_the_rules()
        self.stages_follow_the_lifecycle()

    def records_match_the_model(self) -> None:
        with Session(self.engine) as s:
            for d in self.directives:
                directive = stored(s, Directive, d.id)
                assert Stage(directive.stage) == d.stage
                assert directive.final_version_id == d.final
                assert directive.number == d.number
            for rnd in self.rounds.values():
                round_row = stored(s, Round, rnd.id)
                assert (round_row.status == "open") == rnd.open
                assert round_row.deadline == rnd.deadline
                if rnd.kind == RoundKind.CONFERENCE:
                    assert round_row.deadline is None, "a conference has no reply deadline"
            for inv in self.invitations:
                invitation = stored(s, Invitation, inv.id)
                assert (invitation.revoked_at is not None) == inv.revoked
                assert (invitation.answered_at is not None) == inv.answered
                drafts = s.exec(
                    select(Comment.id).where(
                        Comment.invitation_id == inv.id,
                        Comment.draft == True,  # noqa: E712
                    )
                ).all()
                assert len(drafts) == inv.drafts

    def queries_count_the_rows(self) -> None:
        today = local_date(self.now)
        with Session(self.engine) as raw:
            invs = raw.exec(select(Invitation)).all()
            comments = raw.exec(select(Comment)).all()
            reports = raw.exec(select(GrassrootsReport)).all()
            names = {u.id: u.name for u in raw.exec(select(Unit)).all()}
            officer = raw.exec(select(User).where(User.username == OFFICER)).one()
        truth = {
            rid: (
                sum(1 for i in invs if i.round_id == rid),
                sum(1 for i in invs if i.round_id == rid and i.answered_at is not None),
                sum(1 for c in comments if c.round_id == rid and not c.draft),
            )
            for rid in self.rounds
        }
        with session_scope(self.engine, read_only=True) as s:
            counts = round_counts(s, list(self.rounds))
            for rid, (invited, answered, n) in truth.items():
                c = counts[rid]
                assert (c.invited, c.answered, c.comments) == (invited, answered, n)
                t = tally(s, rid)
                assert (t.invited, t.answered, t.comments) == (invited, answered, n)
                assert sorted(t.missing) == sorted(
                    names[i.unit_id] for i in invs if i.round_id == rid and i.answered_at is None
                )
                rnd = s.get(Round, rid)
                assert rnd is not None
                rows, shown, _ = invitation_table(s, rnd, today)
                assert (shown.invited, shown.answered, shown.comments) == (invited, answered, n)
                for r in rows:
                    assert r.comments == sum(
                        1 for c in comments if c.invitation_id == r.invitation.id and not c.draft
                    )
                if rnd.kind == RoundKind.GRASSROOTS.value:
                    mine = [r for r in reports if r.round_id == rid]
                    table = grassroots_table(s, rnd)
                    assert table.reported == len(mine)
                    assert table.delegates == sum(r.delegates for r in mine)
                    for level, total in table.meeting_totals.items():
                        assert total == sum(r.meetings.get(level, 0) for r in mine)
            board = {id_of(row.directive): row for row in dashboard(s, officer, today)}
        assert sorted(board) == sorted(d.id for d in self.directives)
        for d in self.directives:
            row = board[d.id]
            assert (row.open_round.id if row.open_round else None) == d.open_round
            if d.open_round is not None:
                invited, answered, n = truth[d.open_round]
                assert row.counts is not None
                assert (row.counts.invited, row.counts.answered, row.counts.comments) == (
                    invited,
                    answered,
                    n,
                )
                deadline = self.rounds[d.open_round].deadline
                assert row.overdue == bool(deadline and today > deadline)

    def numbers_are_unique_and_never_reused(self) -> None:
        with Session(self.engine) as s:
            entries = s.exec(select(RegisterEntry)).all()
            counters = s.exec(select(RegisterCounter)).all()
            directives = s.exec(select(Directive)).all()
            signings = s.exec(select(Signing)).all()
            letters = [r.letter_number for r in s.exec(select(Round)).all() if r.letter_number]
        seqs = [(e.issuer_id, e.kind, e.term_id, e.seq) for e in entries]
        assert len(seqs) == len(set(seqs))
        assert len({e.number for e in entries}) == len(entries)
        assert {e.number for e in entries} == self.numbers  # nothing lost, nothing extra
        for c in counters:
            mine = [
                e.seq
                for e in entries
                if (e.issuer_id, e.kind, e.term_id) == (c.issuer_id, c.kind, c.term_id)
            ]
            assert c.last_seq >= max(mine, default=0)
        assert len(letters) == len(set(letters))
        by_number = {e.number: e for e in entries}
        for d in directives:
            if d.number:
                assert by_number[d.number].directive_id == d.id
        for sg in signings:
            assert sg.number == next(d.number for d in directives if d.id == sg.directive_id)

    def nothing_answered_after_close_or_revocation(self) -> None:
        with Session(self.engine) as s:
            comments = s.exec(select(Comment)).all()
            invs = {i.id: i for i in s.exec(select(Invitation)).all()}
            reports = s.exec(select(GrassrootsReport)).all()
            rounds = {r.id: r for r in s.exec(select(Round)).all()}
        spans = {inv.id: inv.revoked_spans for inv in self.invitations}
        paper = {inv.id for inv in self.invitations if inv.on_paper}

        def in_time(round_id: int, inv_id: int | None, *moments: datetime | None) -> None:
            rnd = rounds[round_id]
            for at in moments:
                if at is None:
                    continue
                if rnd.closed_at is not None:
                    assert at <= rnd.closed_at, "written after the round closed"
                if inv_id is None:
                    continue
                if rnd.deadline is not None:
                    assert local_date(at) <= rnd.deadline, "written after the deadline"
                for start, end in spans.get(inv_id, []):
                    assert start is not None  # a span starts when the link is revoked
                    inside = start <= utc(at) and (end is None or utc(at) < end)
                    assert not inside, "written through a revoked link"

        for c in comments:
            in_time(c.round_id, c.invitation_id, c.received_at, c.updated_at)
        for inv in invs.values():
            if inv.id not in paper:
                in_time(inv.round_id, inv.id, inv.answered_at)
        for r in reports:
            in_time(
                r.round_id, None if r.invitation_id in paper else r.invitation_id, r.received_at
            )

    def invitation_status_agrees_with_its_facts(self) -> None:
        with Session(self.engine) as s:
            pairs = s.exec(
                select(Invitation, Round).join(Round, col(Round.id) == col(Invitation.round_id))
            ).all()
        for inv, rnd in pairs:
            if inv.answered_at is not None:
                assert inv.status == "answered"
            elif rnd.status == "closed":
                assert inv.status == "overdue"
            else:
                assert inv.status == ("opened" if inv.opened_at else "sent"), (
                    f"{inv.status} for an open round (opened_at {inv.opened_at})"
                )

    def outbox_follows_the_rules(self) -> None:
        with Session(self.engine) as s:
            messages = s.exec(select(OutboxMessage)).all()
            rounds = {r.id: r for r in s.exec(select(Round)).all()}
            invs = {(i.round_id, i.unit_id): i for i in s.exec(select(Invitation)).all()}
        keys = [m.key for m in messages]
        assert len(keys) == len(set(keys))
        invites: dict[tuple[int, int], int] = {}
        for m in messages:
            kind, *parts = m.key.split(":")
            if kind == "invite":
                pair = (int(parts[0]), int(parts[1]))
                invites[pair] = invites.get(pair, 0) + 1
            if kind not in ("remind", "overdue"):
                continue
            rnd = rounds[int(parts[0])]
            invitation = invs[(id_of(rnd), int(parts[1]))]
            assert rnd.deadline is not None
            assert m.created_at <= (rnd.closed_at or m.created_at)
            assert invitation.answered_at is None or m.created_at < invitation.answered_at
            assert invitation.revoked_at is None or m.created_at < invitation.revoked_at
            # Days left as the sweep saw them: an extension since then moved the deadline on.
            days_left = m.context["days_left"]
            assert local_date(m.created_at) + timedelta(days=days_left) <= rnd.deadline
            if kind == "overdue":
                assert days_left < 0
            else:
                offset = int(parts[2])
                offsets = [int(x) for x in rnd.reminder_days.split(",")]
                assert offset in offsets and days_left >= 0
                assert due_offset(days_left, offsets) == offset
        # One invitation mail per link issued to a unit with an address.
        for inv in self.invitations:
            expected = len(inv.tokens) if self.mail[inv.unit_id] else 0
            assert invites.get((inv.round_id, inv.unit_id), 0) == expected

    def stages_follow_the_lifecycle(self) -> None:
        with Session(self.engine) as s:
            moves = s.exec(
                select(AuditEvent)
                .where(col(AuditEvent.action).like("stage.%"))
                .order_by(col(AuditEvent.id))
            ).all()
        for d in self.directives:
            stage = Stage.ASSIGNED
            for m in (m for m in moves if m.directive_id == d.id):
                action = Action(m.action.removeprefix("stage."))
                allowed, target = TRANSITIONS[action]
                assert m.before is not None and m.after is not None  # a move records both
                before, after = Stage(m.before["stage"]), Stage(m.after["stage"])
                assert before == stage and before in allowed
                assert after == (target or Stage.DRAFTING)
                stage = after
            assert stage == d.stage
            event(f"reached {d.stage.value}")


Records.TestCase.settings = settings(
    max_examples=25,
    stateful_step_count=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
test_records_stay_consistent = Records.TestCase
