"""Factories of the stock tests: vehicles with valid VINs (ISO 3779 check
digit computed), and the small sales records they are sold against."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from inventory.models import Vehicle
from inventory.rules import VehicleState, vin_check_digit
from sales.models import Customer, Order
from tests.factories import StoreFactory, UserFactory, WarehouseFactory


def make_vin(serial: int, wmi_vds: str = "LHGCR2650") -> str:
    """A valid VIN: GAC Honda's WMI, a VDS, the check digit, year R (2024),
    plant H and a six-digit serial."""
    draft = f"{wmi_vds[:8]}0RH{serial:06d}"
    return draft[:8] + vin_check_digit(draft) + draft[9:]


class VehicleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Vehicle

    store = factory.SubFactory(StoreFactory)
    vin = factory.Sequence(lambda n: make_vin(100000 + n))
    model_name = "雅阁"
    colour = "珍珠白"
    engine_number = factory.Sequence(lambda n: f"K20C{n:06d}")
    state = VehicleState.IN_STOCK
    warehouse = factory.LazyAttribute(lambda o: WarehouseFactory(store=o.store))
    arrival_date = factory.LazyFunction(timezone.localdate)


class CustomerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Customer

    store = factory.SubFactory(StoreFactory)
    name = factory.Sequence(lambda n: f"客户{n}")
    mobile = factory.Sequence(lambda n: f"138{n:08d}")
    consultant = factory.SubFactory(UserFactory)
    assigned_at = factory.LazyFunction(timezone.now)
    grade = "O"
    source_channel = "walk_in"
    created_by = factory.SelfAttribute("consultant")


class OrderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Order

    store = factory.SubFactory(StoreFactory)
    number = factory.Sequence(lambda n: f"DD{n:06d}")
    customer = factory.SubFactory(
        CustomerFactory,
        store=factory.SelfAttribute("..store"),
        consultant=factory.SelfAttribute("..consultant"),
    )
    consultant = factory.SubFactory(UserFactory)
    full_name = "陈大文"
    mobile = "13800138000"
    address = "阳江市江城区东风路1号"
    id_number = "44170219800101001X"
    model_name = "雅阁"
    colour = "珍珠白"
    price = Decimal("179800.00")
    deposit = Decimal("5000.00")
    ordered_at = factory.LazyFunction(timezone.now)
    created_by = factory.SelfAttribute("consultant")
