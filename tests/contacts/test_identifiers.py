import pytest

from borikan.contacts.identifiers import (
    IdentifierError,
    phone_parse,
    phone_try_parse,
    thai_id_checksum_ok,
    thai_id_format,
    thai_id_normalize,
)


def make_id(first12: str) -> str:
    total = sum(int(first12[i]) * (13 - i) for i in range(12))
    return first12 + str((11 - total % 11) % 10)


@pytest.mark.parametrize(
    ("raw", "value", "kind", "display"),
    [
        ("081-234-5678", "+66812345678", "mobile", "081 234 5678"),
        ("๐๘๑-๒๓๔-๕๖๗๘", "+66812345678", "mobile", "081 234 5678"),
        ("+66 81 234 5678", "+66812345678", "mobile", "081 234 5678"),
        ("02 507 7882", "+6625077882", "landline", "02 507 7882"),
        ("(053) 112-233", "+6653112233", "landline", "053 112 233"),
    ],
)
def test_thai_numbers_normalise_to_e164(raw, value, kind, display):
    phone = phone_parse(raw)
    assert (phone.value, phone.kind, phone.display) == (value, kind, display)


@pytest.mark.parametrize("code", ["1203", "1169", "1111", "๑๒๐๓"])
def test_hotline_short_codes_are_never_e164(code):
    phone = phone_parse(code)
    assert phone.is_short_code
    assert not phone.value.startswith("+")


@pytest.mark.parametrize("raw", ["anonymous", "12345", "08123", "+66 81 234 5678 999 999", "abc"])
def test_malformed_numbers_are_refused(raw):
    with pytest.raises(IdentifierError) as excinfo:
        phone_parse(raw)
    assert excinfo.value.code == "phone_invalid"
    assert phone_try_parse(raw) is None


def test_empty_number_has_its_own_message():
    with pytest.raises(IdentifierError) as excinfo:
        phone_parse("  ")
    assert excinfo.value.code == "phone_empty"


def test_national_id_checksum():
    good = make_id("110170012345")
    assert thai_id_checksum_ok(good)
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    assert not thai_id_checksum_ok(bad)
    assert thai_id_normalize(thai_id_format(good)) == good
    assert thai_id_format(good) == f"{good[0]}-{good[1:5]}-{good[5:10]}-{good[10:12]}-{good[12]}"
    with pytest.raises(IdentifierError) as excinfo:
        thai_id_normalize(bad)
    assert excinfo.value.code == "id_checksum"
    with pytest.raises(IdentifierError) as excinfo:
        thai_id_normalize("12345")
    assert excinfo.value.code == "id_length"


def test_juristic_id_starts_with_zero():
    juristic = make_id("010555012345")
    assert thai_id_normalize(juristic, juristic=True) == juristic
    person = make_id("310170012345")
    with pytest.raises(IdentifierError) as excinfo:
        thai_id_normalize(person, juristic=True)
    assert excinfo.value.code == "id_kind"


def test_id_in_thai_digits():
    good = make_id("110170012345")
    thai = good.translate(str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙"))
    assert thai_id_normalize(thai) == good
