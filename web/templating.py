"""The Jinja2 environment shared by every page and partial, with the Vietnamese filters."""

from pathlib import Path

from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from models import labels
from models.clock import local
from models.lifecycle import ROUND_LABELS, STAGE_LABELS
from models.sections import section_label
from models.statuses import (
    DECISIONS_NEEDING_RESPONSE,
    InvitationStatus,
    Position,
    RoundState,
    RoundStatus,
    TokenStatus,
    round_state,
)
from models.text import long_date, match_spans, number, short_date, short_datetime

TEMPLATES_DIR = Path(__file__).parent / "templates"


def highlight(text: str, query: str) -> Markup:
    """The text, escaped, with what a search for `query` matched in <mark>."""
    out, at = [], 0
    for start, end in match_spans(text, query):
        out += [escape(text[at:start]), Markup("<mark>"), escape(text[start:end])]
        out.append(Markup("</mark>"))
        at = end
    out.append(escape(text[at:]))
    return Markup("").join(out)


def figure_text(value: float | None) -> str:
    """A report's figure as the offices write it: 1.234 or 3,5."""
    if value is None:
        return ""
    if float(value).is_integer():
        return number(int(value))
    return f"{value:,.2f}".rstrip("0").replace(",", " ").replace(".", ",").replace(" ", ".")


def make_templates() -> Jinja2Templates:
    templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
    env = templates.env
    env.autoescape = True  # comments with <script> show as text
    # Templates ship with the code and change only with a restart: without this every
    # get_template (each include, 50 per round page inside the comment loop) stats its file.
    env.auto_reload = False
    env.filters.update(
        short_date=short_date,
        long_date=long_date,
        short_datetime=short_datetime,
        number=number,
        highlight=highlight,
        local=local,
        stage=lambda s: STAGE_LABELS.get(s, s),
        round_kind=lambda k: ROUND_LABELS.get(k, k),
        position=lambda p: labels.POSITIONS.get(p, p),
        decision=lambda d: labels.DECISIONS.get(d, d),
        invitation_status=lambda s: labels.INVITATION_STATUSES.get(s, s),
        round_status=lambda s: labels.ROUND_STATUSES.get(s, s),
        reply_source=lambda s: labels.REPLY_SOURCES.get(s, s),
        reminders=labels.reminder_phrase,
        report_state=lambda s: labels.REPORT_STATES.get(s, s),
        report_source=lambda s: labels.REPORT_SOURCES.get(s, s),
        figure=figure_text,
    )
    # Templates compare with the enums, not with restated strings.
    env.globals.update(
        RoundStatus=RoundStatus,
        RoundState=RoundState,
        InvitationStatus=InvitationStatus,
        Position=Position,
        TokenStatus=TokenStatus,
        round_state=round_state,
        # The decisions whose reason the disposition forms ask for before saving.
        needs_reason=sorted(DECISIONS_NEEDING_RESPONSE),
        LONG_COMMENT=600,  # characters: a longer comment collapses on the round page
        section_label=section_label,
    )
    return templates
