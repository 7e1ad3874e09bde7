from decimal import Decimal

import pytest

from dealership.dashboard.rules import rate as dashboard_rate
from sales.rules import id_number_problem, is_valid_mobile, registration_rate
from tests.sales.factories import valid_id_number


def test_lead_7_valid_id_number_passes():
    assert id_number_problem(valid_id_number()) is None
    assert id_number_problem("11010519491231002X") is None  # GB 11643 published example


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        ("44170219900307123", "length"),
        ("4417021990030712A4", "characters"),
        ("44170219900307123²", "characters"),  # a digit to str.isdigit, not to int()
        ("４４１７０２１９９００３０７１２３４", "characters"),  # full-width digits
        ("441702199002301234", "birth_date"),
        ("110105194912310021", "check_digit"),
    ],
)
def test_lead_7_invalid_id_numbers_name_the_problem(value, problem):
    assert id_number_problem(value) == problem


@pytest.mark.parametrize("value", ["13912345678", "139 1234 5678", "+8619912345678"])
def test_lead_7_mobile_numbers_accepted(value):
    assert is_valid_mobile(value)


@pytest.mark.parametrize("value", ["1391234567", "12912345678", "23912345678", "0662-3123456"])
def test_lead_7_non_mobile_numbers_refused(value):
    assert not is_valid_mobile(value)


def test_lead_3_registration_rate():
    assert registration_rate(3, 4) == Decimal("75.0")
    assert registration_rate(0, 0) is None
    # Half up, as on the KPI board (one function, dealership.rules.percent):
    # 1/16 = 6.25% shows 6.3% everywhere.
    assert registration_rate(1, 16) == Decimal("6.3")
    assert dashboard_rate(1, 16) == Decimal("6.3")
