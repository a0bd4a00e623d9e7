"""The citizen's home page: every service reachable without a phone call."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_home_links_every_citizen_service():
    response = Client().get("/portal/")
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in (
        'href="/complaint/" id="task-complaint"',
        'href="/track/" id="task-track"',
        'href="/appointment/" id="task-appointment"',
        'href="/portal/guides/" id="task-guides"',
    ):
        assert anchor in html
    # Chat and rating are built by other issues: their places are there, marked as coming.
    assert 'id="task-chat"' in html and 'id="task-rating"' in html
    assert html.count('href="/portal/guides/S') == 8
    assert 'href="/login/"' in html


def test_the_chat_and_rating_places_become_links_when_wired(monkeypatch):
    from borikan.portal import views

    monkeypatch.setattr(views, "CHAT_URL", "/chat/")
    monkeypatch.setattr(views, "RATING_URL", "/rate/")
    html = Client().get("/portal/").content.decode()
    assert 'href="/chat/" id="task-chat"' in html and 'href="/rate/" id="task-rating"' in html


def test_home_in_english():
    html = Client(HTTP_ACCEPT_LANGUAGE="en").get("/portal/").content.decode()
    assert "File a complaint or tip-off" in html
