"""Subject, plain text and HTML of one message, from the same Jinja2 templates and context."""

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Undefined

from models.lifecycle import ROUND_LABELS, RoundKind
from models.text import number, short_date

TEMPLATES_DIR = Path(__file__).parent / "templates"
TEMPLATES = (
    "invitation",
    "conference_invitation",
    "grassroots_request",
    "receipt",
    "reminder",
    "overdue",
    "round_closed",
    "issuance",
    "undeliverable",
    "digest",
    "unit_email_changed",
    "report_request",
)
FOOTER_MARK = "\n--\n"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


def _round_kind(kind: str) -> str:
    try:
        return ROUND_LABELS[RoundKind(kind)]
    except ValueError:
        return kind


def _env(autoescape: bool, undefined: type[Undefined]) -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES_DIR),
        autoescape=autoescape,
        undefined=undefined,
        keep_trailing_newline=False,
        trim_blocks=False,
        auto_reload=False,  # no stat() of the template files for every message
    )
    env.filters.update(number=number, short_date=short_date, round_kind=_round_kind)
    return env


@lru_cache(maxsize=2)
def environments(strict: bool = False) -> tuple[Environment, Environment]:
    """(plain text, HTML); strict makes a missing context key an error (tests use it)."""
    undefined = StrictUndefined if strict else Undefined
    return _env(False, undefined), _env(True, undefined)


def page_context(
    context: dict[str, Any], *, base_url: str, to_name: str = "", link: str = ""
) -> dict[str, Any]:
    """The stored context plus what every template may link to; `link` is the unit's personal
    link, built at send time (notifications/links.py), never stored."""
    base = base_url.rstrip("/")
    extra: dict[str, Any] = {"base_url": base, "recipient": context.get("recipient") or to_name}
    if link:
        extra["link"] = link
    if context.get("directive_id"):
        extra["directive_url"] = f"{base}/directives/{context['directive_id']}"
    extra.setdefault("directive_url", base + "/")
    extra["fix_url"] = extra["directive_url"]
    defaults: dict[str, Any] = {"drafting_body": "", "change": "", "version": ""}
    defaults |= {"superior": False, "team": False}  # the issuance mail's reader
    return {**defaults, **context, **extra}


def render(
    template: str,
    context: dict[str, Any],
    *,
    base_url: str,
    to_name: str = "",
    strict: bool = False,
    link: str = "",
) -> Rendered:
    if template not in TEMPLATES:
        raise ValueError(f"Không có mẫu thư “{template}”.")
    text_env, html_env = environments(strict)
    ctx = page_context(context, base_url=base_url, to_name=to_name, link=link)
    subject = text_env.get_template(f"{template}.subject.txt").render(ctx)
    return Rendered(
        subject=" ".join(subject.split()),
        text=text_env.get_template(f"{template}.txt").render(ctx).strip() + "\n",
        html=html_env.get_template(f"{template}.html").render(ctx),
    )


def without_footer(text: str) -> str:
    """The message body alone, for quoting it inside a digest."""
    return text.split(FOOTER_MARK, 1)[0].strip()
