"""Paging large lists: pages read from the nearer end, and filters a partial index can serve."""

from __future__ import annotations

import pytest
from django.core.paginator import Paginator
from django.db.models import F

from borikan.core.models import Agency
from borikan.core.paging import InLiterals, TwoWayPaginator


@pytest.mark.parametrize("per_page,orphans", [(1, 0), (3, 0), (4, 1), (5, 2), (50, 0)])
def test_every_page_holds_what_a_plain_paginator_gives(db, per_page, orphans):
    agencies = Agency.objects.order_by("code", "id").values_list("code", flat=True)
    assert agencies.count() >= 10
    plain = Paginator(agencies, per_page, orphans=orphans)
    two_way = TwoWayPaginator(agencies, per_page, orphans=orphans)
    assert two_way.num_pages == plain.num_pages
    for number in plain.page_range:
        page = two_way.page(number)
        assert list(page.object_list) == list(plain.page(number).object_list), number
        assert (page.start_index(), page.end_index()) == (
            plain.page(number).start_index(),
            plain.page(number).end_index(),
        )


def test_pages_past_the_middle_are_read_backwards(db):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    agencies = Agency.objects.order_by("code", "id").values_list("code", flat=True)
    paginator = TwoWayPaginator(agencies, 2)
    last = paginator.num_pages
    with CaptureQueriesContext(connection) as first_page:
        list(paginator.page(1).object_list)
    expected = list(agencies)[(last - 1) * 2 :]
    with CaptureQueriesContext(connection) as last_page:
        assert list(paginator.page(last).object_list) == expected
    assert '"id" ASC' in first_page.captured_queries[-1]["sql"]
    assert '"id" DESC' in last_page.captured_queries[-1]["sql"]
    assert "OFFSET" not in last_page.captured_queries[-1]["sql"]


def test_a_list_that_is_not_a_query_or_is_empty_pages_as_usual(db):
    numbers = list(range(11))
    paginator = TwoWayPaginator(numbers, 4)
    assert [list(paginator.page(n).object_list) for n in (1, 2, 3)] == [
        [0, 1, 2, 3],
        [4, 5, 6, 7],
        [8, 9, 10],
    ]
    empty = TwoWayPaginator(Agency.objects.none().order_by("code"), 25)
    assert list(empty.get_page(1).object_list) == []
    assert list(empty.get_page("ไม่ใช่ตัวเลข").object_list) == []


def test_in_literals_finds_what_in_finds_with_the_values_in_the_sql(db):
    codes = ("dit", "dbd")
    by_literals = Agency.objects.filter(InLiterals(F("kind"), ("department",)))
    assert set(by_literals) == set(Agency.objects.filter(kind__in=["department"]))
    assert by_literals.exists()
    sql = str(Agency.objects.filter(InLiterals(F("code"), codes)).query)
    assert "IN ('dit', 'dbd')" in sql


@pytest.mark.parametrize("values", [(), ("x' OR 1=1 --",), ("DIT",), ("ok", "มี")])
def test_in_literals_refuses_what_would_need_quoting(db, values):
    with pytest.raises(ValueError):
        Agency.objects.filter(InLiterals(F("code"), values))
