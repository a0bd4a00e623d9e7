import json

import pytest

from borikan.catalog.models import LegalBasis, Service, Step
from borikan.catalog.services import DATA_FILE, catalog_load, step_duration_fields

pytestmark = pytest.mark.django_db


def test_loading_again_changes_nothing_and_duplicates_nothing():
    before = (Service.objects.count(), Step.objects.count(), LegalBasis.objects.count())
    result = catalog_load()
    assert (result.services, result.channels) == (8, 7)
    assert (Service.objects.count(), Step.objects.count(), LegalBasis.objects.count()) == before


def test_loading_restores_a_changed_standard_from_the_data_file():
    Step.objects.filter(service__code="S3", key="record_and_book").update(
        min_seconds=900, max_seconds=900
    )
    catalog_load()
    assert Step.objects.get(service__code="S3", key="record_and_book").min_seconds == 600


def test_loader_ignores_notes_and_unknown_keys(tmp_path):
    data = json.loads(DATA_FILE.read_text(encoding="utf-8"))
    data["services"][0]["a_field_from_the_future"] = "x"
    data["services"][0]["name_en"] = "Changed"
    path = tmp_path / "services.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    catalog_load(path=path)
    assert Service.objects.get(code="S1").name_en == "Changed"


def test_duration_keys_of_the_data_file():
    assert step_duration_fields({"minutes": [5, 20]}) == {
        "min_seconds": 300,
        "max_seconds": 1200,
        "working_days": None,
    }
    assert step_duration_fields({"seconds": 30})["max_seconds"] == 30
    assert step_duration_fields({"working_days": 15})["working_days"] == 15
    assert step_duration_fields({}) == {
        "min_seconds": None,
        "max_seconds": None,
        "working_days": None,
    }
    with pytest.raises(ValueError):
        step_duration_fields({"key": "x", "minutes": 5, "working_days": 1})


def test_every_seeded_step_passes_model_validation():
    for step in Step.objects.select_related("service"):
        step.full_clean()
    for service in Service.objects.all():
        service.full_clean()
