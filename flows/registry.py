"""Every flow by its deployment name: the reactions, the drainer and the deployments read
this one map."""

from collections.abc import Callable
from typing import Any

from flows.delivery import deliver_outbox_flow, send_digests_flow
from flows.documents import render_documents_flow
from flows.grouping import group_comments_flow
from flows.placement import place_comments_flow
from flows.sweep import sweep_flow

FLOWS: dict[str, Callable[..., Any]] = {
    "render-documents": render_documents_flow,
    "place-comments": place_comments_flow,
    "sweep": sweep_flow,
    "deliver-outbox": deliver_outbox_flow,
    "send-digests": send_digests_flow,
    "group-comments": group_comments_flow,
}
