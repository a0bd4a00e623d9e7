from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.test import Client

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _fresh_cache():
    """The test database rolls back, the cache would not (catalogue references, days off)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def agent(db):
    return UserFactory(username="agent1")


@pytest.fixture
def admin_user(db):
    return UserFactory(username="admin1", administrator=True)


@pytest.fixture
def agent_client(agent) -> Client:
    client = Client()
    client.force_login(agent)
    return client


@pytest.fixture
def reference_data(transactional_db):
    """Agencies, provinces, offices, the catalogue and the search synonyms, reloaded for
    transactional tests: their teardown flushes every table, including what the data
    migrations loaded."""
    import importlib

    from django.apps import apps as global_apps

    from borikan.catalog.services import catalog_load

    importlib.import_module("borikan.core.migrations.0002_organisation").load(global_apps, None)
    importlib.import_module("borikan.search.migrations.0004_default_synonyms").add_defaults(
        global_apps, None
    )
    catalog_load()


@pytest.fixture
def sms_outbox(settings) -> Iterator[list]:
    """SMS kept in memory (MemoryBackend.outbox) instead of sent."""
    from borikan.notifications.sms import MemoryBackend

    settings.SMS_BACKEND = "borikan.notifications.sms.MemoryBackend"
    MemoryBackend.outbox.clear()
    yield MemoryBackend.outbox
    MemoryBackend.outbox.clear()
