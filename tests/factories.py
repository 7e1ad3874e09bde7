"""factory_boy factories shared by every app's tests."""

from __future__ import annotations

import factory
from django.contrib.auth.models import Group

from dealership.models import DealerGroup, Store, User
from inventory.models import Warehouse
from inventory.rules import WarehouseKind

TEST_PASSWORD = "correct-horse-battery-staple"


class DealerGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DealerGroup
        django_get_or_create = ("name",)

    name = "溢田汽车集团"


class StoreFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Store

    dealer_group = factory.SubFactory(DealerGroupFactory)
    code = factory.Sequence(lambda n: f"s{n}")
    name = factory.Sequence(lambda n: f"广汽本田测试{n}店")
    brand = "广汽本田"
    city = "阳江"


class WarehouseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Warehouse

    store = factory.SubFactory(StoreFactory)
    code = factory.Sequence(lambda n: f"w{n}")
    name = factory.Sequence(lambda n: f"仓库{n}")
    kind = WarehouseKind.MAIN


class UserFactory(factory.django.DjangoModelFactory):
    """A staff member. `roles=[...]` puts them in the role groups (ORG-2),
    `stores=[...]` assigns stores (ORG-1)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Sequence(lambda n: f"员工{n}")
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get_or_create(name=str(r))[0] for r in extracted))

    @factory.post_generation
    def stores(self, create, extracted, **kwargs):
        if create and extracted:
            self.stores.add(*extracted)
