"""Summaries of a benchmark report: lines for the terminal, a bar chart (SVG) for people."""

from __future__ import annotations

from html import escape
from typing import Any

# (label, result name, path to the measured figure, path to the target); lower is better
FIGURES = [
    (
        "Chat visitor → agent p95 (ms)",
        "chat.delivery",
        ("visitor_to_agent", "p95_ms"),
        ("target", "p95_ms"),
    ),
    (
        "Dashboard, worst query p95 (ms)",
        "reports.dashboard",
        ("worst_query_p95_ms",),
        ("target_p95_ms",),
    ),
    ("Phone lookup p95 (ms)", "contacts.phone_lookup", ("hits", "p95_ms"), ("target", "p95_ms")),
    (
        "Answer → card p95 (ms)",
        "telephony.screen_pop",
        ("answer_to_card", "p95_ms"),
        ("target", "p95_ms"),
    ),
    ("CTI response p95 at 100/s (ms)", "telephony.cti_throughput", ("response", "p95_ms"), None),
    (
        "Case list, first page p95 (ms)",
        "cases.case_list",
        ("pages", "all", "first", "p95_ms"),
        ("target", "p95_ms"),
    ),
    (
        "Case list, last page p95 (ms)",
        "cases.case_list",
        ("pages", "all", "last", "p95_ms"),
        ("target", "p95_ms"),
    ),
    (
        "Open cases, last page p95 (ms)",
        "cases.case_list",
        ("pages", "open", "last", "p95_ms"),
        ("target", "p95_ms"),
    ),
    ("Cases opened per second", "cases.open_api", ("cases_per_s",), ("target", "cases_per_s")),
    ("Case open p95, 16 clients (ms)", "cases.open_api", ("latency", "p95_ms"), None),
    ("KB search p95 (ms)", "knowledge.search", ("search", "p95_ms"), ("target", "p95_ms")),
    ("KB substring search p95 (ms)", "knowledge.search", ("substring", "search", "p95_ms"), None),
    (
        "KB articles indexed per second",
        "knowledge.search",
        ("indexing", "per_s"),
        ("target", "index_per_s"),
    ),
]
# Figures where more is better: the bar is green at or above its target.
HIGHER_IS_BETTER = {"Cases opened per second", "KB articles indexed per second"}


def _get(result: dict[str, Any], path: tuple[str, ...]) -> float | None:
    value: Any = result
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return float(value)


def summary_lines(report: dict[str, Any]) -> list[str]:
    lines = [f"\nSummary ({report['database']}):"]
    for result in report["results"]:
        verdict = "met" if result.get("met") else "NOT MET"
        if result["name"] == "contacts.phone_lookup":
            text = f"p95 {result['hits']['p95_ms']} ms over {result['contacts']:,} contacts"
        elif result["name"] == "telephony.screen_pop":
            text = f"answer → card p95 {result['answer_to_card']['p95_ms']} ms"
        elif result["name"] == "telephony.cti_throughput":
            text = (
                f"{result['events_logged']:,}/{result['events_sent']:,} events logged at "
                f"{result['achieved_rate_per_s']}/s, response p95 {result['response']['p95_ms']} ms"
            )
        elif result["name"] == "cases.case_list":
            pages = result["pages"]
            text = (
                f"page p95 first/middle/last: open {pages['open']['first']['p95_ms']}/"
                f"{pages['open']['middle']['p95_ms']}/{pages['open']['last']['p95_ms']} ms, "
                f"all {pages['all']['first']['p95_ms']}/{pages['all']['middle']['p95_ms']}/"
                f"{pages['all']['last']['p95_ms']} ms over {result['cases']:,} cases"
            )
        elif result["name"] == "cases.open_api":
            text = (
                f"{result['created']:,} cases at {result['cases_per_s']}/s, p95 "
                f"{result['latency']['p95_ms']} ms, {result['errors']} errors, numbers "
                f"{'verified' if result['verify']['ok'] else 'NOT verified'}"
            )
        elif result["name"] == "knowledge.search":
            text = (
                f"search p95 {result['search']['p95_ms']} ms (substring "
                f"{result['substring']['search']['p95_ms']} ms), MRR@10 "
                f"{result['quality_mrr10']['overall']} (substring "
                f"{result['substring']['quality_mrr10']}), indexing "
                f"{result['indexing']['per_s']}/s over {result['articles']:,} articles"
            )
        elif result["name"] == "chat.delivery":
            text = (
                f"visitor → agent p95 {result['visitor_to_agent'].get('p95_ms')} ms with "
                f"{result['visitors_connected']:,} visitor sockets at {result['rate_per_s']}/s, "
                f"{result['messages_stored']:,}/{result['messages_planned']:,} stored"
            )
        elif result["name"] == "reports.dashboard":
            exports = result["exports"]
            text = (
                f"worst query p95 {result['worst_query_p95_ms']} ms over "
                f"{result['interactions']:,} interactions and {result['cases']:,} cases; "
                f"export {exports['csv']['large']['rows']:,} rows peak CSV "
                f"{exports['csv']['large']['peak_mb']} MB, Excel "
                f"{exports['xlsx']['large']['peak_mb']} MB"
            )
        else:
            text = ""
        lines.append(f"  {result['name']:<28} {text}  [{verdict}]")
    return lines


def chart_svg(report: dict[str, Any]) -> str:
    """Horizontal bars: each measured p95 beside its target line, one row per figure."""
    by_name = {r["name"]: r for r in report["results"]}
    rows = []
    for label, name, measured_path, target_path in FIGURES:
        if name in by_name:
            measured = _get(by_name[name], measured_path)
            target = _get(by_name[name], target_path) if target_path else None
            if measured is not None:
                rows.append((label, measured, target, label in HIGHER_IS_BETTER))
    width, left, bar_h, gap = 720, 260, 22, 18
    height = 50 + len(rows) * (bar_h + gap)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="13">',
        f'<text x="10" y="22" font-weight="bold">Borikan benchmarks — {escape(report["database"])}'
        f" ({escape(report['when'])})</text>",
    ]
    for i, (label, measured, target, higher) in enumerate(rows):
        y = 40 + i * (bar_h + gap)
        scale = max(measured, target or 0) * 1.15 or 1.0
        span = width - left - 80
        bar = span * measured / scale
        good = target is None or (measured >= target if higher else measured <= target)
        colour = "#2e7d32" if good else "#c62828"
        parts.append(f'<text x="10" y="{y + 16}">{escape(label)}</text>')
        parts.append(
            f'<rect x="{left}" y="{y}" width="{bar:.1f}" height="{bar_h}" fill="{colour}"/>'
        )
        parts.append(f'<text x="{left + bar + 6:.1f}" y="{y + 16}">{measured:g}</text>')
        if target is not None:
            tx = left + span * target / scale
            parts.append(
                f'<line x1="{tx:.1f}" y1="{y - 4}" x2="{tx:.1f}" y2="{y + bar_h + 4}" '
                f'stroke="#000" stroke-dasharray="4 2"/>'
                f'<text x="{tx + 4:.1f}" y="{y - 6}" font-size="11">target {target:g}</text>'
            )
    parts.append("</svg>\n")
    return "\n".join(parts)
