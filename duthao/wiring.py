"""The composition root: which providers the flows' side effects use in this process."""

from typing import Any

from documents.attachments import round_letter_attachments
from documents.provider import render_for
from flows.delivery import deliver_now


def flow_extras() -> dict[str, Any]:
    """Documents rendered after each transition, the round's letter attached to invitations,
    and the outbox delivered (the providers read settings through flows.runtime)."""
    return {
        "render_documents": render_for,
        "attachments": round_letter_attachments,
        "deliver": deliver_now,
    }
