"""`make bench`'s one document (bench/suite.py, bench/__main__.py): every target read from the
parts' reports with its verdict, the helpdesk comparison beside it, the chart, and how a part
that fails or is skipped shows. Reports are built here with known figures."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.__main__ import _run, main
from bench.suite import TARGETS, chart_svg, helpdesk_rows, summary_lines, target_rows


def _sqlite_report() -> dict[str, Any]:
    page = {"p95_ms": 12.0}
    return {
        "database": "sqlite",
        "results": [
            {
                "name": "contacts.phone_lookup",
                "contacts": 1_000_000,
                "hits": {"p95_ms": 0.64},
                "cpu_calibration_ms": 30,
            },
            {"name": "telephony.screen_pop", "answer_to_card": {"p95_ms": 15.9}},
            {"name": "telephony.cti_throughput", "achieved_rate_per_s": 100.1, "lost": 0},
            {
                "name": "cases.case_list",
                "pages": {
                    "open": {"first": page, "middle": page, "last": {"p95_ms": 26.8}},
                    "all": {"first": page, "middle": page, "last": {"p95_ms": 18.7}},
                },
            },
            {"name": "cases.open_api", "cases_per_s": 94.8},
            {"name": "knowledge.search", "search": {"p95_ms": 18.3}, "indexing": {"per_s": 904}},
            {"name": "chat.delivery", "visitor_to_agent": {"p95_ms": 6.6}},
            {
                "name": "reports.dashboard",
                "worst_query_p95_ms": 134.0,
                "exports": {
                    "csv": {"small": {"peak_mb": 4.0}, "large": {"peak_mb": 4.2}},
                    "xlsx": {"small": {"peak_mb": 4.0}, "large": {"peak_mb": 9.0}},
                },
            },
        ],
    }


def _postgres_report() -> dict[str, Any]:
    return {
        "database": "postgresql",
        "results": [
            {"name": "knowledge.search", "search": {"p95_ms": 108.6}, "indexing": {"per_s": 469}},
            {
                "name": "reports.dashboard",
                "worst_query_p95_ms": 254.0,
                "exports": {"csv": {"small": {"peak_mb": 4.0}, "large": {"peak_mb": 4.0}}},
            },
        ],
    }


def _eval(overall: float, paraphrase: float, colloquial: float) -> dict[str, Any]:
    kinds = {"paraphrase": {"mrr@10": paraphrase}, "colloquial": {"mrr@10": colloquial}}
    return {"borikan": {"overall": {"mrr@10": overall}, "kinds": kinds}}


def _helpdesk_report() -> dict[str, Any]:
    ours = {"create_per_s": 74.0, "last_page_p95_ms": 36.0}
    theirs = {"create_per_s": 59.5, "last_page_p95_ms": 1843.0}
    right = {"expected": 400, "right": 400, "wrong": 0}
    return {
        "borikan": {"headline": ours, "search_correct": {"ยา": right}},
        "helpdesk": {"headline": theirs, "search_correct": {"ยา": {**right, "wrong": 800}}},
        "ratios": {
            "create_per_s": {"times_better": 1.24},
            "last_page_p95_ms": {"times_better": 51.2},
        },
    }


def _parts() -> dict[str, Any]:
    return {
        "sqlite": {"exit": 1, "seconds": 700.0, "report": _sqlite_report()},
        "postgresql": {"exit": 1, "seconds": 600.0, "report": _postgres_report()},
        "eval_sqlite": {"exit": 0, "seconds": 20.0, "report": _eval(0.899, 0.766, 0.825)},
        "eval_postgresql": {"exit": 1, "seconds": 20.0, "report": _eval(0.91, 0.69, 0.84)},
        "helpdesk": {"exit": 0, "seconds": 200.0, "report": _helpdesk_report()},
    }


def _row(rows: list[dict[str, Any]], key: str, database: str) -> dict[str, Any]:
    (row,) = [r for r in rows if r["key"] == key and r["database"] == database]
    return row


def test_every_target_gets_its_figure_and_verdict_from_each_database_that_measured_it():
    rows = target_rows(_parts())
    assert {row["key"] for row in rows} == {target.key for target in TARGETS}
    assert _row(rows, "phone_lookup_p95", "sqlite").items() >= {
        "issue": 3, "figure": 0.64, "target": "≤ 2", "met": True, "cpu_calibration_ms": 30,
        "measured_over": "1,000,000 contacts",
    }.items()  # fmt: skip
    # The worst page of the list, wherever it is.
    assert _row(rows, "case_list_p95", "sqlite")["figure"] == 26.8
    # More is better for rates: 94.8/s is short of 200/s.
    opened = _row(rows, "cases_open_rate", "sqlite")
    assert (opened["figure"], opened["target"], opened["met"]) == (94.8, "≥ 200", False)
    # The same target on both databases: one row each, judged apart.
    assert _row(rows, "kb_search_p95", "sqlite")["met"] is True
    assert _row(rows, "kb_search_p95", "postgresql")["met"] is False
    assert _row(rows, "kb_index_rate", "postgresql")["met"] is False
    assert (
        _row(rows, "kb_mrr_paraphrase", "postgresql").items()
        >= {"figure": 0.69, "met": False}.items()
    )
    assert _row(rows, "kb_mrr_overall", "sqlite")["met"] is True
    # Export memory: the worse format's growth from 10,000 to 100,000 rows.
    assert _row(rows, "export_memory", "sqlite").items() >= {"figure": 2.25, "met": False}.items()
    assert _row(rows, "export_memory", "postgresql").items() >= {"figure": 1.0, "met": True}.items()
    assert _row(rows, "cti_lost", "sqlite")["met"] is True


def test_a_target_whose_part_did_not_run_is_listed_unmeasured_and_not_met():
    parts = _parts()
    parts["postgresql"] = {"skipped": "PostgreSQL does not answer"}
    del parts["eval_postgresql"]
    rows = target_rows(parts)
    assert [r["database"] for r in rows if r["key"] == "kb_search_p95"] == ["sqlite"]
    parts = {"sqlite": {"exit": 2, "seconds": 1.0, "error": "exit 2, no report"}}
    chat = _row(target_rows(parts), "chat_p95", "")
    assert (chat["figure"], chat["met"]) == (None, False)


def test_helpdesk_rows_put_both_figures_side_by_side_with_the_right_answers():
    rows = helpdesk_rows(_helpdesk_report())
    by_key = {row["key"]: row for row in rows}
    assert (
        by_key["create_per_s"].items()
        >= {"borikan": 74.0, "helpdesk": 59.5, "times_better": 1.24}.items()
    )
    assert by_key["last_page_p95_ms"]["times_better"] == 51.2
    assert (
        by_key["search_right:ยา"].items() >= {"borikan": "400 / 0", "helpdesk": "400 / 800"}.items()
    )
    assert helpdesk_rows(None) == []


def _document(parts: dict[str, Any]) -> dict[str, Any]:
    rows = target_rows(parts)
    return {
        "when": "2026-11-29T05:00:00+00:00",
        "seconds": 1540.0,
        "targets": rows,
        "targets_total": len(rows),
        "targets_met": sum(r["met"] for r in rows),
        "helpdesk": helpdesk_rows(parts.get("helpdesk", {}).get("report")),
        "parts": parts,
    }


def test_summary_and_chart_show_every_target_and_the_comparison():
    document = _document(_parts())
    text = "\n".join(summary_lines(document))
    assert f"{document['targets_met']} of {document['targets_total']} targets met" in text
    assert (
        "Cases opened through the API, one process [sqlite]: 94.8 /s (target ≥ 200) NOT MET" in text
    )
    assert "Borikan 400 / 0, helpdesk 400 / 800" in text
    svg = ET.fromstring(chart_svg(document))
    labels = [el.text or "" for el in svg.iter("{http://www.w3.org/2000/svg}text")]
    bars = list(svg.iter("{http://www.w3.org/2000/svg}rect"))
    assert len(bars) == len(document["targets"]) + 2  # every measured target, two helpdesk rows
    assert any("Knowledge-base search p95" in label and "postgresql" in label for label in labels)
    colours = {el.get("fill") for el in bars}
    assert colours == {"#2e7d32", "#c62828"}  # met and not met both drawn


def test_a_part_that_crashes_is_recorded_with_its_log_and_a_report_is_read_back(
    tmp_path: Path, monkeypatch
):
    monkeypatch.setattr("bench.__main__.BENCH_VAR", tmp_path)  # its logs, not the real ones
    out = tmp_path / "part.json"
    crashed = _run("crash", ["-c", "import sys; sys.exit(3)"], {}, out)
    assert crashed["exit"] == 3 and "error" in crashed and "report" not in crashed
    assert (tmp_path / "suite-crash.log").exists() and crashed["log"] in crashed["error"]
    script = f"import json, pathlib; pathlib.Path({str(out)!r}).write_text(json.dumps({{'a': 1}}))"
    worked = _run("works", ["-c", script + "; raise SystemExit(1)"], {}, out)
    # Exit 1 with a report means "ran, some target not met": the report is kept, no error.
    assert worked["exit"] == 1 and worked["report"] == {"a": 1} and "error" not in worked
    # Exit 1 without one is Python's exit for an exception: the part failed.
    raised = _run("raises", ["-c", "raise KeyError('p95_ms')"], {}, out)
    assert raised["exit"] == 1 and "error" in raised and "report" not in raised


def test_the_suite_with_postgresql_unreachable_skips_its_parts_and_says_why(
    tmp_path: Path, monkeypatch, capsys
):
    monkeypatch.setenv("BENCH_RESULTS", str(tmp_path))
    monkeypatch.setattr("bench.__main__.RESULTS", tmp_path)
    monkeypatch.setattr("bench.__main__.BENCH_VAR", tmp_path)
    code = main(["--part", "postgresql", "--postgres-url", "postgresql://nobody@127.0.0.1:1/x"])
    (written,) = tmp_path.glob("bench-*.json")
    document = json.loads(written.read_text())
    assert "does not answer" in document["parts"]["postgresql"]["skipped"]
    assert document["targets_met"] == 0 and code == 1
    assert written.with_suffix(".svg").exists()
    assert "part postgresql" in capsys.readouterr().err
    assert datetime.fromisoformat(document["when"]).tzinfo == UTC


def test_running_one_part_again_updates_the_days_document_and_its_verdicts():
    from bench.__main__ import _merged

    first = _document(_parts())
    fixed = _parts()["sqlite"]
    fixed["report"]["results"][4]["cases_per_s"] = 210.0  # cases.open_api, measured again
    again = {"when": "2026-11-29T06:00:00+00:00", "parts": {"sqlite": fixed}}
    merged = _merged(first, again)
    assert merged["when"] == first["when"] and merged["updated"] == again["when"]
    assert merged["parts_run_again"] == ["sqlite"]
    assert _row(merged["targets"], "cases_open_rate", "sqlite")["met"] is True
    assert merged["targets_met"] == first["targets_met"] + 1
    assert merged["parts"]["postgresql"] == first["parts"]["postgresql"]  # the others kept
    assert merged["helpdesk"] == first["helpdesk"]


def test_a_comparison_problem_is_said_in_the_summary():
    parts = _parts()
    parts["helpdesk"]["report"]["problems"] = ["Borikan: no ticket was created through the form"]
    text = "\n".join(summary_lines(_document(parts)))
    assert "PROBLEM: Borikan: no ticket was created through the form" in text
