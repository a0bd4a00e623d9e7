"""The whole benchmark suite as one document: every target the issues name, read from the parts'
reports (Borikan's targets on SQLite and PostgreSQL, the search evaluation, the comparison with
django-helpdesk), with a verdict each, and a chart. Pure functions of those reports."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from html import escape
from typing import Any

Result = dict[str, Any]


@dataclass(frozen=True)
class Target:
    """One figure an issue asks for: where it is in a result, its limit, which way is better."""

    issue: int
    key: str
    label: str
    result: str  # the result's name in a targets report, or "kb_eval"
    figure: Callable[[Result], float | None]
    limit: float
    unit: str
    higher_is_better: bool = False


def _at(*path: str) -> Callable[[Result], float | None]:
    def read(result: Result) -> float | None:
        value: Any = result
        for key in path:
            if not isinstance(value, dict) or key not in value:
                return None
            value = value[key]
        return None if value is None else float(value)

    return read


def _worst_case_page(result: Result) -> float | None:
    pages = result.get("pages", {})
    figures = [page["p95_ms"] for status in pages.values() for page in status.values()]
    return max(figures, default=None)


def _export_growth(result: Result) -> float | None:
    """Peak memory of the 100,000-row export over the 10,000-row one, the worse format: 1.0
    when memory does not grow with the rows."""
    exports = result.get("exports", {})
    ratios = [
        fmt["large"]["peak_mb"] / fmt["small"]["peak_mb"]
        for fmt in exports.values()
        if fmt.get("small", {}).get("peak_mb")
    ]
    return round(max(ratios), 3) if ratios else None


TARGETS: tuple[Target, ...] = (
    Target(3, "phone_lookup_p95", "Phone lookup p95",
           "contacts.phone_lookup", _at("hits", "p95_ms"), 2.0, "ms"),
    Target(3, "screen_pop_p95", "CTI answer → caller card on the agent's socket, p95",
           "telephony.screen_pop", _at("answer_to_card", "p95_ms"), 50.0, "ms"),
    Target(3, "cti_rate", "CTI events sustained by one process",
           "telephony.cti_throughput", _at("achieved_rate_per_s"), 100.0, "/s", True),
    Target(3, "cti_lost", "CTI events lost at that rate",
           "telephony.cti_throughput", _at("lost"), 0.0, "events"),
    Target(4, "case_list_p95", "Agency case list, any page, p95 (worst page)",
           "cases.case_list", _worst_case_page, 50.0, "ms"),
    Target(4, "cases_open_rate", "Cases opened through the API, one process",
           "cases.open_api", _at("cases_per_s"), 200.0, "/s", True),
    Target(5, "kb_search_p95", "Knowledge-base search p95",
           "knowledge.search", _at("search", "p95_ms"), 20.0, "ms"),
    Target(5, "kb_index_rate", "Knowledge-base indexing",
           "knowledge.search", _at("indexing", "per_s"), 500.0, "/s", True),
    Target(5, "kb_mrr_overall", "Search quality, MRR@10 overall (labelled set)",
           "kb_eval", _at("borikan", "overall", "mrr@10"), 0.85, "", True),
    Target(5, "kb_mrr_paraphrase", "Search quality, MRR@10 paraphrase",
           "kb_eval", _at("borikan", "kinds", "paraphrase", "mrr@10"), 0.70, "", True),
    Target(5, "kb_mrr_colloquial", "Search quality, MRR@10 colloquial",
           "kb_eval", _at("borikan", "kinds", "colloquial", "mrr@10"), 0.70, "", True),
    Target(7, "chat_p95", "Chat visitor → agent p95",
           "chat.delivery", _at("visitor_to_agent", "p95_ms"), 100.0, "ms"),
    Target(8, "dashboard_p95", "Dashboard, worst query p95",
           "reports.dashboard", _at("worst_query_p95_ms"), 300.0, "ms"),
    Target(8, "export_memory", "Export memory, 100,000 rows over 10,000 rows (1 = constant)",
           "reports.dashboard", _export_growth, 1.25, "×"),
)  # fmt: skip


SIZES = ("contacts", "cases", "articles", "interactions", "visitors_connected")


def _size(result: Result) -> str:
    """What the figure was measured over, as the result records it: "1,000,000 contacts"."""
    return ", ".join(
        f"{result[key]:,} {key.replace('_connected', '')}" for key in SIZES if key in result
    )


def met(target: Target, figure: float | None) -> bool:
    if figure is None:
        return False
    return figure >= target.limit if target.higher_is_better else figure <= target.limit


def _results(part: Result | None) -> Iterator[Result]:
    if part and part.get("report"):
        yield from part["report"].get("results", [])


def target_rows(parts: dict[str, Result]) -> list[Result]:
    """One row per target and database that was measured: the figure, the limit, the verdict,
    and the CPU calibration of the run it came from. A target whose part did not run is listed
    with no figure and not met."""
    rows: list[Result] = []
    for target in TARGETS:
        found: list[tuple[str, Result]] = []
        for database in ("sqlite", "postgresql"):
            if target.result == "kb_eval":
                part = parts.get(f"eval_{database}")
                if part and part.get("report"):
                    found.append((database, part["report"]))
                continue
            for result in _results(parts.get(database)):
                if result["name"] == target.result:
                    found.append((database, result))
        if not found:
            found = [("", {})]
        for database, result in found:
            figure = target.figure(result) if result else None
            rows.append(
                {
                    "issue": target.issue,
                    "key": target.key,
                    "what": target.label,
                    "database": database,
                    "measured_over": _size(result),
                    "figure": figure,
                    "unit": target.unit,
                    "target": ("≥ " if target.higher_is_better else "≤ ") + f"{target.limit:g}",
                    "limit": target.limit,
                    "higher_is_better": target.higher_is_better,
                    "met": met(target, figure),
                    "cpu_calibration_ms": result.get("cpu_calibration_ms"),
                }
            )
    return rows


HELPDESK_LABELS = {
    "create_per_s": ("Tickets created per second, public form, 16 clients", "/s", True),
    "create_p95_ms": ("Ticket creation p95", "ms", False),
    "last_page_p95_ms": ("Last page of the whole ticket list, p95", "ms", False),
    "search_p95_ms": ("Thai word search p95 (worst query)", "ms", False),
    "track_p95_ms": ("Public tracking view p95", "ms", False),
}


def helpdesk_rows(report: Result | None) -> list[Result]:
    """Borikan beside django-helpdesk, figure by figure, with how many times better Borikan is;
    and whether each side's Thai searches found exactly the right tickets."""
    if not report:
        return []
    ours, theirs = report["borikan"]["headline"], report["helpdesk"]["headline"]
    rows = []
    for key, (label, unit, higher) in HELPDESK_LABELS.items():
        if key not in ours or key not in theirs:
            continue
        better = report["ratios"][key]["times_better"]
        rows.append(
            {
                "key": key,
                "what": label,
                "unit": unit,
                "borikan": ours[key],
                "helpdesk": theirs[key],
                "times_better": better,
                "higher_is_better": higher,
            }
        )
    for query, found in report["borikan"].get("search_correct", {}).items():
        theirs_found = report["helpdesk"]["search_correct"][query]
        rows.append(
            {
                "key": f"search_right:{query}",
                "what": f"Search «{query}»: right / wrong of {found['expected']}",
                "unit": "",
                "borikan": f"{found['right']} / {found['wrong']}",
                "helpdesk": f"{theirs_found['right']} / {theirs_found['wrong']}",
                "times_better": None,
                "higher_is_better": None,
            }
        )
    return rows


