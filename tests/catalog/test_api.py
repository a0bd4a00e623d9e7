import pytest

pytestmark = pytest.mark.django_db

SERVICES = "/api/v1/catalog/services"


def _steps(client, code):
    response = client.get(f"{SERVICES}/{code}")
    assert response.status_code == 200
    return {step["key"]: step for step in response.json()["steps"]}


def test_the_catalogue_is_public_and_lists_s1_to_s8_in_order(client):
    response = client.get(SERVICES)
    assert response.status_code == 200
    assert [s["code"] for s in response.json()] == [f"S{n}" for n in range(1, 9)]


def test_s1_steps_and_the_three_ring_greeting(client):
    steps = _steps(client, "S1")
    assert list(steps) == ["greet", "inform", "consult_agency", "log", "transfer"]
    assert [s["standard_th"] for s in steps.values()] == ["5 นาที"] * 4 + ["1 นาที"]
    assert steps["greet"]["answer_within_rings"] == 3
    assert steps["greet"]["role"] == "agent"
    assert steps["transfer"]["min_seconds"] == steps["transfer"]["max_seconds"] == 60
    # Asking the agency and transferring happen only in some cases.
    assert steps["consult_agency"]["condition_th"]
    assert not steps["inform"]["condition_th"]


def test_s2_ends_with_the_agency_answering_within_15_working_days(client):
    service = client.get(f"{SERVICES}/S2").json()
    keys = [step["key"] for step in service["steps"]]
    assert keys == ["receive", "record", "give_ticket", "submit_to_director", "agency_answers"]
    last = service["steps"][-1]
    assert last["working_days"] == 15
    assert last["min_seconds"] is None and last["max_seconds"] is None
    assert (last["standard_th"], last["standard_en"]) == ("15 วันทำการ", "15 working days")
    assert last["role"] == "officer"
    assert service["steps"][3]["standard_en"] == "20 minutes"
    assert service["sla_working_days"] == 15
    assert service["fee"] == {
        "amount_baht": "0.00",
        "text_th": "ไม่มีค่าธรรมเนียม",
        "text_en": "No fee",
    }
    laws = [law["th"] for law in service["laws"]]
    assert len(laws) == 3
    assert "มาตรา ๔๑ (๒)" in laws[0]
    assert "พ.ศ. ๒๕๖๖" in laws[2]  # seed 001, the later guide


def test_s3_takes_5_10_5_minutes_and_asks_for_an_id(client):
    service = client.get(f"{SERVICES}/S3").json()
    assert [s["max_seconds"] for s in service["steps"]] == [300, 600, 300]
    assert [s["standard_th"] for s in service["steps"]] == ["5 นาที", "10 นาที", "5 นาที"]
    assert {c["code"] for c in service["channels"]} == {"counter", "video"}
    assert service["channel_note_th"] == "สำนักงานพาณิชย์จังหวัดทุกจังหวัด"
    assert "หนังสือเดินทาง" in service["documents"][0]["th"]
    assert service["laws"][0]["th"] == "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540"
    assert service["issuing_unit"] == {
        "agency_code": "RCAD",
        "name_th": "กองบริหารการพาณิชย์ภูมิภาค",
        "name_en": "Regional Commerce Administration Division",
    }
    assert service["standard_total_en"] == "20 minutes"


def test_s4_is_five_steps_of_one_minute_on_the_website(client):
    service = client.get(f"{SERVICES}/S4").json()
    assert [s["min_seconds"] for s in service["steps"]] == [60] * 5
    assert {s["responsible"] for s in service["steps"]} == {"client"}
    assert [c["code"] for c in service["channels"]] == ["web"]


def test_s5_follows_the_ditp_counter_table(client):
    service = client.get(f"{SERVICES}/S5").json()
    table = [(s["min_seconds"], s["max_seconds"], s["standard_th"]) for s in service["steps"]]
    assert table == [
        (30, 30, "30 วินาที"),
        (300, 1200, "5–20 นาที"),
        (600, 8400, "10–140 นาที"),
        (300, 600, "5–10 นาที"),
        (300, 300, "5 นาที"),
        (None, None, "–"),  # print the service summary page: the table gives no time
        (300, 300, "5 นาที"),
        (30, 30, "30 วินาที"),
    ]
    assert service["steps"][1]["standard_en"] == "5–20 minutes"
    assert service["steps"][0]["standard_en"] == "30 seconds"
    assert service["steps"][4]["outside_staff_control"] is True
    assert service["satisfaction_target"] == 85.0
    assert service["issuing_unit"]["agency_code"] == "DITP"


@pytest.mark.parametrize(
    ("code", "keys"),
    [
        (
            "S6",
            [
                "welcome",
                "client_asks",
                "classify_level",
                "record_profile",
                "prepare_and_email",
                "thank_and_recommend_app",
                "client_rates",
                "record_summary",
            ],
        ),
        (
            "S7",
            [
                "welcome",
                "ask_needs",
                "client_asks",
                "classify_level",
                "answer_by_level",
                "prepare_and_email",
                "client_rates",
                "thank",
                "record_summary",
            ],
        ),
    ],
)
def test_s6_and_s7_steps_have_no_times_because_the_seed_gives_none(client, code, keys):
    service = client.get(f"{SERVICES}/{code}").json()
    assert [s["key"] for s in service["steps"]] == keys
    assert all(s["min_seconds"] is None and s["working_days"] is None for s in service["steps"])
    assert service["satisfaction_target"] == 85.0
    assert service["standard_total_th"] == "–"


def test_a_lowercase_code_finds_the_service(client):
    response = client.get(f"{SERVICES}/s2")
    assert response.status_code == 200
    assert response.json()["code"] == "S2"


@pytest.mark.parametrize("code", ["S99", "S0", "X1", "'; drop table catalog_service; --", "ส2"])
def test_an_unknown_code_is_a_404_in_the_error_format(client, code):
    response = client.get(f"{SERVICES}/{code}")
    assert response.status_code == 404
    error = response.json()["error"]
    assert error["code"] == "unknown_service"
    # "message" is the Thai rendering (the lead's catalogue translates it), "message_en" English.
    assert error["message"]
    assert error["message_en"].startswith("There is no service with the code")
    assert code[:20] in error["message_en"]


def test_the_channel_filter_keeps_the_services_on_that_channel(client):
    response = client.get(SERVICES, {"channel": "phone_1203"})
    assert [s["code"] for s in response.json()] == ["S1", "S2"]
    response = client.get(SERVICES, {"channel": "counter"})
    assert [s["code"] for s in response.json()] == ["S3", "S5"]


def test_an_unknown_channel_is_refused_with_the_known_codes(client):
    response = client.get(SERVICES, {"channel": "fax"})
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "unknown_channel"
    assert "phone_1203" in error["details"]["known"]


def test_channels_are_listed_for_integrators(client):
    codes = [c["code"] for c in client.get("/api/v1/catalog/channels").json()]
    assert codes == ["phone_1203", "phone_1169", "counter", "chat", "video", "web", "email"]


def test_the_openapi_document_declares_the_catalogue_and_its_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    detail = schema["paths"]["/api/v1/catalog/services/{code}"]["get"]
    assert {"200", "404"} <= set(detail["responses"])
    listing = schema["paths"]["/api/v1/catalog/services"]["get"]
    assert "422" in listing["responses"]
    assert not listing.get("security")
    step = schema["components"]["schemas"]["StepOut"]["properties"]
    assert {"key", "min_seconds", "max_seconds", "working_days", "standard_th"} <= set(step)


def test_the_catalogue_is_read_in_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(6):
        assert client.get(SERVICES).status_code == 200
