import io

import pytest
from django.core.management import CommandError, call_command

from borikan.telephony.models import Call, CtiToken
from tests.factories import ContactFactory, UserFactory

pytestmark = [pytest.mark.usefixtures("reference_data")]


def test_simulated_call_goes_through_the_http_interface(live_server):
    UserFactory(username="sim.agent", extension="1001")
    contact = ContactFactory(phone="081-234-5678")
    out = io.StringIO()
    call_command(
        "simulate_call", "--url", live_server.url, "--ring", "0", "--talk", "0", stdout=out
    )
    call_command(
        "simulate_call",
        "--url",
        live_server.url,
        "--ring",
        "0",
        "--missed",
        "--from",
        "02 507 7882",
        stdout=out,
    )
    answered, missed = Call.objects.order_by("started_at")
    assert answered.contact == contact and answered.agent.username == "sim.agent"
    assert answered.state == "ended" and not answered.is_missed
    assert missed.is_missed and missed.caller == "+6625077882"
    assert "[3/3]" in out.getvalue()
    assert CtiToken.objects.filter(revoked_at__isnull=True).count() == 1


def test_unreachable_server_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot reach"):
        call_command(
            "simulate_call", "--url", "http://127.0.0.1:9", "--ring", "0", stdout=io.StringIO()
        )
