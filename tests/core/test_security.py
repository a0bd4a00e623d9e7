"""Sign-in safety and hardening: Argon2, lockout after wrong passwords, the second factor,
security headers and the Content-Security-Policy, `check --deploy` clean in production."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys

import pytest
from django.contrib.auth.hashers import identify_hasher
from django.test import Client, override_settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

import borikan.settings as production
from borikan.core.models import User
from tests.cases.test_concurrency import ROOT
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECOND_FACTOR_ON = {"ADMINS_NEED_SECOND_FACTOR": True}


def _code(device: TOTPDevice, *, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, drift=drift):06d}"


def test_passwords_are_stored_with_argon2():
    with override_settings(PASSWORD_HASHERS=production.PASSWORD_HASHERS):
        user = UserFactory(username="hash-me")
        user.set_password("ยาวพอ-และ-ไม่ง่าย-1203")
        user.save()
        assert identify_hasher(user.password).algorithm == "argon2"
        assert user.check_password("ยาวพอ-และ-ไม่ง่าย-1203")


def test_five_wrong_passwords_lock_that_username_from_that_address():
    UserFactory(username="target", password="right-password-1203")
    UserFactory(username="bystander", password="right-password-1203")
    client = Client(REMOTE_ADDR="10.1.2.3")
    for _ in range(4):
        wrong = client.post("/login/", {"username": "target", "password": "guess"})
        assert wrong.status_code == 200  # the form again, with its error
    fifth = client.post("/login/", {"username": "target", "password": "guess"})
    assert fifth.status_code == 429
    locked = client.post("/login/", {"username": "target", "password": "right-password-1203"})
    assert locked.status_code == 429
    assert "15" in locked.content.decode() and "ล็อก" in locked.content.decode()
    assert "_auth_user_id" not in client.session  # the right password did not get in
    # Another username from that address, and the same username from elsewhere, still sign in.
    other = client.post("/login/", {"username": "bystander", "password": "right-password-1203"})
    assert other.status_code == 302
    elsewhere = Client(REMOTE_ADDR="10.9.9.9").post(
        "/login/", {"username": "target", "password": "right-password-1203"}
    )
    assert elsewhere.status_code == 302


@override_settings(BORIKAN={**production.BORIKAN, **SECOND_FACTOR_ON})
def test_an_administrator_sets_up_the_second_factor_before_anything_else():
    admin = UserFactory(username="root-admin", administrator=True)
    client = Client()
    client.force_login(admin)
    first = client.get("/cases/")
    assert first.status_code == 302 and first["Location"].startswith("/account/2fa/?next=")
    api = client.get("/api/v1/me")
    assert api.status_code == 401 and api.json()["error"]["code"] == "second_factor_required"
    assert client.get("/admin/").status_code == 302

    setup = client.get("/account/2fa/?next=/cases/")
    html = setup.content.decode()
    assert "<svg" in html and "otpauth" not in html  # a drawn QR code, nothing to fetch
    device = TOTPDevice.objects.get(user=admin, confirmed=False)
    key = re.search(r'class="totp-key">([A-Z2-7 ]+)<', html).group(1).replace(" ", "")
    assert key  # the key to type by hand
    wrong = client.post("/account/2fa/", {"code": "000000", "next": "/cases/"})
    assert wrong.status_code == 200 and "รหัส" in wrong.content.decode()
    assert TOTPDevice.objects.get(pk=device.pk).confirmed is False
    done = client.post("/account/2fa/", {"code": _code(device), "next": "/cases/"})
    assert done.status_code == 302 and done["Location"] == "/cases/"
    assert client.get("/cases/").status_code == 200
    assert client.get("/api/v1/me").status_code == 200

    # The next sign-in asks for a code; the administrator cannot turn it off.
    client.logout()
    client.force_login(admin)
    assert client.get("/").headers["Location"].startswith("/account/2fa/verify/")
    assert client.post("/account/2fa/verify/", {"code": "12"}).status_code == 200
    device.refresh_from_db()
    verified = client.post(
        "/account/2fa/verify/", {"code": _code(device, drift=1), "next": "/calendar/"}
    )
    assert verified.status_code == 302 and verified["Location"] == "/calendar/"
    client.post("/account/2fa/off/")
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


@override_settings(BORIKAN={**production.BORIKAN, **SECOND_FACTOR_ON})
def test_other_staff_choose_the_second_factor_and_may_turn_it_off():
    agent = UserFactory(username="careful-agent")
    client = Client()
    client.force_login(agent)
    assert _device_lookups(client, "/") == 1  # not asked: none set up
    assert _device_lookups(client, "/calendar/") == 0  # and not looked up again
    client.get("/account/2fa/")
    device = TOTPDevice.objects.get(user=agent)
    client.post("/account/2fa/", {"code": _code(device)})
    client.logout()
    client.force_login(agent)
    assert client.get("/").status_code == 302  # now asked, having chosen it
    client.post("/account/2fa/verify/", {"code": _code(device)})
    client.post("/account/2fa/off/")
    client.logout()
    client.force_login(agent)
    assert client.get("/").status_code == 200


def _device_lookups(client: Client, path: str) -> int:
    """Opens `path` (it must answer 200) and counts the queries for authenticators."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return sum("otp_totp_totpdevice" in q["sql"] for q in queries.captured_queries)


