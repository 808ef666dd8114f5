"""Charts drawn on the server as SVG: no JavaScript library, nothing from a CDN.

Each chart is an <svg role="img"> with a <title> (and a <desc> listing the numbers) that a
screen reader announces; the page shows the same numbers in a table beside it. Every label
is escaped: unit and period names are user text.
"""

from collections.abc import Sequence

from markupsafe import Markup, escape

from models.text import number as vn_number

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 28, 56


def fmt(value: float) -> str:
    """A value as the offices write it: 6.325 for a whole number, 62,5 otherwise."""
    if float(value).is_integer():
        return vn_number(int(value))
    return f"{value:.1f}".replace(".", ",")


def _frame(chart_id: str, title: str, desc: str, body: list[str]) -> Markup:
    head = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" id="{escape(chart_id)}" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" role="img" '
        f'aria-labelledby="{escape(chart_id)}-title {escape(chart_id)}-desc">'
        f'<title id="{escape(chart_id)}-title">{escape(title)}</title>'
        f'<desc id="{escape(chart_id)}-desc">{escape(desc)}</desc>'
    )
    axis = (
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" '
        f'y2="{HEIGHT - BOTTOM}" stroke="#555"/>'
    )
    return Markup(head + axis + "".join(body) + "</svg>")


def _x_label(x: float, text: str) -> str:
    short = text if len(text) <= 22 else text[:21] + "…"
    return (
        f'<text x="{x:.1f}" y="{HEIGHT - BOTTOM + 16}" font-size="11" text-anchor="middle">'
        f"{escape(short)}</text>"
    )


def _desc(labels: Sequence[str], values: Sequence[float | None], suffix: str) -> str:
    parts = [
        f"{label}: {fmt(v) + suffix if v is not None else 'chưa có số liệu'}"
        for label, v in zip(labels, values, strict=True)
    ]
    return "; ".join(parts) + "."


def bar_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    suffix: str = "%",
    top: float = 100.0,
) -> Markup:
    """One bar per label (a period's on-time rate); a value not known yet draws no bar and
    says so."""
    n = max(len(labels), 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    slot = plot_w / n
    scale = max([top, *[v for v in values if v is not None]])
    body = [
        f'<text x="{LEFT - 6}" y="{TOP + 4}" font-size="11" text-anchor="end">'
        f"{escape(fmt(scale) + suffix)}</text>",
        f'<text x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" font-size="11" text-anchor="end">0</text>',
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        cx = LEFT + slot * i + slot / 2
        body.append(_x_label(cx, label))
        if value is None:
            body.append(
                f'<text x="{cx:.1f}" y="{HEIGHT - BOTTOM - 6}" font-size="11" '
                f'text-anchor="middle" fill="#777">chưa đến hạn</text>'
            )
            continue
        h = plot_h * (value / scale if scale else 0)
        bw = min(slot * 0.6, 60)
        y = HEIGHT - BOTTOM - h
        body.append(
            f'<rect class="bar" x="{cx - bw / 2:.1f}" y="{y:.1f}" width="{bw:.1f}" '
            f'height="{h:.1f}" fill="#2f6db5"><title>{escape(label)}: '
            f"{escape(fmt(value) + suffix)}</title></rect>"
        )
        body.append(
            f'<text x="{cx:.1f}" y="{y - 4:.1f}" font-size="11" text-anchor="middle">'
            f"{escape(fmt(value) + suffix)}</text>"
        )
    return _frame(chart_id, title, _desc(labels, values, suffix), body)


def line_chart(
    chart_id: str,
    title: str,
    labels: Sequence[str],
    values: Sequence[float | None],
    *,
    measure: str = "",
) -> Markup:
    """A figure over the periods: a point per period with a value, joined in order (a
    period without one breaks the line)."""
    n = len(labels)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    known = [v for v in values if v is not None]
    high = max(known) if known else 0.0
    scale = high * 1.1 if high > 0 else 1.0
    suffix = f" {measure}" if measure else ""
    step = plot_w / max(n - 1, 1)
    body = [
        f'<text x="{LEFT - 6}" y="{TOP + 4}" font-size="11" text-anchor="end">'
        f"{escape(fmt(round(scale, 1)))}</text>",
        f'<text x="{LEFT - 6}" y="{HEIGHT - BOTTOM}" font-size="11" text-anchor="end">0</text>',
    ]
    segment: list[str] = []
    segments: list[list[str]] = []
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        x = LEFT + (step * i if n > 1 else plot_w / 2)
        body.append(_x_label(x, label))
        if value is None:
            if segment:
                segments.append(segment)
            segment = []
            continue
        y = HEIGHT - BOTTOM - plot_h * (value / scale)
        segment.append(f"{x:.1f},{y:.1f}")
        body.append(
            f'<circle class="point" cx="{x:.1f}" cy="{y:.1f}" r="4" fill="#b5412f">'
            f"<title>{escape(label)}: {escape(fmt(value) + suffix)}</title></circle>"
        )
        body.append(
            f'<text x="{x:.1f}" y="{y - 8:.1f}" font-size="11" text-anchor="middle">'
            f"{escape(fmt(value))}</text>"
        )
    if segment:
        segments.append(segment)
    lines = [
        f'<polyline points="{" ".join(s)}" fill="none" stroke="#b5412f" stroke-width="2"/>'
        for s in segments
        if len(s) > 1
    ]
    return _frame(chart_id, title, _desc(labels, values, suffix), lines + body)
