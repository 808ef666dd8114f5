"""One flow per stage transition that has side effects.

Each flow first runs its command with idempotent semantics (the request key, or "already in
the target state" = done), then its side effects: documents to render, outbox to deliver.
The web calls the command itself for an immediate answer, then dispatches the same flow,
whose command step is then a no-op.
"""

from typing import Any

from prefect import flow

from flows.runtime import current
from flows.tasks import command, day, in_session, when
from models.commands.conference import conference_close
from models.commands.directives import directive_issue
from models.commands.rounds import ConferencePlan, round_close, round_open
from models.commands.signing import directive_sign


async def side_effects(kind: str, now: str | None = None, **ids: Any) -> list[str]:
    """Run the providers the composition root registered (documents, delivery).

    Delivery runs at the later of the real clock and the flow's `now`: a flow run with a
    moved clock (a test, the sweep given a date) sends what it just queued."""
    done: list[str] = []
    extras = current().extras
    renderer = extras.get("render_documents")
    if renderer is not None:
        await in_session(lambda s: renderer(s, kind, **ids))
        done.append("documents")
    deliver = extras.get("deliver")
    if deliver is not None:
        moment = max(when(now), when(None)).isoformat()
        await deliver(now=moment)
        done.append("delivery")
    return done


@flow(name="open-round")
async def open_round_flow(
    directive_id: int,
    kind: str,
    unit_ids: list[int],
    by: str,
    request_key: str,
    letter_number: str | None = None,
    letter_date: str | None = None,
    deadline: str | None = None,
    abstract: str = "",
    reminder_days: str = "3,1",
    held_at: str | None = None,
    place: str = "",
    chair: str = "",
    chair_title: str = "",
    now: str | None = None,
) -> dict[str, Any]:
    """Open a round (written, conference or grassroots): invitations, letter, emails."""
    rt = current()
    conference = (
        ConferencePlan(held_at=when(held_at), place=place, chair=chair, chair_title=chair_title)
        if held_at
        else None
    )

    def run(session):  # type: ignore[no-untyped-def]
        opened = round_open(
            session,
            directive_id=directive_id,
            kind=kind,
            unit_ids=unit_ids,
            by=by,
            now=when(now),
            links=rt.links,
            letter_date=day(letter_date),
            letter_number=letter_number,
            deadline=day(deadline),
            abstract=abstract,
            reminder_days=reminder_days,
            reply_days=rt.settings.default_reply_days,
            conference=conference,
            request_key=request_key,
        )
        return {
            "round_id": opened.round.id,
            "created": opened.created,
            "letter_number": opened.round.letter_number,
        }

    result = await command(run, label="open-round")
    result["effects"] = await side_effects("round_opened", now, round_id=result["round_id"])
    return result


@flow(name="close-round")
async def close_round_flow(round_id: int, by: str, now: str | None = None) -> dict[str, Any]:
    """Close a round: tally, mark non-responders, tell the drafting team."""

    def run(session):  # type: ignore[no-untyped-def]
        _, events = round_close(session, round_id=round_id, by=by, now=when(now), idempotent=True)
        return {"round_id": round_id, "closed_now": bool(events)}

    result = await command(run, label="close-round")
    result["effects"] = await side_effects("round_closed", now, round_id=round_id)
    return result


@flow(name="record-conference")
async def record_conference_flow(
    round_id: int,
    by: str,
    attendees: int | None = None,
    conclusion: str | None = None,
    ended_at: str | None = None,
    now: str | None = None,
) -> dict[str, Any]:
    """Close the conference with its minutes: attendees, conclusion, then the round closes."""

    def run(session):  # type: ignore[no-untyped-def]
        _, events = conference_close(
            session,
            round_id=round_id,
            by=by,
            now=when(now),
            attendees=attendees,
            conclusion=conclusion,
            ended_at=when(ended_at) if ended_at else None,
            idempotent=True,
        )
        return {"round_id": round_id, "closed_now": bool(events)}

    result = await command(run, label="record-conference")
    result["effects"] = await side_effects("conference_recorded", now, round_id=round_id)
    return result


@flow(name="compile-synthesis")
async def compile_synthesis_flow(directive_id: int) -> dict[str, Any]:
    """Render the synthesis table, the consultation report and the submission."""
    return {"effects": await side_effects("synthesis", directive_id=directive_id)}


@flow(name="sign-and-issue")
async def sign_and_issue_flow(
    directive_id: int,
    by: str,
    signed_on: str,
    form: str,
    signer_title: str,
    signer_name: str,
    on_behalf_of: str = "",
    recipient_ids: list[int] | None = None,
    extra_recipients: list[str] | None = None,
    number: str | None = None,
    issue: bool = True,
    now: str | None = None,
) -> dict[str, Any]:
    """Record the signature (registering the number), then issue to every recipient."""

    def sign(session):  # type: ignore[no-untyped-def]
        directive, _ = directive_sign(
            session,
            directive_id=directive_id,
            signed_on=day(signed_on),
            form=form,  # type: ignore[arg-type]
            signer_title=signer_title,
            signer_name=signer_name,
            on_behalf_of=on_behalf_of,
            recipient_ids=recipient_ids,
            extra_recipients=extra_recipients,
            number=number,
            by=by,
            now=when(now),
            idempotent=True,
        )
        return directive.number

    number_given = await command(sign, label="sign")
    if issue:

        def run_issue(session):  # type: ignore[no-untyped-def]
            directive_issue(
                session, directive_id=directive_id, by=by, now=when(now), idempotent=True
            )

        await command(run_issue, label="issue")
    effects = await side_effects("issued" if issue else "signed", now, directive_id=directive_id)
    return {"number": number_given, "effects": effects}
