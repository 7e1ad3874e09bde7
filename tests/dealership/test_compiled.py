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
from dealership.compiled import model_rows, values_rows, whole
from dealership.dashboard import selectors
from dealership.models import Store
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
        ("test.customers", (("store_ids", 1),), "Asia/Shanghai"): True,
        ("test.customers", (("store_ids", 2),), "Asia/Shanghai"): True,
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
    assert compiled.compiled_shapes() == {("test.like", (), "Asia/Shanghai"): False}
    assert "test.like" in caplog.text


def test_whole_gives_the_aggregate_of_every_row_even_of_none():
    store = StoreFactory()
    _make(store, T0)
    _make(store, T0 + timedelta(days=1), grade="B")

    def build(store_id):
        return whole(Customer.objects.filter(store_id=store_id)).annotate(
            n=Count("pk"), b=Count("pk", filter=Q(grade="B"))
        )

    assert values_rows("test.whole", build, store_id=store.pk) == [{"_whole": 1, "n": 2, "b": 1}]
    assert values_rows("test.whole", build, store_id=store.pk + 1000) == [
        {"_whole": 1, "n": 0, "b": 0}
    ]


def test_the_shape_follows_the_time_zone(settings):
    """A date truncation compiled in one time zone is not reused in another."""
    store = StoreFactory()
    _make(store, datetime(2025, 3, 1, 20, 0, tzinfo=UTC))  # 03-02 04:00 in Shanghai

    def build(store_id):
        return (
            Customer.objects.filter(store_id=store_id)
            .annotate(on=TruncDate("created_at"))
            .values("on")
            .order_by()
        )

    assert values_rows("test.tz", build, store_id=store.pk) == [{"on": date(2025, 3, 2)}]
    settings.TIME_ZONE = "UTC"
    assert values_rows("test.tz", build, store_id=store.pk) == [{"on": date(2025, 3, 1)}]


def test_a_none_value_is_the_orms_and_not_cached():
    store = StoreFactory()
    _make(store, T0)

    def build(store_id):
        return Customer.objects.filter(store_id=store_id).values("store_id").order_by()

    assert values_rows("test.none", build, store_id=None) == []
    assert compiled.compiled_shapes() == {}
    assert values_rows("test.none", build, store_id=store.pk) == [{"store_id": store.pk}]
    assert all(compiled.compiled_shapes().values())


def test_model_rows_are_the_orms_instances():
    a, b = StoreFactory(), StoreFactory()

    def build(store_ids):
        return Store.objects.filter(pk__in=store_ids).order_by("-code")

    rows = model_rows("test.stores", build, store_ids=[a.pk, b.pk])
    assert rows == list(build([a.pk, b.pk]))
    assert [(s.code, s.name, s.dealer_group_id) for s in rows] == [
        (s.code, s.name, s.dealer_group_id) for s in build([a.pk, b.pk])
    ]
    assert not rows[0]._state.adding and rows[0]._state.db == "default"
    with pytest.raises(TypeError):
        model_rows("test.related", lambda: Store.objects.select_related("dealer_group"))


def test_the_cache_is_bounded(monkeypatch):
    monkeypatch.setattr(compiled, "MAX_SHAPES", 3)
    store = StoreFactory()

    def build(ids):
        return Store.objects.filter(pk__in=ids).values("pk").order_by()

    for n in range(1, 6):
        assert values_rows("test.bounded", build, ids=[store.pk] * n) == [{"pk": store.pk}]
        assert len(compiled.compiled_shapes()) <= 3


def test_only_values_querysets():
    with pytest.raises(TypeError):
        values_rows("test.models", lambda store_id: Customer.objects.filter(store_id=store_id),
                    store_id=1)  # fmt: skip


def test_booleans_belong_to_the_key():
    with pytest.raises(TypeError):
        values_rows("test.bool", _customers, store_ids=[1], start=T0, end=T0, grade=True)


def test_the_boards_compile_every_query_they_send_compiled(caplog):
    """Every board's compiled queries really run compiled: none is left to
    the ORM because a value did not reach its SQL."""
    store = StoreFactory()
    day = date(2025, 3, 20)
    selectors.kpi_board(store=store, day=day)
    selectors.kpi_group_view(stores=[store], day=day)
    selectors.funnel_for_month(store=store, day=day)
    selectors.daily_series(store=store, day=day)
    selectors.stock_board(store=store, day=day)
    selectors.compliance_board(store=store, day=day)
    analysis = selectors.lost_analysis(store=store, day=day)
    selectors.LostLines(store=store, day=day, total=analysis.total)[0:100]
    selectors.lost_analysis_report_get(store=store, month=day)
    shapes = compiled.compiled_shapes()
    assert sum(1 for (key, *_rest) in shapes if key[0] == "dashboard.kpi_counts") == 14
    assert len(shapes) > 30
    assert [shape for shape, done in shapes.items() if not done] == []
    assert "evaluated by the ORM" not in caplog.text
