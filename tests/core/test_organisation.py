import pytest
from django.core.exceptions import ValidationError

from borikan.core.models import Agency, Office, Role, User


@pytest.mark.django_db
def test_76_provincial_offices_one_per_province_except_bangkok():
    provincial = Office.objects.filter(kind=Office.Kind.PROVINCIAL)
    assert provincial.count() == 76
    assert not provincial.filter(province__code="BKK").exists()
    cmi = provincial.get(province__code="CMI")
    assert cmi.name_th == "สำนักงานพาณิชย์จังหวัดเชียงใหม่"
    assert cmi.name_en == "Chiang Mai Provincial Commerce Office"


@pytest.mark.django_db
def test_agencies_of_the_spec_with_their_websites():
    codes = set(Agency.objects.values_list("code", flat=True))
    assert {"OPS", "DFT", "DIT", "DTN", "DIP", "DBD", "DITP", "TPSO", "PWO", "CAD", "RCAD"} <= codes
    assert Agency.objects.get(code="DIP").website == "https://www.ipthailand.go.th"
    assert Agency.objects.get(code="CAD").parent.code == "OPS"
    assert Agency.objects.get(code="CAD").name_th == "กองกลาง"


@pytest.mark.django_db
def test_roles_must_belong_to_their_unit():
    with pytest.raises(ValidationError) as excinfo:
        User(username="x", role=Role.OFFICER).full_clean()
    assert "agency" in excinfo.value.message_dict
    with pytest.raises(ValidationError) as excinfo:
        User(username="y", role=Role.PROVINCIAL).full_clean()
    assert "office" in excinfo.value.message_dict