def summary_lines(document: Result) -> list[str]:
    lines = ["", f"Borikan benchmarks, {document['when']} ({document['seconds']:,.0f} s):"]
    for name, part in document["parts"].items():
        state = part.get("skipped") or (
            f"ran in {part['seconds']:,.0f} s"
            + (f" — FAILED: {part['error']}" if "error" in part else "")
        )
        lines.append(f"  part {name:<16} {state}")
    lines.append("")
    for row in document["targets"]:
        figure = "—" if row["figure"] is None else f"{row['figure']:g} {row['unit']}".strip()
        verdict = "met" if row["met"] else "NOT MET"
        where = f" [{row['database']}]" if row["database"] else ""
        if row.get("measured_over"):
            where += f", {row['measured_over']}"
        lines.append(
            f"  #{row['issue']} {row['what']}{where}: {figure} (target {row['target']}) {verdict}"
        )
    if document["helpdesk"]:
        lines.append("\n  Beside django-helpdesk (same 100,000 Thai tickets):")
        for row in document["helpdesk"]:
            better = f"  ×{row['times_better']:g}" if row["times_better"] is not None else ""
            lines.append(
                f"    {row['what']}: Borikan {row['borikan']}, helpdesk {row['helpdesk']}{better}"
            )
    for part in document["parts"].values():
        for problem in (part.get("report") or {}).get("problems", []):
            lines.append(f"\n  PROBLEM: {problem}")
    lines.append(f"\n  {document['targets_met']} of {document['targets_total']} targets met.")
    return lines


