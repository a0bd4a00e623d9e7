"""The case pages, as staff use them."""

from django.test import Client

from borikan.cases.models import Case
from borikan.core.models import AuditEntry


def login(user):
    client = Client()
    client.force_login(user)
    return client


def test_agent_opens_a_case_for_the_caller_and_gets_the_number(people, citizen):
    client = login(people["agent"])
    form = client.get(f"/cases/new/?contact={citizen.pk}")
    assert "ดวงใจ รักษ์ไทย" in form.content.decode()
    response = client.post(
        "/cases/new/",
        {
            "kind": "complaint",
            "subject": "ปั๊มน้ำมันจ่ายน้ำมันไม่เต็มลิตร",
            "description": "เติม 20 ลิตรแต่ได้ไม่ถึง",
            "origin": "phone",
            "contact_id": citizen.pk,
            "submit_now": "on",
        },
        follow=True,
    )
    case = Case.objects.get()
    html = response.content.decode()
    assert case.number in html and case.contact == citizen
    assert response.redirect_chain[-1][0] == f"/cases/{case.number}/"


def test_bad_input_keeps_what_was_typed(people):
    client = login(people["agent"])
    response = client.post(
        "/cases/new/",
        {"kind": "complaint", "subject": "หัวข้อที่พิมพ์ไว้", "description": "", "origin": "phone"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "หัวข้อที่พิมพ์ไว้" in html
    assert Case.objects.count() == 0


def test_director_starts_on_the_cases_to_dispatch(open_case, people):
    case = open_case()
    html = login(people["director"]).get("/cases/").content.decode()
    assert case.number in html
    assert 'value="undispatched" selected' in html


def test_case_page_shows_due_reason_and_actions_and_is_audited(open_case, people):
    case = open_case()
    client = login(people["director"])
    html = client.get(f"/cases/{case.number}/").content.decode()
    assert 'data-action="dispatch"' in html
    assert "15" in html and case.number in html
    assert AuditEntry.objects.filter(
        action="view", object_id=str(case.pk), contact_id=case.contact_id
    ).exists()


def test_dispatch_from_the_page(open_case, people):
    case = open_case()
    client = login(people["director"])
    response = client.post(
        f"/cases/{case.number}/act/",
        {"action": "dispatch", "agency": "DIT", "version": case.version},
        follow=True,
    )
    case.refresh_from_db()
    assert case.status == "dispatched" and case.agency.code == "DIT"
    assert response.status_code == 200


def test_a_refused_action_explains_itself_and_keeps_the_note(open_case, people):
    case = open_case()
    client = login(people["agent"])
    response = client.post(
        f"/cases/{case.number}/act/",
        {"action": "note", "note": "ข้อความยาวที่พิมพ์ไว้", "version": case.version - 1},
        follow=True,
    )
    html = response.content.decode()
    assert "ข้อความยาวที่พิมพ์ไว้" in html  # nothing typed is lost
    assert case.events.filter(action="note").count() == 0


def test_officer_of_another_agency_gets_404(open_case, people):
    case = open_case()
    assert login(people["other_officer"]).get(f"/cases/{case.number}/").status_code == 404


def test_the_callers_card_lists_open_cases_and_offers_a_new_one(open_case, people, citizen):
    from django.template.loader import render_to_string

    from borikan.telephony.selectors import caller_card_for_contact

    case = open_case()
    context = caller_card_for_contact(contact=citizen, call_id="", user=people["agent"])
    html = render_to_string("telephony/_card.html", context)
    assert case.number in html
    assert f"/cases/new/?contact={citizen.pk}" in html


def test_a_citizen_files_a_complaint_on_the_website(db):
    from django.core.cache import cache

    cache.clear()
    client = Client()
    form = client.get("/complaint/")
    assert form.status_code == 200
    missing = client.post(
        "/complaint/", {"kind": "complaint", "subject": "ราคาแพง", "description": "ขายแพง"}
    )
    html = missing.content.decode()
    assert missing.status_code == 200 and "ราคาแพง" in html  # kept, with what is missing
    assert Case.objects.count() == 0
    done = client.post(
        "/complaint/",
        {
            "kind": "complaint",
            "subject": "ราคาแพง",
            "description": "ร้านขายน้ำดื่มแพงเกินจริง",
            "first_name_th": "สมใจ",
            "last_name_th": "ซื่อสัตย์",
            "phone": "0861112222",
            "consent": "on",
        },
    )
    case = Case.objects.get()
    assert case.number in done.content.decode()
    assert (case.origin, case.status, case.office.code) == ("web", "received", "MOC")
    assert case.contact.display_name == "สมใจ ซื่อสัตย์"


def test_an_anonymous_tip_off_from_the_website_shows_its_code_once(db):
    from django.core.cache import cache

    cache.clear()
    response = Client().post(
        "/complaint/",
        {"kind": "tipoff", "subject": "กักตุนสินค้า", "description": "โกดังซอย 5", "anonymous": "on"},
    )
    case = Case.objects.get()
    assert case.contact is None and case.anonymous
    assert 'class="ticket"' in response.content.decode()


def test_robots_filling_the_hidden_field_are_ignored(db):
    response = Client().post(
        "/complaint/",
        {
            "kind": "tipoff",
            "subject": "spam",
            "description": "spam",
            "anonymous": "on",
            "website": "http://spam.example",
        },
    )
    assert response.status_code == 200 and Case.objects.count() == 0


def test_a_refused_file_opens_no_case_so_sending_again_makes_no_duplicate(people, citizen):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login(people["agent"])
    fake = SimpleUploadedFile("scan.pdf", b"MZ\x90\x00" + b"\x00" * 64, "application/pdf")
    response = client.post(
        "/cases/new/",
        {
            "kind": "complaint",
            "subject": "หัวข้อที่พิมพ์ไว้",
            "description": "รายละเอียด",
            "origin": "phone",
            "contact_id": citizen.pk,
            "file": fake,
        },
    )
    assert response.status_code == 200
    assert "หัวข้อที่พิมพ์ไว้" in response.content.decode()
    assert Case.objects.count() == 0


def test_a_refused_answer_comes_back_in_the_answer_form(open_case, people):
    from borikan.cases.services import case_act

    case = open_case()
    case_act(case=case, action="dispatch", by=people["director"], agency_code="DIT")
    case.refresh_from_db()
    client = login(people["officer"])
    response = client.post(
        f"/cases/{case.number}/act/",
        {"action": "answer", "note": "คำตอบยาวที่พิมพ์ไว้", "version": case.version - 1},
        follow=True,
    )
    html = response.content.decode()
    answer_form = html[html.index('data-action="answer"') :]
    assert "คำตอบยาวที่พิมพ์ไว้" in answer_form[: answer_form.index("</form>")]


def test_the_case_list_finds_cases_by_their_words_as_people_spell_them(open_case, people):
    """The search box of the case list uses Thai search, not a substring of the subject."""
    from django.test import Client

    eggs = open_case(subject="ร้านค้าขายไข่ไก่แพงกว่าป้าย", description="ราคาเกินที่ปิดป้าย")
    fuel = open_case(subject="ปั๊มน้ำมันจ่ายไม่เต็มลิตร", description="มิเตอร์ไม่ตรง")
    browser = Client()
    browser.force_login(people["supervisor"])
    for query, expected in [
        ("ไข่ไก่", eggs),
        ("ขายไข่ไก่ แพง", eggs),  # words apart, in another order: a substring finds nothing
        ("น้ำมัน ลิตร", fuel),
        (fuel.number, fuel),
    ]:
        html = browser.get("/cases/", {"q": query}).content.decode()
        others = {eggs, fuel} - {expected}
        assert expected.number in html, query
        assert all(other.number not in html for other in others), query


COMPLAINT = {
    "kind": "complaint",
    "subject": "ราคาแพง",
    "description": "ร้านขายน้ำดื่มแพงเกินจริง",
    "first_name_th": "สมใจ",
    "phone": "0861112222",
    "consent": "on",
}


def test_a_form_sent_too_fast_or_with_a_forged_time_is_refused_and_keeps_the_text(db, settings):
    from django.core.cache import cache

    from borikan.core.humans import form_started_token

    cache.clear()
    settings.BORIKAN = {**settings.BORIKAN, "FORM_MIN_FILL_SECONDS": 3}
    client = Client()
    shown = client.get("/complaint/").content.decode()
    assert 'name="started"' in shown and 'name="website"' in shown
    assert 'id="pdpa-notice"' in shown and "สายด่วน 1203" in shown
    for started in (form_started_token(), "", "forged:token"):
        response = client.post("/complaint/", {**COMPLAINT, "started": started})
        assert response.status_code == 400
        assert "ร้านขายน้ำดื่มแพงเกินจริง" in response.content.decode()
    assert Case.objects.count() == 0
    import time

    response = client.post(
        "/complaint/", {**COMPLAINT, "started": form_started_token(time.time() - 5)}
    )
    assert response.status_code == 200 and Case.objects.count() == 1


def test_too_many_complaints_from_one_address_are_refused(db):
    from django.core.cache import cache

    from borikan.cases.views import SUBMIT_LIMIT

    cache.clear()
    client = Client()
    for n in range(SUBMIT_LIMIT):
        assert (
            client.post("/complaint/", {**COMPLAINT, "phone": f"08611{n:05d}"}).status_code == 200
        )
    refused = client.post("/complaint/", COMPLAINT)
    assert refused.status_code == 429
    assert Case.objects.count() == SUBMIT_LIMIT
