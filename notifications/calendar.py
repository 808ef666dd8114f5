"""The conference's .ics: one UID per round, SEQUENCE rising each time it moves, CANCEL."""

from datetime import datetime, timedelta
from typing import Any

from icalendar import Calendar, Event, vCalAddress, vText

from notifications.attachments import Attachment

CONFERENCE_HOURS = 3  # a half-day conference unless the officers say otherwise


def conference_uid(round_id: int | str, domain: str) -> str:
    return f"round-{round_id}-conference@{domain}"


def conference_ics(
    context: dict[str, Any],
    *,
    domain: str,
    organizer_email: str,
    organizer_name: str,
    attendee_email: str,
    attendee_name: str,
    stamp: datetime,
) -> Attachment:
    """`context` is the outbox row's: held_at (ISO), place, directive_title, round_id, and
    optionally ics_method (REQUEST | CANCEL) and ics_sequence."""
    method = str(context.get("ics_method") or "REQUEST").upper()
    start = datetime.fromisoformat(context["held_at"])
    cal = Calendar()
    cal.add("prodid", "-//duthao//Hoi nghi gop y//VI")
    cal.add("version", "2.0")
    cal.add("method", method)
    event = Event()
    event.add("uid", conference_uid(context.get("round_id", "x"), domain))
    event.add("sequence", int(context.get("ics_sequence") or 0))
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    event.add("dtend", start + timedelta(hours=CONFERENCE_HOURS))
    event.add("summary", f"Hội nghị góp ý dự thảo Chỉ thị “{context.get('directive_title', '')}”")
    event.add("location", context.get("place", ""))
    if context.get("link"):
        event.add("description", f"Dự thảo: {context['link']}")
    event.add("status", "CANCELLED" if method == "CANCEL" else "CONFIRMED")
    organizer = vCalAddress(f"mailto:{organizer_email}")
    organizer.params["cn"] = vText(organizer_name)
    event["organizer"] = organizer
    attendee = vCalAddress(f"mailto:{attendee_email}")
    attendee.params["cn"] = vText(attendee_name)
    attendee.params["role"] = vText("REQ-PARTICIPANT")
    attendee.params["rsvp"] = vText("FALSE")
    event.add("attendee", attendee, encode=False)
    cal.add_component(event)
    return Attachment(
        filename="hoi-nghi.ics" if method != "CANCEL" else "huy-hoi-nghi.ics",
        content=cal.to_ical(),
        maintype="text",
        subtype="calendar",
        params={"method": method, "charset": "utf-8"},
    )
