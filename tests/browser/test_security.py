"""In Chromium: script planted in names, complaints and articles never runs, and Borikan's own
pages break none of their Content-Security-Policy (no inline script or style anywhere)."""

from __future__ import annotations

import pytest

from borikan.cases.services import case_open
from borikan.contacts.services import contact_create
from borikan.knowledge.services import ArticleInput, article_save
from tests.browser.conftest import browser_login
from tests.factories import UserFactory

pytestmark = [pytest.mark.browser]

PAYLOAD = '<script>window.__xss=1</script><img src=x onerror="window.__xss=1">'
WATCH = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__violations.push(e.violatedDirective + " " + (e.blockedURI || "inline"));
});
"""


def test_planted_script_never_runs_and_pages_keep_their_policy(asgi_server, page):
    supervisor = UserFactory(username="xss-browser", supervisor=True)
    contact = contact_create(by=supervisor, first_name_th=PAYLOAD[:90], last_name_th="ทดสอบ",
                             phones=["0861112222"])  # fmt: skip
    opened = case_open(by=supervisor, kind="complaint", subject=PAYLOAD, description=PAYLOAD,
                       origin="phone", contact=contact, submit=True)  # fmt: skip
    article = article_save(
        data=ArticleInput(agency_code="DIT", title=PAYLOAD[:200],
                          body=f"{PAYLOAD}\n\n[คลิก](javascript:window.__xss=1)"),
        by=None,
    )  # fmt: skip
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.add_init_script(WATCH)

    # The citizen tracks the case on the public page.
    page.goto(f"{asgi_server}/track/")
    page.fill("#id_number", opened.case.number)
    page.fill("#id_code", "2222")
    page.press("#id_code", "Enter")
    page.wait_for_load_state("networkidle")
    checked = [page.url]
    assert page.evaluate("window.__xss") is None

    browser_login(page, asgi_server, "xss-browser")
    for path in (
        f"/cases/{opened.case.number}/", "/cases/?status=all", f"/contacts/{contact.pk}/",
        f"/kb/{article.pk}/", "/kb/?q=script", "/desktop/", "/privacy/", "/calendar/", "/",
    ):  # fmt: skip
        page.goto(asgi_server + path)
        page.wait_for_load_state("networkidle")
        checked.append(path)
        assert page.evaluate("window.__xss") is None, path
        assert page.evaluate("window.__violations") == [], path
    assert dialogs == []
    assert len(checked) == 10