def test_the_next_address_after_the_code_stays_on_this_site():
    agent = UserFactory(username="redirect-agent")
    client = Client()
    client.force_login(agent)
    client.get("/account/2fa/")
    device = TOTPDevice.objects.get(user=agent)
    response = client.post(
        "/account/2fa/", {"code": _code(device), "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_pages_carry_a_content_security_policy_without_inline_script_and_security_headers():
    agent = UserFactory(username="headers-agent")
    client = Client()
    client.force_login(agent)
    for path in ("/", "/login/", "/complaint/", "/track/", "/cases/", "/kb/", "/desktop/"):
        response = client.get(path, follow=True)
        policy = response.headers["Content-Security-Policy"]
        directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
        assert directives["script-src"] == "'self'", path
        assert "unsafe" not in policy, path
        assert directives["frame-ancestors"] == "'none'"
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "same-origin"
        assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
        assert "camera=()" in response.headers["Permissions-Policy"]
        html = response.content.decode()
        # No inline script the policy would block: every <script> has a src, no on* handlers.
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), path
        assert not re.search(r"\son[a-z]+\s*=", html), path


def test_check_deploy_is_clean_with_the_production_environment(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "borikan.settings",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "SECURE_COOKIES": "1",
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "ALLOWED_HOSTS": "borikan.example.go.th",
        "BORIKAN_VAR_DIR": str(tmp_path),
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixtures
    done = subprocess.run(
        [sys.executable, "-m", "borikan.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env, cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr + done.stdout
    assert "no issues" in done.stdout


def test_the_demo_code_command_refuses_real_authenticators(capsys):
    from django.core.management import CommandError, call_command

    from borikan.core.demo import load

    load()
    call_command("otp_code", "admin")
    assert re.fullmatch(r"\d{6}\n", capsys.readouterr().out)
    real = UserFactory(username="real-admin", administrator=True)
    TOTPDevice.objects.create(user=real, name="authenticator")
    with pytest.raises(CommandError):
        call_command("otp_code", "real-admin")
    assert User.objects.get(username="admin").totpdevice_set.get().name == "demo"


def test_people_not_signed_in_are_limited_per_address_on_every_endpoint(settings):
    settings.BORIKAN = {**settings.BORIKAN, "PUBLIC_REQUESTS_PER_MINUTE": 5}
    citizen = Client(REMOTE_ADDR="10.20.30.40")
    for path in ("/track/", "/complaint/", "/api/v1/catalog/services", "/appointment/", "/login/"):
        assert citizen.get(path).status_code == 200
    page = citizen.get("/track/")
    assert page.status_code == 429 and page["Retry-After"] == "60"
    assert "มากเกินไป" in page.content.decode() and "Too many requests" in page.content.decode()
    api = citizen.get("/api/v1/kb/search", {"q": "ราคา"})
    assert api.status_code == 429 and api.json()["error"]["code"] == "rate_limited"
    assert Client(REMOTE_ADDR="10.20.30.41").get("/track/").status_code == 200  # someone else
    # A made-up token header buys no way past the limit on the pages.
    forged = citizen.get("/complaint/", headers={"Authorization": "Bearer made-up"})
    assert forged.status_code == 429
    agent = Client(REMOTE_ADDR="10.20.30.40")
    agent.force_login(UserFactory(username="limited-agent"))
    assert agent.get("/cases/").status_code == 200  # staff are not limited here
    assert citizen.get("/healthz").status_code in (200, 503)  # monitoring never is
