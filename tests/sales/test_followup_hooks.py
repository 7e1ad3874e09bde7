"""The sales services keep the follow-ups in step (FU-*, LEAD-8): a grade
change schedules the grade's cadence, a reassignment moves open follow-ups,
a cancellation or a loss ends them."""

from __future__ import annotations

import pytest

from followups.models import Followup
from sales.rules import Grade, LostReason, ReassignKind
from sales.services import (
    customer_change_grade,
    customer_reassign,
    lost_decide,
    lost_request,
)
from tests.sales.factories import CustomerFactory

pytestmark = pytest.mark.django_db


def open_followups(customer) -> list[tuple[str, str]]:
    return [
        (f.kind, f.owner.username)
        for f in Followup.objects.filter(customer=customer, status__in=["open", "late"])
    ]


def test_fu_h_grade_change_schedules_the_h_cadence(consultant_a):
    customer = CustomerFactory(consultant=consultant_a, grade=Grade.N)
    customer_change_grade(customer=customer, to_grade=Grade.H, reason="本周订", by=consultant_a)
    assert open_followups(customer) == [("FU-H", "consultant_a")]
    customer_change_grade(customer=customer, to_grade=Grade.C, reason="推迟", by=consultant_a)
    assert open_followups(customer) == [("FU-C", "consultant_a")]


def test_lead_8_reassignment_moves_open_followups(consultant_a, consultant_b, manager):
    customer = CustomerFactory(consultant=consultant_a, grade=Grade.N)
    customer_change_grade(customer=customer, to_grade=Grade.B, reason="首访", by=consultant_a)
    customer_reassign(
        customers=[customer], kind=ReassignKind.GROUP_SWAP, to_user=consultant_b, by=manager
    )
    assert open_followups(customer) == [("FU-B", "consultant_b")]


def test_lead_11_lost_customer_has_no_cadence_left(consultant_a, manager):
    customer = CustomerFactory(consultant=consultant_a, grade=Grade.N)
    customer_change_grade(customer=customer, to_grade=Grade.A, reason="首访", by=consultant_a)
    request = lost_request(customer=customer, reason=LostReason.SERVICE, by=consultant_a)
    lost_decide(request=request, approve=True, by=manager)
    assert open_followups(customer) == []
