"""Factories for sales records."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from sales.models import Customer, Order, TestCar
from sales.rules import Grade, SourceChannel, id_number_check_digit


def valid_id_number(first17: str = "44170219900307123") -> str:
    return first17 + id_number_check_digit(first17)


class TestCarFactory(factory.django.DjangoModelFactory):
    __test__ = False  # a factory, not a test class

    class Meta:
        model = TestCar

    model_name = "雅阁"
    plate = factory.Sequence(lambda n: f"粤Q{n:05d}")


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    name = factory.Sequence(lambda n: f"客户{n}")
    mobile = factory.Sequence(lambda n: f"139{n:08d}")
    consultant = None
    created_by = factory.SelfAttribute("consultant")
    assigned_at = factory.LazyFunction(timezone.now)
    grade = Grade.B
    source_channel = SourceChannel.WALK_IN
    appearance = "三十岁左右，戴眼镜"
    family_background = "已婚，一个孩子"
    social_background = "公务员"
    needs_and_budget = "家用，预算20万"
    store = factory.LazyAttribute(lambda o: o.consultant.stores.first())


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    customer = None
    store = factory.SelfAttribute("customer.store")
    consultant = factory.SelfAttribute("customer.consultant")
    created_by = factory.SelfAttribute("customer.consultant")
    number = factory.Sequence(lambda n: f"ORD{n:06d}")
    full_name = factory.SelfAttribute("customer.name")
    mobile = factory.SelfAttribute("customer.mobile")
    address = "阳江市江城区东风路1号"
    id_number = factory.LazyFunction(valid_id_number)
    model_name = "雅阁"
    colour = "白"
    price = Decimal("179800.00")
    deposit = Decimal("5000.00")
    ordered_at = factory.LazyFunction(timezone.now)
