"""Charts as inline SVG drawn on the server: no chart service, no script, no CDN. Every bar and
point is a link to the records behind it (the drill-down)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#1f5fa8", "#2e8b57", "#c77c02", "#8e44ad", "#c0392b", "#16a085", "#7f8c8d")
FONT = "font-family=\"Laksaman, Sarabun, 'Noto Sans Thai', sans-serif\""


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    href: str = ""
    text: str = ""  # the value as shown; the number itself when empty


def _link(href: str, inner: str, title: str) -> str:
    tip = f"<title>{escape(title)}</title>"
    if not href:
        return f"<g>{tip}{inner}</g>"
    return f'<a href="{escape(href)}">{tip}{inner}</a>'


def bar_chart(bars: Sequence[Bar], *, title: str, limit: int = 12) -> SafeString:
    """Horizontal bars, longest first as given; labels on the left (Thai names are long)."""
    bars = list(bars)[:limit]
    width, label_w, row_h, pad = 640, 230, 26, 6
    height = max(len(bars), 1) * row_h + 2 * pad
    top = max((b.value for b in bars), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="bar-chart" {FONT} font-size="13">'
    ]
    if not bars:
        parts.append(f'<text x="{pad}" y="{pad + 16}" fill="#666">–</text>')
    for i, bar in enumerate(bars):
        y = pad + i * row_h
        length = (width - label_w - 70) * (bar.value / top)
        shown = bar.text or f"{bar.value:,.0f}"
        label = bar.label if len(bar.label) <= 34 else bar.label[:33] + "…"
        inner = (
            f'<text x="{label_w - 8}" y="{y + 17}" text-anchor="end" fill="#222">{escape(label)}'
            "</text>"
            f'<rect x="{label_w}" y="{y + 4}" width="{max(length, 1):.1f}" height="{row_h - 8}" '
            f'fill="{PALETTE[0]}" rx="2"/>'
            f'<text x="{label_w + length + 6:.1f}" y="{y + 17}" fill="#222">{escape(shown)}</text>'
        )
        parts.append(_link(bar.href, inner, f"{bar.label}: {shown}"))
    parts.append("</svg>")
    return mark_safe("".join(parts))


@dataclass(frozen=True)
class Series:
    name: str
    values: Sequence[float | None]
    hrefs: Sequence[str] = ()


def line_chart(
    labels: Sequence[str],
    series: Sequence[Series],
    *,
    title: str,
    percent: bool = False,
    target: float | None = None,
    target_label: str = "",
) -> SafeString:
    """Lines over months; `percent` draws a 0–100 % scale and an optional target line."""
    width, height, left, right, top, bottom = 640, 260, 48, 16, 28, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [v for s in series for v in s.values if v is not None]
    high = 100.0 if percent else max(values, default=0) or 1
    if not percent:
        high = _nice(high)

    def x(i: int) -> float:
        return left + (plot_w * (i + 0.5) / max(len(labels), 1))

    def y(v: float) -> float:
        return top + plot_h * (1 - v / high)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" role="img" '
        f'aria-label="{escape(title)}" class="line-chart" {FONT} font-size="12">'
    ]
    for k in range(5):  # grid and scale
        level = high * k / 4
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(level):.1f}" y2="{y(level):.1f}" '
            'stroke="#e3e6ea"/>'
            f'<text x="{left - 6}" y="{y(level) + 4:.1f}" text-anchor="end" fill="#555">'
            f"{level:.0f}{'%' if percent else ''}</text>"
        )
    for i, label in enumerate(labels):
        parts.append(
            f'<text x="{x(i):.1f}" y="{height - bottom + 18}" text-anchor="middle" fill="#333">'
            f"{escape(label)}</text>"
        )
    if target is not None:
        parts.append(
            f'<line x1="{left}" x2="{width - right}" y1="{y(target):.1f}" y2="{y(target):.1f}" '
            'stroke="#c0392b" stroke-dasharray="6 4" class="target"/>'
            f'<text x="{width - right}" y="{y(target) - 5:.1f}" text-anchor="end" '
            f'fill="#c0392b">{escape(target_label)}</text>'
        )
    for n, s in enumerate(series):
        color = PALETTE[n % len(PALETTE)]
        points = [(x(i), y(v)) for i, v in enumerate(s.values) if v is not None]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(
                f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2.5"/>'
            )
        for i, v in enumerate(s.values):
            if v is None:
                continue
            shown = f"{v:.1f}%" if percent else f"{v:,.0f}"
            dot = f'<circle cx="{x(i):.1f}" cy="{y(v):.1f}" r="5" fill="{color}"/>'
            href = s.hrefs[i] if i < len(s.hrefs) else ""
            parts.append(_link(href, dot, f"{s.name} {labels[i]}: {shown}"))
        parts.append(
            f'<rect x="{left + n * 170}" y="6" width="12" height="12" fill="{color}"/>'
            f'<text x="{left + n * 170 + 16}" y="16" fill="#222">{escape(s.name)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))


def _nice(value: float) -> float:
    """A round top for a scale: 1, 2, 2.5 or 5 times a power of ten."""
    power = float(10 ** (len(str(int(value))) - 1))
    for step in (1.0, 2.0, 2.5, 5.0):
        if value <= step * power:
            return step * power
    return 10.0 * power
