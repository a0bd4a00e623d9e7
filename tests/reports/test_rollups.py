"""The daily rollups give exactly the figures the records give, for every report, in every
scope; a range across the rollups' end adds today's records; a new ring standard is honoured."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from borikan.interactions.services import interaction_log
from borikan.reports.filters import filters_from, month_end
from borikan.reports.models import DailyCount, RollupState
from borikan.reports.rollups import rollup_until, rollups_refresh, split
from borikan.reports.selectors import dashboard, ring_compliance, satisfaction
from borikan.reports.tables import report_names, report_table

pytestmark = pytest.mark.django_db


def everything(user, filters):
    tables = {}
    for name in report_names():
        if name.startswith("records-"):
            continue
        table = report_table(name, user=user, filters=filters)
        tables[name] = [list(row) for row in table.rows]
    return tables


def test_rollups_give_the_same_figures_as_the_records(world, supervisor):
    scopes = [supervisor, world.provincial, world.agent]
    variants = [
        world.filters,
        filters_from({**world.filters.params(), "office": "MOC"}),
        filters_from({**world.filters.params(), "agency": "DITP"}),
        filters_from({**world.filters.params(), "channel": "phone"}),
        filters_from({**world.filters.params(), "service": "S5"}),
        world.filters.with_range(world.m2, month_end(world.m2)),
        # Partial months at both ends: day rows, and a whole month between them.
        world.filters.with_range(world.m1 + dt.timedelta(days=5), world.m2 + dt.timedelta(days=20)),
        world.filters.with_range(world.m1 + dt.timedelta(days=9), world.m1 + dt.timedelta(days=9)),
    ]
    before = {(u.username, f): everything(u, f) for u in scopes for f in variants}
    assert rollup_until() is None
    written = rollups_refresh()
    assert written > 10 and rollup_until() == timezone.localdate()
    parts, live = split(world.filters)
    assert live is None and len(parts) == 1  # two whole months: their month rows
    assert (parts[0].date_from, parts[0].date_to) == (world.m1, month_end(world.m2))
    after = {(u.username, f): everything(u, f) for u in scopes for f in variants}
    assert after == before


def test_a_range_across_the_rollups_end_adds_todays_records(world, supervisor):
    rollups_refresh()
    through_today = world.filters.with_range(world.m1, timezone.localdate())
    counted = dashboard(user=supervisor, filters=through_today).interactions
    interaction_log(staff=world.agent, channel="counter", service_code="S5", subject="วันนี้")
    assert dashboard(user=supervisor, filters=through_today).interactions == counted + 1
    parts, live = split(through_today)
    assert parts and live is not None and live.date_from == timezone.localdate()


def test_refresh_is_idempotent_and_a_new_ring_standard_is_honoured(world, supervisor, settings):
    rollups_refresh()
    rows = DailyCount.objects.count()
    rollups_refresh()
    assert DailyCount.objects.count() == rows
    assert ring_compliance(user=supervisor, filters=world.filters).within == 2
    settings.BORIKAN = {**settings.BORIKAN, "RING_SECONDS": 6}
    assert ring_compliance(user=supervisor, filters=world.filters).within == 3  # from records
    rollups_refresh()
    assert ring_compliance(user=supervisor, filters=world.filters).within == 3  # rebuilt
    assert satisfaction(user=supervisor, filters=world.filters).rate == 2 / 3
    assert RollupState.objects.get().until == timezone.localdate()


def test_the_command_rebuilds_the_rollups(world):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("reports_rollup", "--full", stdout=out)
    assert "rollup rows written" in out.getvalue()
    assert DailyCount.objects.filter(kind="volume").exists()
