"""Files attached to a message, and the provider other layers plug in (the round letter)."""

from collections.abc import Callable
from dataclasses import dataclass, field

from sqlmodel import Session

from models.tables import OutboxMessage


@dataclass(frozen=True)
class Attachment:
    filename: str
    content: bytes
    maintype: str = "application"
    subtype: str = "octet-stream"
    # Extra Content-Type parameters, e.g. {"method": "REQUEST"} for text/calendar.
    params: dict[str, str] = field(default_factory=dict)


# Called in the delivery's DB thread with the claimed row; returns the files to attach
# (the documents layer returns the round letter as PDF/DOCX).
AttachmentProvider = Callable[[Session, OutboxMessage], list[Attachment]]
