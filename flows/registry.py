"""Every flow by its deployment name: the dispatcher and the deployments read this one map."""

from collections.abc import Callable
from typing import Any

from flows.delivery import deliver_outbox_flow, send_digests_flow
from flows.sweep import sweep_flow
from flows.transitions import (
    close_round_flow,
    compile_synthesis_flow,
    open_round_flow,
    record_conference_flow,
    sign_and_issue_flow,
)

FLOWS: dict[str, Callable[..., Any]] = {
    "open-round": open_round_flow,
    "close-round": close_round_flow,
    "record-conference": record_conference_flow,
    "compile-synthesis": compile_synthesis_flow,
    "sign-and-issue": sign_and_issue_flow,
    "sweep": sweep_flow,
    "deliver-outbox": deliver_outbox_flow,
    "send-digests": send_digests_flow,
}
