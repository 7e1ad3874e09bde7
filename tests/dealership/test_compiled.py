"""dealership.compiled: a queryset compiled once per shape gives, with new
values, exactly the rows the ORM gives (issue 8: the boards' Python time)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncDate
from django.test.utils import CaptureQueriesContext

from dealership import compiled
from dealership.compiled import values_rows
from dealership.dashboard.selectors import kpi_board
from sales.models import Customer, LostRequest
from tests.factories import StoreFactory, UserFactory
from tests.sales.factories import CustomerFactory

pytestmark = pytest.mark.django_db

T0 = datetime(2025, 3, 1, tzinfo=UTC)


@pytest.fixture(autouse=True)
def fresh_cache():
    compiled.clear()
    yield
    compiled.clear()


def _customers(store_ids, start, end, grade):
    return (
        Customer.objects.filter(
            store_id__in=store_ids, created_at__gte=start, created_at__lt=end, grade=grade
        )
        .values("store_id")
        .annotate(n=Count("pk"), first=TruncDate("created_at"))
        .order_by("store_id")
    )


def _customer(store, **fields):
    return CustomerFactory(consultant=UserFactory(stores=[store]), **fields)


def _make(store, when: datetime, grade: str = "A"):
    customer = _customer(store, grade=grade)
    Customer.objects.filter(pk=customer.pk).update(created_at=when)
    return customer


def test_rows_equal_the_orms_for_every_new_value():
    a, b, c = StoreFactory(), StoreFactory(), StoreFactory()
    for i, store in enumerate((a, b, c)):
        for d in range(i + 1):
            _make(store, T0 + timedelta(days=d))
    _make(a, T0 + timedelta(days=1), grade="B")
    cases = [
        ([a.pk], T0, T0 + timedelta(days=10), "A"),
        ([a.pk, b.pk], T0, T0 + timedelta(days=10), "A"),
        ([b.pk, c.pk], T0 + timedelta(days=1), T0 + timedelta(days=2), "A"),
        ([a.pk, b.pk], T0, T0 + timedelta(days=10), "B"),
        ([c.pk], T0 + timedelta(days=30), T0 + timedelta(days=40), "A"),
    ]
    for store_ids, start, end, grade in cases:
        expected = list(_customers(store_ids, start, end, grade))
        got = values_rows("test.customers", _customers, store_ids=store_ids, start=start,
                          end=end, grade=grade)  # fmt: skip
        assert got == expected
    # one compiled shape per list length, none left to the ORM
    assert compiled.compiled_shapes() == {
        ("test.customers", (("store_ids", 1),)): True,
        ("test.customers", (("store_ids", 2),)): True,
    }


def test_second_call_builds_no_queryset_and_sends_one_query():
    store = StoreFactory()
    _make(store, T0)
    built = []

    def build(store_ids, start, end, grade):
        built.append(1)
        return _customers(store_ids, start, end, grade)

    values = {"store_ids": [store.pk], "start": T0, "end": T0 + timedelta(days=1), "grade": "A"}
    values_rows("test.built", build, **values)
    with CaptureQueriesContext(connection) as queries:
        rows = values_rows("test.built", build, **values)
    assert len(built) == 1
    assert len(queries) == 1 and rows[0]["n"] == 1


def test_converters_apply_as_in_the_orm():
    """Avg of a decimal column and a date truncation come back typed."""
    store = StoreFactory()
    consultant = UserFactory(stores=[store])
    for price in ("150000", "160001"):
        LostRequest.objects.create(
            store=store,
            customer=_customer(store),
            reason="price",
            competitor_price=Decimal(price),
            requested_by=consultant,
            grade_before="B",
        )

    def build(store_id):
        return (
            LostRequest.objects.filter(store_id=store_id)
            .values("reason")
            .annotate(average=Avg("competitor_price"), on=TruncDate(F("requested_at")))
            .order_by()
        )

    expected = list(build(store.pk))
    got = values_rows("test.avg", build, store_id=store.pk)
    assert got == expected
    assert isinstance(got[0]["average"], Decimal) and isinstance(got[0]["on"], date)


def test_an_empty_list_sends_no_query_as_in_the_orm():
    with CaptureQueriesContext(connection) as queries:
        rows = values_rows("test.customers", _customers, store_ids=[], start=T0,
                           end=T0, grade="A")  # fmt: skip
    assert rows == [] and len(queries) == 0


def test_a_value_django_transforms_is_left_to_the_orm_with_the_same_rows(caplog):
    """A LIKE pattern does not reach the SQL as given: that shape is not
    compiled (logged) and the ORM answers instead."""
    store = StoreFactory()
    _customer(store, name="陈大文")
    _customer(store, name="李小龙")

    def build(store_id, name):
        return (
            Customer.objects.filter(Q(store_id=store_id) & Q(name__contains=name))
            .values("name")
            .order_by("name")
        )

    assert values_rows("test.like", build, store_id=store.pk, name="大") == [{"name": "陈大文"}]
    assert values_rows("test.like", build, store_id=store.pk, name="小") == [{"name": "李小龙"}]
    assert compiled.compiled_shapes() == {("test.like", ()): False}
    assert "test.like" in caplog.text


def test_only_values_querysets():
    with pytest.raises(TypeError):
        values_rows("test.models", lambda store_id: Customer.objects.filter(store_id=store_id),
                    store_id=1)  # fmt: skip


def test_booleans_belong_to_the_key():
    with pytest.raises(TypeError):
        values_rows("test.bool", _customers, store_ids=[1], start=T0, end=T0, grade=True)


def test_the_kpi_board_compiles_every_query():
    """The KPI board's grouped queries all run compiled (none left to the ORM)."""
    store = StoreFactory()
    kpi_board(store=store, day=date(2025, 3, 20))
    shapes = compiled.compiled_shapes()
    assert sum(1 for (key, _lengths) in shapes if key[0] == "dashboard.kpi_counts") == 7
    assert all(shapes.values())
