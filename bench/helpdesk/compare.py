"""Borikan beside django-helpdesk: the headline figures of each, their ratios, whether a search
found the right tickets, and the chart. Pure functions of the measured results."""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from typing import Any

# key → (label, more is better)
FIGURES: dict[str, tuple[str, bool]] = {
    "create_per_s": ("Tickets created per second, public form, 16 clients", True),
    "create_p95_ms": ("Ticket creation (form POST) p95, ms", False),
    "last_page_p95_ms": ("Last page of the whole ticket list p95, ms", False),
    "search_p95_ms": ("Thai word search p95 (worst query), ms", False),
    "track_p95_ms": ("Public tracking view p95, ms", False),
}


def search_check(found: Iterable[int], expected: set[int]) -> dict[str, Any]:
    """How a search's results (bench case indexes) compare with the tickets that hold the
    word: right, missed, wrong; ok only for exactly the expected tickets."""
    got = set(found)
    missed, wrong = expected - got, got - expected
    return {
        "expected": len(expected),
        "found": len(got),
        "right": len(got & expected),
        "missed": len(missed),
        "wrong": len(wrong),
        "ok": not missed and not wrong,
        "missed_sample": sorted(missed)[:5],
        "wrong_sample": sorted(wrong)[:5],
    }


def headline(side: dict[str, Any]) -> dict[str, float | None]:
    """The five figures of one side's results (see FIGURES); None for a figure with no sample
    (a run too short or too loaded to complete one)."""
    searches = [q["latency"].get("p95_ms") for q in side["search"].values()]
    return {
        "create_per_s": side["creation"]["tickets_per_s"],
        "create_p95_ms": side["creation"]["latency"].get("p95_ms"),
        "last_page_p95_ms": side["last_page"]["headline"].get("p95_ms"),
        "search_p95_ms": None if None in searches else max(searches, default=None),
        "track_p95_ms": side["tracking"].get("p95_ms"),
    }


def ratios(
    borikan: dict[str, float | None], helpdesk: dict[str, float | None]
) -> dict[str, dict[str, Any]]:
    """Per figure: Borikan / helpdesk, and how many times better Borikan does (above 1:
    better, below 1: worse), whichever way the figure goes."""
    out: dict[str, dict[str, Any]] = {}
    for key, (_label, more_is_better) in FIGURES.items():
        b, h = borikan.get(key), helpdesk.get(key)
        if not b or not h:
            out[key] = {"borikan_over_helpdesk": None, "times_better": None}
            continue
        ratio = b / h
        out[key] = {
            "borikan_over_helpdesk": round(ratio, 4),
            "times_better": round(ratio if more_is_better else 1 / ratio, 2),
        }
    return out


def summary_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"\nBorikan beside django-helpdesk {report['helpdesk']['version']} "
             f"({report['tickets']:,} tickets):"]  # fmt: skip
    b, h = report["borikan"]["headline"], report["helpdesk"]["headline"]
    for key, (label, _more) in FIGURES.items():
        better = report["ratios"][key]["times_better"]
        ours, theirs = ("—" if v is None else v for v in (b[key], h[key]))
        lines.append(f"  {label:<54} {ours:>10} vs {theirs:>10}   ×{better}")
    for side in ("borikan", "helpdesk"):
        for query, check in report[side]["search_correct"].items():
            lines.append(
                f"  {side:<9} search {query}: {check['right']}/{check['expected']} right, "
                f"{check['missed']} missed, {check['wrong']} wrong"
            )
    return lines


def chart_svg(report: dict[str, Any]) -> str:
    """Two bars a figure (Borikan, helpdesk), each row scaled to its larger value."""
    width, left, bar_h, gap = 760, 330, 16, 22
    height = 70 + len(FIGURES) * (2 * bar_h + gap)
    colours = {"borikan": "#2e7d32", "helpdesk": "#6d6d6d"}
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="13">',
        f'<text x="10" y="22" font-weight="bold">Borikan and django-helpdesk '
        f"{escape(report['helpdesk']['version'])}, {report['tickets']:,} tickets "
        f"({escape(report['date'])})</text>",
        f'<rect x="10" y="34" width="12" height="12" fill="{colours["borikan"]}"/>'
        '<text x="28" y="45">Borikan</text>'
        f'<rect x="110" y="34" width="12" height="12" fill="{colours["helpdesk"]}"/>'
        '<text x="128" y="45">django-helpdesk</text>',
    ]
    span = width - left - 110
    for i, (key, (label, _more)) in enumerate(FIGURES.items()):
        y = 60 + i * (2 * bar_h + gap)
        values = {s: float(report[s]["headline"][key] or 0) for s in colours}
        scale = max(values.values()) or 1.0
        parts.append(f'<text x="10" y="{y + bar_h + 4}">{escape(label)}</text>')
        for j, (side, value) in enumerate(values.items()):
            top = y + j * bar_h
            parts.append(
                f'<rect x="{left}" y="{top}" width="{max(span * value / scale, 1):.1f}" '
                f'height="{bar_h - 2}" fill="{colours[side]}"/>'
                f'<text x="{left + span * value / scale + 6:.1f}" y="{top + bar_h - 4}">'
                f"{value:,.1f}</text>"
            )
    parts.append("</svg>")
    return "\n".join(parts) + "\n"