def _number(value: float | None) -> str:
    """A figure as people read it: 1,843 · 36.5 · 0.637."""
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 10:
        return f"{value:.1f}"
    return f"{value:.3g}"


def _headroom(row: Result) -> float | None:
    """How many times inside its limit a figure is (above 1: met), for a log-scale bar."""
    figure, limit = row["figure"], row["limit"]
    if figure is None:
        return None
    if row["higher_is_better"]:
        return figure / limit if limit else math.inf
    if limit == 0:
        return 1.0 if figure == 0 else 0.0
    return limit / figure if figure else math.inf


def chart_svg(document: Result) -> str:
    """Two panels of horizontal bars on a log scale: each target's figure against its limit
    (the line at ×1; right of it, met), then Borikan against django-helpdesk (right of ×1,
    Borikan better)."""
    bars: list[tuple[str, str, float | None, bool | None]] = []
    for row in document["targets"]:
        where = f" ({row['database']})" if row["database"] else ""
        figure = (
            "not measured" if row["figure"] is None else f"{_number(row['figure'])} {row['unit']}"
        )
        text = f"{figure.strip()}, target {row['target']}"
        bars.append((f"#{row['issue']} {row['what']}{where}", text, _headroom(row), row["met"]))
    helpdesk = [r for r in document["helpdesk"] if r["times_better"] is not None]
    width, left, bar_h, gap, span = 1240, 520, 16, 8, 380
    height = 80 + (len(bars) + len(helpdesk)) * (bar_h + gap) + (70 if helpdesk else 0)
    low, high = 0.1, 100.0  # ×0.1 … ×100 on a log scale; the limit (×1) a third of the way

    def x(value: float) -> float:
        clipped = min(max(value, low), high)
        return left + span * (math.log10(clipped) - math.log10(low)) / math.log10(high / low)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'font-family="sans-serif" font-size="12">',
        f'<text x="10" y="20" font-weight="bold">Borikan benchmarks — '
        f"{escape(document['when'])}, {document['targets_met']} of "
        f"{document['targets_total']} targets met</text>",
        '<text x="10" y="38" font-size="11">Bar: times inside the target (log scale; the dashed '
        "line is the target, right of it is met)</text>",
    ]
    y: float = 50

    def panel(rows: list[tuple[str, str, float | None, bool | None]], top: float) -> float:
        for label, text, value, good in rows:
            parts.append(f'<text x="10" y="{top + 12}">{escape(label)}</text>')
            if value is not None:
                colour = "#2e7d32" if good else "#c62828"
                parts.append(
                    f'<rect x="{left}" y="{top}" width="{x(value) - left:.1f}" '
                    f'height="{bar_h}" fill="{colour}"/>'
                )
            parts.append(
                f'<text x="{left + span + 8}" y="{top + 12}" font-size="11">{escape(text)}</text>'
            )
            top += bar_h + gap
        return top

    def axis(top: float, bottom: float) -> None:
        one = x(1.0)
        parts.append(
            f'<line x1="{one:.1f}" y1="{top - 4}" x2="{one:.1f}" y2="{bottom}" '
            f'stroke="#000" stroke-dasharray="4 2"/>'
        )
        for tick in (0.1, 1.0, 10.0, 100.0):
            parts.append(
                f'<text x="{x(tick):.1f}" y="{bottom + 10}" font-size="10" '
                f'text-anchor="middle">×{tick:g}</text>'
            )

    start = y
    y = panel(bars, y)
    axis(start, y)
    if helpdesk:
        y += 34
        parts.append(
            f'<text x="10" y="{y}" font-weight="bold">Beside django-helpdesk, same 100,000 '
            "Thai tickets: times better (right of the line, Borikan is better)</text>"
        )
        y += 12
        start = y
        rows = [
            (
                row["what"],
                f"Borikan {_number(row['borikan'])}, helpdesk {_number(row['helpdesk'])} "
                f"{row['unit']} (×{_number(row['times_better'])})",
                row["times_better"],
                row["times_better"] >= 1,
            )
            for row in helpdesk
        ]
        y = panel(rows, y)
        axis(start, y)
    parts.append("</svg>\n")
    return "\n".join(parts)
