"""The case step by step, with its real dates, through the same commands and flows as the web:
the drafting to the signing here, then its follow-up to the sơ kết (follow_up.py).

The directive is in record mode ("nhập hồ sơ đã thực hiện"): its 2023 dates are kept as
given, its documents rendered, and nothing is mailed or swept for the past.

Every step first looks at the records and does nothing when it is already done, so a replay
interrupted half-way resumes where it stopped and a finished one is never duplicated.
"""

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from datetime import date, timedelta
from typing import Any, TypeVar

from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from duthao.demo import data, drafts
from duthao.demo.follow_up import FollowUp
from duthao.demo.opinions import (
    CONFERENCE,
    GRASSROOTS,
    GRASSROOTS_ANSWERS,
    GRASSROOTS_LEVELS,
    OPINIONS,
    REPORTS,
    ROUND1,
    Answer,
    Said,
)
from duthao.demo.world import find_directive
from flows.drainer import Drainer
from flows.runtime import Runtime
from models.clock import at_local
from models.commands.answers import answer_no_comments, answer_submit, comment_save
from models.commands.conference import conference_close, opinion_record
from models.commands.directives import (
    directive_create,
    directive_finalise,
    directive_issue,
    directive_submit,
)
from models.commands.dispositions import disposition_set
from models.commands.drafts import draft_add, draft_set_final
from models.commands.grassroots import report_submit
from models.commands.rounds import ConferencePlan, round_close, round_open
from models.commands.signing import directive_sign
from models.db import session_scope
from models.ids import id_of
from models.tables import (
    Comment,
    Directive,
    Disposition,
    DraftVersion,
    Invitation,
    Round,
    Section,
)
from models.text import clean

OFFICER = data.OFFICER
T = TypeVar("T")
ROUND1_LETTER = ("490-CV/BDVTU", date(2023, 7, 12), date(2023, 7, 27))
ROUND1_CLOSED_ON = date(2023, 7, 28)  # the day after the deadline, by the officer
VERSION_DAYS = {1: date(2023, 7, 10), 2: date(2023, 7, 31), 3: date(2023, 8, 7)}
FINALISED_ON, FINAL_ON, SUBMITTED_ON = date(2023, 8, 30), date(2023, 9, 15), date(2023, 9, 20)
SaidBy = tuple[int | None, str, Said]  # (unit id, conference speaker or "", what was said)
ABSTRACT = "V/v góp ý dự thảo Chỉ thị về tăng cường nắm tình hình Nhân dân, dân tộc, tôn giáo"


def iso(d: date, hour: int = 8, minute: int = 0) -> str:
    return at_local(d, hour, minute).isoformat()


