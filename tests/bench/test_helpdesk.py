"""The pure parts of the django-helpdesk comparison (bench/helpdesk): no install, no network."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest

from bench.cases.seeding import (
    PLANT_EVERY,
    SEARCH_ANSWERS,
    SUBJECTS,
    case_text,
    search_expected,
    seed_cases,
)
from bench.helpdesk.client import csrf_token, merge_runs
from bench.helpdesk.compare import FIGURES, chart_svg, headline, ratios, search_check, summary_lines
from bench.helpdesk.helpdesk_side import FORM_BODY, _table_url

AGENCIES = ["DIT", "DBD", "PWO"]


def test_search_check_tells_right_missed_and_wrong():
    assert search_check([1, 2, 3], {1, 2, 3})["ok"]
    missed = search_check([1, 2], {1, 2, 3})
    assert (missed["ok"], missed["right"], missed["missed"], missed["wrong"]) == (False, 2, 1, 0)
    wrong = search_check([1, 2, 3, 9, 9], {1, 2, 3})
    assert (wrong["ok"], wrong["found"], wrong["wrong"], wrong["wrong_sample"]) == (
        False,
        4,
        1,
        [9],
    )


def test_planted_words_are_where_the_answers_say_and_substrings_are_decoys():
    total = 3 * PLANT_EVERY
    texts = {i: "".join(case_text(i)) for i in range(total)}
    durian = {i for i, text in texts.items() if "ทุเรียน" in text}
    assert durian == search_expected("ทุเรียน", total) and len(durian) == 3
    medicine = search_expected("ยา", total)
    letters = {i for i, text in texts.items() if "ยา" in text}
    # The rubber (ยางพารา) and nurse (พยาบาล) tickets hold the letters, not the word.
    assert medicine < letters and len(letters) == 3 * len(medicine)
    for query in SEARCH_ANSWERS:  # what the form benchmarks post cannot blur the answers
        assert query not in FORM_BODY and not any(query in s for s in SUBJECTS)


def test_seed_cases_are_the_same_on_every_call_and_from_any_batch():
    end = dt.datetime(2026, 11, 29, tzinfo=dt.UTC)
    first = list(seed_cases(0, 5_010, end=end, agencies=AGENCIES, offices=4))
    again = list(seed_cases(0, 5_010, end=end, agencies=AGENCIES, offices=4))
    later = list(seed_cases(5_000, 5_010, end=end, agencies=AGENCIES, offices=4))
    assert first == again and first[5_000:] == later
    assert {c.agency for c in first} <= {*AGENCIES, None}
    assert all(c.agency is None for c in first if c.status in ("received", "submitted"))
    assert first[17].description == case_text(17)[1] and first[17].number == "C2560-0000017"


def _side(create: float, p95: float) -> dict:
    page = {"p95_ms": p95}
    return {
        "creation": {"tickets_per_s": create, "latency": {"p95_ms": p95}},
        "last_page": {"headline": page},
        "search": {"a": {"latency": {"p95_ms": p95}}, "b": {"latency": {"p95_ms": 2 * p95}}},
        "tracking": page,
    }


def _report() -> dict:
    borikan, helpdesk = headline(_side(300.0, 10.0)), headline(_side(150.0, 1000.0))
    check = search_check([1], {1})
    return {
        "date": "2026-11-29T01:00:00+00:00",
        "tickets": 100_000,
        "borikan": {"headline": borikan, "search_correct": {"ยา": check}},
        "helpdesk": {"version": "2.6.1", "headline": helpdesk, "search_correct": {"ยา": check}},
        "ratios": ratios(borikan, helpdesk),
    }


def test_ratios_say_how_many_times_better_whichever_way_a_figure_goes():
    report = _report()
    assert report["borikan"]["headline"]["search_p95_ms"] == 20.0  # the worst query
    assert report["ratios"]["create_per_s"] == {"borikan_over_helpdesk": 2.0, "times_better": 2.0}
    assert report["ratios"]["track_p95_ms"] == {
        "borikan_over_helpdesk": 0.01,
        "times_better": 100.0,
    }
    assert (
        ratios({"create_per_s": 0.0}, {"create_per_s": 5.0})["create_per_s"]["times_better"] is None
    )


def test_a_figure_with_no_sample_is_none_and_has_no_ratio_but_the_report_still_draws():
    # A run too short or too loaded to finish one POST: percentiles holds only the count.
    side = _side(0.0, 10.0)
    side["creation"]["latency"] = {"count": 0}
    side["search"]["b"]["latency"] = {"count": 0}
    empty = headline(side)
    assert empty["create_p95_ms"] is None and empty["search_p95_ms"] is None
    assert empty["track_p95_ms"] == 10.0
    report = _report()
    report["borikan"]["headline"] = empty
    report["ratios"] = ratios(empty, report["helpdesk"]["headline"])
    assert report["ratios"]["create_p95_ms"]["times_better"] is None
    ET.fromstring(chart_svg(report))
    assert "— vs" in "\n".join(summary_lines(report))


def test_summary_and_chart_show_every_figure():
    report = _report()
    lines = "\n".join(summary_lines(report))
    svg = chart_svg(report)
    ET.fromstring(svg)  # well-formed
    for label, _more in FIGURES.values():
        assert label in lines and label in svg
    assert "ยา: 1/1 right" in lines


def test_page_parsers_find_the_token_and_the_rows_address():
    page = '<input type="hidden" name="csrfmiddlewaretoken" value="abc123">'
    assert csrf_token(page) == "abc123"
    with pytest.raises(ValueError):
        csrf_token("<form></form>")
    table = '"url": "/datatables_ticket_list/eyJzZWFyY2giOiAiIn0=",'
    assert _table_url(table) == "/datatables_ticket_list/eyJzZWFyY2giOiAiIn0="


def _run(seconds: float, created: int, latencies: list[float], code: str) -> dict:
    return {
        "clients": 16,
        "seconds": seconds,
        "posts": len(latencies),
        "created": created,
        "tickets_per_s": round(created / seconds, 1),
        "responses": {code: len(latencies)},
        "errors": len(latencies) - created,
        "errors_sample": ["429: too many"] if len(latencies) > created else [],
        "latencies_ms": latencies,
    }


def test_slices_of_a_creation_run_merge_into_one_rate_and_one_latency():
    merged = merge_runs([_run(5.0, 100, [10.0] * 100, "302"), _run(5.0, 49, [30.0] * 50, "429")])
    assert merged["tickets_per_s"] == 14.9  # 149 tickets in 10 s, not the mean of the slices
    assert merged["per_slice_per_s"] == [20.0, 9.8]
    assert merged["responses"] == {"302": 100, "429": 50}
    assert (merged["posts"], merged["errors"], merged["errors_sample"]) == (
        150,
        1,
        ["429: too many"],
    )
    assert merged["latency"]["count"] == 150 and merged["latency"]["max_ms"] == 30.0
    assert "latencies_ms" not in merged
