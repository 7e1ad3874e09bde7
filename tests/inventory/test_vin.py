import pytest

from inventory.rules import VinError, vin_check_digit, vin_validate
from tests.inventory.factories import make_vin


def test_vin_check_digit_of_the_iso_3779_example():
    assert vin_check_digit("1M8GDM9AXKP042788") == "X"
    assert vin_validate(" 1m8gdm9axkp042788 ") == "1M8GDM9AXKP042788"


def test_vin_factory_makes_valid_vins():
    assert vin_validate(make_vin(123456)) == make_vin(123456)


@pytest.mark.parametrize(
    ("vin", "code", "message"),
    [
        ("1M8GDM9AXKP04278", "VIN_LENGTH", "A VIN has 17 characters; this one has 16."),
        (
            "1M8GDM9AXKP0427O8",
            "VIN_FORBIDDEN_LETTER",
            "A VIN never contains the letters I, O or Q (found: O).",
        ),
        (
            "1M8GDM9A-KP042788",
            "VIN_CHARACTERS",
            "A VIN has only digits and capital letters (found: -).",
        ),
        (
            "1M8GDM9A1KP042788",
            "VIN_CHECK_DIGIT",
            "The check digit (9th character) should be X but is 1.",
        ),
    ],
)
def test_vin_refusal_names_the_problem(vin, code, message):
    with pytest.raises(VinError) as exc:
        vin_validate(vin)
    assert exc.value.code == code
    assert exc.value.message == message
    assert exc.value.field == "vin"
