"""The composition root: which providers the flows' side effects use in this process."""

from typing import Any

from models.settings import Settings


def flow_extras(settings: Settings) -> dict[str, Any]:
    """Documents rendered after each transition, and the outbox delivered."""
    extras: dict[str, Any] = {}
    try:
        from documents.provider import render_for

        extras["render_documents"] = render_for
    except ImportError:  # documents layer not installed in this build
        pass
    try:
        from documents.attachments import round_letter_attachments

        extras["attachments"] = round_letter_attachments  # the round's letter on invitations
    except ImportError:  # documents layer not installed in this build
        pass
    try:
        from flows.delivery import deliver_now

        extras["deliver"] = deliver_now
    except ImportError:  # notifications layer not installed in this build
        pass
    return extras
