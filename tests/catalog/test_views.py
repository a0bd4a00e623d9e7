import re

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_sign_in():
    for url in (reverse("catalog:list"), reverse("catalog:detail", kwargs={"code": "S2"})):
        response = Client().get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")


def test_the_list_shows_every_service_with_channels_and_total_time(agent_client):
    response = agent_client.get(reverse("catalog:list"))
    assert response.status_code == 200
    body = response.content.decode()
    for n in range(1, 9):
        assert f'href="/catalog/S{n}/"' in body
    assert "สายด่วน 1203" in body
    assert "15–21 นาที" in body  # S1 in total
    assert "35 นาที + 15 วันทำการ" in body  # S2 in total
    assert "<h1>" in body


def test_the_detail_draws_the_steps_as_an_ordered_flow(agent_client):
    response = agent_client.get(reverse("catalog:detail", kwargs={"code": "S5"}))
    assert response.status_code == 200
    body = response.content.decode()
    flow = re.search(r'<ol class="steps">(.*?)</ol>', body, re.S)
    assert flow is not None
    durations = re.findall(r'<span class="duration[^"]*">([^<]*)</span>', flow.group(1))
    assert durations[:5] == ["30 วินาที", "5–20 นาที", "10–140 นาที", "5–10 นาที", "5 นาที"]
    assert len(re.findall(r"<li ", flow.group(1))) == 8
    assert "กรมส่งเสริมการค้าระหว่างประเทศ" in body
    assert "85 %" in body


def test_the_detail_shows_the_guide_of_s3(agent_client):
    body = agent_client.get("/catalog/S3/").content.decode()
    assert "บัตรประจำตัวประชาชน" in body
    assert "ไม่มีค่าธรรมเนียม" in body
    assert "พระราชบัญญัติข้อมูลข่าวสารของราชการ พ.ศ. 2540" in body
    assert "สำนักงานพาณิชย์จังหวัดทุกจังหวัด" in body
    assert 'aria-labelledby="steps-heading"' in body


def test_the_detail_is_in_english_when_the_language_is_english(agent_client):
    agent_client.post("/i18n/setlang/", {"language": "en", "next": "/catalog/S2/"})
    body = agent_client.get("/catalog/S2/").content.decode()
    assert '<html lang="en">' in body
    assert "Complaints through Call Center hotline 1203" in body
    assert "15 working days" in body
    assert "Regulation of the Office of the Prime Minister on Complaint Handling" in body


def test_a_lowercase_address_redirects_and_an_unknown_code_is_not_found(agent_client):
    response = agent_client.get("/catalog/s2/")
    assert response.status_code == 301
    assert response["Location"] == "/catalog/S2/"
    assert agent_client.get("/catalog/S99/").status_code == 404


def test_the_home_page_links_to_the_catalogue(agent_client):
    body = agent_client.get("/").content.decode()
    assert 'href="/catalog/"' in body