class Timeline:
    """The case as the officers lived it: each step a command, then the drain every entry
    point ends with (its reactions: mail delivered, at the step's clock)."""

    def __init__(self, engine: Engine, rt: Runtime, drainer: Drainer, ids: dict[str, int]):
        self.engine, self.rt, self.drainer, self.ids = engine, rt, drainer, ids

    def session(self) -> AbstractContextManager[Session]:
        return session_scope(self.engine)

    async def command(self, fn: Callable[[Session], T]) -> T:
        with self.session() as s:
            result = fn(s)
        await self.drainer.drain()
        return result

    async def open_round(self, **params: Any) -> int:
        def run(s: Session) -> int:
            opened = round_open(
                s,
                by=OFFICER,
                links=self.rt.links,
                reply_days=self.rt.settings.default_reply_days,
                **params,
            )
            return id_of(opened.round)

        return await self.command(run)

    # --- directive and drafts ---------------------------------------------------------

    def directive(self) -> int:
        with self.session() as s:
            found = find_directive(s)
            if found is not None:
                return id_of(found)
            d, _ = directive_create(
                s,
                title=data.TITLE,
                issuer_id=self.ids["btv"],
                drafting_unit_id=self.ids["bdv"],
                assignment_number=data.ASSIGNMENT_NUMBER,
                assignment_date=data.ASSIGNMENT_DATE,
                assignment_summary=data.ASSIGNMENT_SUMMARY,
                record_mode=True,  # a case of 2023: dates as they were, no mail sent now
                by=OFFICER,
                now=at_local(data.ASSIGNMENT_DATE, 15),
            )
            return id_of(d)

    def version(self, did: int, number: int, on: date) -> int:
        with self.session() as s:
            found = s.exec(
                select(DraftVersion).where(
                    DraftVersion.directive_id == did, DraftVersion.number == number
                )
            ).first()
            if found is None:
                found, _ = draft_add(
                    s,
                    directive_id=did,
                    text=drafts.version_text(number),
                    note=drafts.NOTES[number],
                    by=OFFICER,
                    now=at_local(on, 10),
                )
            return id_of(found)

    # --- rounds -----------------------------------------------------------------------

    def round_by_key(self, key: str) -> Round | None:
        with self.session() as s:
            return s.exec(select(Round).where(Round.request_key == key)).first()

    def token(self, round_id: int, unit_key: str) -> tuple[Invitation, str]:
        with self.session() as s:
            inv = s.exec(
                select(Invitation).where(
                    Invitation.round_id == round_id, Invitation.unit_id == self.ids[unit_key]
                )
            ).one()
            return inv, self.rt.links.token(inv.token_nonce)

    def section_id(self, round_id: int, key: str | None) -> int | None:
        if key is None:
            return None
        with self.session() as s:
            rnd = s.get_one(Round, round_id)
            return s.exec(
                select(Section.id).where(
                    Section.version_id == rnd.draft_version_id,
                    Section.key == key,
                )
            ).one()

    def answer(self, round_id: int, ans: Answer) -> None:
        inv, raw = self.token(round_id, ans.unit)
        if inv.answered_at is not None:
            return
        now = at_local(ans.day, ans.hour)
        with self.session() as s:
            if not ans.said:
                answer_no_comments(
                    s, raw_token=raw, now=now, reply_number=ans.reply_number, reply_date=ans.day
                )
                return
            for i, said in enumerate(ans.said):
                comment_save(
                    s,
                    raw_token=raw,
                    position=said.position,
                    text=said.text,
                    section_id=self.section_id(round_id, said.section),
                    now=now + timedelta(minutes=i),
                )
            answer_submit(
                s,
                raw_token=raw,
                now=now + timedelta(minutes=len(ans.said)),
                reply_number=ans.reply_number,
                reply_date=ans.day,
            )

    async def written_round(self, did: int, unit_ids: list[int]) -> int:
        letter, letter_date, deadline = ROUND1_LETTER
        round_id = await self.open_round(
            directive_id=did,
            kind="written",
            unit_ids=unit_ids,
            request_key=f"demo:{did}:written-1",
            letter_number=letter,
            letter_date=letter_date,
            deadline=deadline,
            abstract=ABSTRACT,
            now=at_local(letter_date, 8),
        )
        for ans in sorted(ROUND1, key=lambda a: (a.day, a.hour)):
            self.answer(round_id, ans)
        # Record mode: no sweep replays the past; the officer closes the round on the day it
        # closed, the units that never answered marked overdue.
        await self.command(
            lambda s: round_close(
                s,
                round_id=round_id,
                by=OFFICER,
                now=at_local(ROUND1_CLOSED_ON, 8),
                closed_on=ROUND1_CLOSED_ON,
                idempotent=True,
            )
        )
        return round_id

    async def conference_round(self, did: int, unit_ids: list[int]) -> int:
        held: date = CONFERENCE.day
        start = at_local(held, CONFERENCE.hour)
        plan = ConferencePlan(
            held_at=start,
            place=CONFERENCE.place,
            chair=CONFERENCE.chair,
            chair_title=CONFERENCE.chair_title,
        )
        round_id = await self.open_round(
            directive_id=did,
            kind="conference",
            unit_ids=unit_ids,
            request_key=f"demo:{did}:conference-1",
            conference=plan,
            now=at_local(CONFERENCE.invited_on, 14),
        )
        with self.session() as s:
            spoken = set(s.exec(select(Comment.speaker).where(Comment.round_id == round_id)).all())
            if s.get_one(Round, round_id).status == "open":
                for op in OPINIONS:
                    if op.speaker in spoken:
                        continue
                    opinion_record(
                        s,
                        round_id=round_id,
                        speaker=op.speaker,
                        speaker_title=op.title,
                        unit_id=self.ids[op.unit] if op.unit else None,
                        text=op.said.text,
                        position=op.said.position,
                        section_id=self.section_id(round_id, op.said.section),
                        by=OFFICER,
                        now=start + timedelta(minutes=op.minute),
                    )
        ended = start + timedelta(minutes=150)
        await self.command(
            lambda s: conference_close(
                s,
                round_id=round_id,
                by=OFFICER,
                attendees=CONFERENCE.attendees,
                conclusion=CONFERENCE.conclusion,
                ended_at=ended,
                now=ended + timedelta(minutes=10),
                idempotent=True,
            )
        )
        return round_id

    async def grassroots_round(self, did: int) -> int:
        letter_date: date = GRASSROOTS.letter_date
        round_id = await self.open_round(
            directive_id=did,
            kind="grassroots",
            unit_ids=[self.ids[k] for k in data.DISTRICT_KEYS],
            request_key=f"demo:{did}:grassroots-1",
            letter_number=GRASSROOTS.letter_number,
            letter_date=letter_date,
            deadline=GRASSROOTS.deadline,
            now=at_local(letter_date, 8),
        )
        for rep in REPORTS:
            inv, raw = self.token(round_id, rep.unit)
            if inv.answered_at is not None:
                continue
            with self.session() as s:
                report_submit(
                    s,
                    raw_token=raw,
                    meetings=dict(zip(GRASSROOTS_LEVELS, (rep.hamlets, rep.communes), strict=True)),
                    delegates=rep.delegates,
                    summary=rep.summary,
                    now=at_local(rep.day, 9),
                )
        await self.command(
            lambda s: round_close(
                s,
                round_id=round_id,
                by=OFFICER,
                now=at_local(GRASSROOTS.closed_on, 8),
                idempotent=True,
            )
        )
        return round_id

    # --- dispositions, finalisation, signing ------------------------------------------

    def dispose(self, round_id: int, items: Sequence[SaidBy], upto: int, on: date) -> None:
        """Decide the comments taken up by version `upto` or earlier (or only explained)."""
        with self.session() as s:
            rnd = s.get(Round, round_id)
            assert rnd is not None
            versions = dict(
                s.exec(
                    select(DraftVersion.number, DraftVersion.id).where(
                        DraftVersion.directive_id == rnd.directive_id
                    )
                ).all()
            )
            rows = s.exec(
                select(Comment, Disposition.id)
                .outerjoin(Disposition, col(Disposition.comment_id) == col(Comment.id))
                .where(Comment.round_id == round_id, Comment.draft == False)  # noqa: E712
            ).all()
            found = {(c.unit_id, c.speaker, c.text): (c, done) for c, done in rows}
            for n, (unit_id, speaker, said) in enumerate(items):
                if said.decision is None or (said.taken_in or 0) > upto:
                    continue
                comment, done = found[(unit_id, speaker, clean(said.text))]
                if done is not None:
                    continue
                disposition_set(
                    s,
                    comment_id=id_of(comment),
                    decision=said.decision,
                    response=said.response,
                    taken_in_version_id=versions.get(said.taken_in) if said.taken_in else None,
                    by=OFFICER,
                    now=at_local(on, 14, n % 60),
                )

    def dispose_grassroots(self, round_id: int, on: date) -> None:
        """The committees' summarised opinions, each answered (GRASSROOTS_ANSWERS)."""
        by_unit = {self.ids[k]: answer for k, answer in GRASSROOTS_ANSWERS.items()}
        with self.session() as s:
            rows = s.exec(
                select(Comment, Disposition.id)
                .outerjoin(Disposition, col(Disposition.comment_id) == col(Comment.id))
                .where(Comment.round_id == round_id, Comment.draft == False)  # noqa: E712
                .order_by(col(Comment.id))
            ).all()
            for n, (comment, done) in enumerate(rows):
                if done is not None or comment.unit_id not in by_unit:
                    continue
                decision, response = by_unit[comment.unit_id]
                disposition_set(
                    s,
                    comment_id=id_of(comment),
                    decision=decision,
                    response=response,
                    by=OFFICER,
                    now=at_local(on, 10, n % 60),
                )

    async def finish(self, did: int) -> None:
        with self.session() as s:
            directive = s.get(Directive, did)
            assert directive is not None
            if directive.stage == "drafting":
                directive_finalise(s, directive_id=did, by=OFFICER, now=at_local(FINALISED_ON, 9))
        final = self.version(did, 4, FINAL_ON)
        with self.session() as s:
            directive = s.get(Directive, did)
            assert directive is not None
            if directive.stage == "finalising":
                if directive.final_version_id != final:
                    draft_set_final(
                        s,
                        directive_id=did,
                        version_id=final,
                        by=OFFICER,
                        now=at_local(FINAL_ON, 16),
                    )
                directive_submit(s, directive_id=did, by=OFFICER, now=at_local(SUBMITTED_ON, 9))
        await self.drainer.drain()

    async def sign_and_issue(self, did: int) -> None:
        recipients = [v for k, v in self.ids.items() if k not in ("tinhuy", "btv")]
        at = at_local(data.SIGNED_ON, 15)
        await self.command(
            lambda s: directive_sign(
                s,
                directive_id=did,
                by="vanthu.vptu",
                signed_on=data.SIGNED_ON,
                form="T/M",
                signer_title=data.SIGNER_TITLE,
                signer_name=data.SIGNER_NAME,
                on_behalf_of=data.ON_BEHALF_OF,
                recipient_ids=recipients,
                extra_recipients=data.EXTRA_RECIPIENTS,
                number=data.NUMBER,
                now=at,
                idempotent=True,
            )
        )
        await self.command(
            lambda s: directive_issue(
                s, directive_id=did, by="vanthu.vptu", now=at, idempotent=True
            )
        )

    # --- the whole case ---------------------------------------------------------------

    async def run(self) -> int:
        did = self.directive()
        self.version(did, 1, VERSION_DAYS[1])
        consulted = [self.ids[k] for k in data.consulted_keys()]
        written = await self.written_round(did, consulted)
        written_items = [(self.ids[a.unit], "", said) for a in ROUND1 for said in a.said]
        self.version(did, 2, VERSION_DAYS[2])
        self.dispose(written, written_items, 2, VERSION_DAYS[2])
        conference = await self.conference_round(did, consulted)
        spoken_items = [(self.ids[o.unit] if o.unit else None, o.speaker, o.said) for o in OPINIONS]
        self.version(did, 3, VERSION_DAYS[3])
        self.dispose(written, written_items, 3, VERSION_DAYS[3])
        self.dispose(conference, spoken_items, 3, VERSION_DAYS[3])
        grassroots = await self.grassroots_round(did)
        self.dispose_grassroots(grassroots, GRASSROOTS.closed_on)
        await self.finish(did)
        await self.sign_and_issue(did)
        # After the signing: the follow-up to the sơ kết (duthao/demo/follow_up.py).
        await FollowUp(self).run(did)
        return did
