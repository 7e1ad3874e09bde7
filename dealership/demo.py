"""The demo dealer group that `make run` loads (seed_demo): two stores, staff of
every role in groups A and B with their chain of command, and warehouses."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction

from dealership.models import DealerGroup, Store, User
from dealership.rules import Role
from dealership.services import roles_sync, staff_set_roles
from inventory.models import Warehouse
from inventory.rules import WarehouseKind

DEMO_GROUP = "溢田汽车集团"


@dataclass(frozen=True)
class DemoPerson:
    username: str
    full_name: str
    roles: tuple[Role, ...]
    supervisor: str | None = None
    sales_group: str = ""
    hire_date: date = date(2023, 3, 1)


STORES = [
    ("yj-gh", "广汽本田阳江溢田店", "广汽本田", "阳江"),
    ("mm-gh", "广汽本田茂名溢田店", "广汽本田", "茂名"),
]

# Staff of the first store: every role of ORG-2, groups A and B (ORG-3), and a
# chain consultant → supervisor → manager → GM office (ORG-4).
PEOPLE = [
    DemoPerson("gm", "周总", (Role.GM_OFFICE,), hire_date=date(2015, 6, 1)),
    DemoPerson("manager", "王经理", (Role.SALES_MANAGER, Role.TRAINING_SUPERVISOR), "gm"),
    DemoPerson("supervisor", "李主管", (Role.SALES_SUPERVISOR,), "manager"),
    DemoPerson("leader_a", "陈组长", (Role.GROUP_LEADER, Role.SALES_CONSULTANT), "supervisor", "A"),
    DemoPerson("consultant_a1", "刘晓明", (Role.SALES_CONSULTANT,), "supervisor", "A"),
    DemoPerson(
        "consultant_a2", "黄丽", (Role.SALES_CONSULTANT,), "supervisor", "A", date(2026, 8, 1)
    ),
    DemoPerson("leader_b", "林组长", (Role.GROUP_LEADER, Role.SALES_CONSULTANT), "supervisor", "B"),
    DemoPerson("consultant_b1", "张伟", (Role.SALES_CONSULTANT,), "supervisor", "B"),
    DemoPerson("consultant_b2", "吴芳", (Role.SALES_CONSULTANT,), "supervisor", "B"),
    DemoPerson("info", "赵信息", (Role.INFO_OFFICER,), "supervisor"),
    DemoPerson("dcc", "孙DCC", (Role.DCC,), "supervisor"),
    DemoPerson("marketing", "钱市场", (Role.MARKETING,), "manager"),
    DemoPerson("clerk", "郑库管", (Role.WAREHOUSE_CLERK,), "supervisor"),
    DemoPerson("affairs", "冯车务", (Role.VEHICLE_AFFAIRS,), "supervisor"),
    DemoPerson("finance", "何财务", (Role.FINANCE,), "gm"),
    DemoPerson("technician", "罗技师", (Role.TECHNICIAN,), "manager"),
    DemoPerson("admin_office", "梁行政", (Role.ADMINISTRATION,), "gm"),
]

WAREHOUSES = [
    ("main", "主库", WarehouseKind.MAIN, 120),
    ("offsite", "二号外租库", WarehouseKind.OFFSITE, 80),
    ("showroom", "展厅", WarehouseKind.SHOWROOM, 8),
    ("delivery", "交车区", WarehouseKind.DELIVERY, 6),
]


def demo_exists() -> bool:
    return Store.objects.filter(code=STORES[0][0]).exists()


@transaction.atomic
def demo_load(*, password: str) -> list[User]:
    """Load the demo once; the caller prints the password. Staff of the first
    store; the group's GM office also sees the second store."""
    roles_sync()
    dealer_group, _ = DealerGroup.objects.get_or_create(name=DEMO_GROUP)
    stores = [
        Store.objects.create(
            dealer_group=dealer_group, code=code, name=name, brand=brand, city=city
        )
        for code, name, brand, city in STORES
    ]
    for store in stores:
        Warehouse.objects.bulk_create(
            Warehouse(store=store, code=code, name=name, kind=kind, capacity=capacity)
            for code, name, kind, capacity in WAREHOUSES
        )
    users: dict[str, User] = {}
    for person in PEOPLE:
        user = User.objects.create_user(
            username=person.username,
            password=password,
            full_name=person.full_name,
            sales_group=person.sales_group,
            hire_date=person.hire_date,
            supervisor=users.get(person.supervisor) if person.supervisor else None,
            phone=f"1380000{len(users):04d}",
            is_staff=bool({Role.SALES_MANAGER, Role.GM_OFFICE} & set(person.roles)),
        )
        staff_set_roles(user=user, roles=[r.value for r in person.roles])
        user.stores.add(stores[0])
        users[person.username] = user
    users["gm"].stores.add(stores[1])
    _demo_sales(stores[0], users)
    _demo_stock(stores[0], users)
    _demo_desk(stores[0], users)
    return list(users.values())


DEMO_CUSTOMERS = [
    # name, title, mobile, consultant, channel, grade, days ago, model
    ("陈", "mr", "13922001001", "consultant_a1", "referral", "H", 1, "雅阁"),
    ("黄", "ms", "13922001002", "consultant_a1", "walk_in", "A", 5, "飞度"),
    ("李", "mr", "13922001003", "consultant_a2", "advertising", "B", 20, "皓影"),
    ("张", "ms", "13922001004", "consultant_b1", "walk_in", "C", 40, "型格"),
    ("吴", "mr", "13922001005", "consultant_b1", "referral", "B", 70, "雅阁"),
    ("郑", "mr", "13922001006", "consultant_b2", "event", "A", 100, "CR-V"),
]


def _demo_sales(store: Store, users: dict[str, User]) -> None:
    """Test cars, customers with visits and grades, and one order, written
    through the sales services as a consultant would."""
    from datetime import timedelta

    from django.utils import timezone

    from sales.models import Customer, TestCar
    from sales.rules import id_number_check_digit
    from sales.services import customer_change_grade, order_create, visit_log
    from sales.services.customers import NewCustomerData

    TestCar.objects.bulk_create(
        [
            TestCar(store=store, model_name="雅阁 锐·T动", plate="粤Q·S1001"),
            TestCar(store=store, model_name="皓影 e:PHEV", plate="粤Q·S1002"),
        ]
    )
    now = timezone.now()
    for name, title, mobile, who, channel, grade, days, model in DEMO_CUSTOMERS:
        consultant = users[who]
        started = now - timedelta(days=days, hours=2)
        visit = visit_log(
            store=store,
            by=consultant,
            consultant=consultant,
            kind="showroom",
            source_channel=channel,
            mobile=mobile,
            started_at=started,
            ended_at=started + timedelta(minutes=45),
            customer_data=NewCustomerData(
                name=name,
                title=title,
                appearance="中等身材，戴眼镜",
                family_background="已婚，一个孩子",
                social_background="本地企业职员",
                needs_and_budget="家用，预算15-25万",
                model_of_interest=model,
            ),
        )
        Customer.objects.filter(pk=visit.customer_id).update(
            created_at=started, assigned_at=started
        )
        customer_change_grade(
            customer=visit.customer, to_grade=grade, reason="首次接待后定级", by=consultant
        )
    buyer = Customer.objects.get(store=store, mobile="13922001001")
    order_create(
        customer=buyer,
        by=users["consultant_a1"],
        full_name="陈志强",
        mobile=buyer.mobile,
        address="阳江市江城区东风三路88号",
        id_number="44170219850612341" + id_number_check_digit("44170219850612341"),
        model_name="雅阁",
        colour="珍珠白",
        price="179800",
        deposit="10000",
    )


DEMO_STOCK = [
    # model, colour, warehouse code, days in stock (None: still in transit)
    ("雅阁", "珍珠白", "main", 12),
    ("雅阁", "星月银", "main", 45),
    ("雅阁", "曜石黑", "main", 75),
    ("飞度", "炫金橙", "main", 8),
    ("飞度", "珍珠白", "offsite", 100),
    ("皓影", "珍珠白", "main", 20),
    ("皓影", "曜石黑", "offsite", 65),
    ("型格", "星月银", "main", 33),
    ("CR-V", "珍珠白", "main", 5),
    ("雅阁", "珍珠白", None, None),
    ("皓影", "星月银", None, None),
    ("型格", "曜石黑", None, None),
]


def _demo_vin(serial: int) -> str:
    """A valid VIN (ISO 3779 check digit): GAC Honda's WMI, year R, plant H."""
    from inventory.rules import vin_check_digit

    draft = f"LHGCR2650RH{serial:06d}"
    return draft[:8] + vin_check_digit(draft) + draft[9:]


def _demo_stock(store: Store, users: dict[str, User]) -> None:
    """Cars in stock of several ages and warehouses and cars in transit,
    written through the inventory services as the clerk and the technician
    would (STK-IN-1..4), then dated back so the stock views show ages; the
    first 雅阁 is allocated to the demo order."""
    from datetime import timedelta

    from django.utils import timezone

    from inventory import services
    from inventory.models import InboundForm, Movement, PdiChecklistItem, Vehicle
    from inventory.rules import DocumentKind, PdiKind
    from sales.models import Order

    clerk, technician = users["clerk"], users["technician"]
    warehouses = {w.code: w for w in Warehouse.objects.filter(store=store)}
    checklist = [
        services.ItemResult(code=code, ok=True)
        for code in PdiChecklistItem.objects.filter(is_active=True).values_list("code", flat=True)
    ]
    now = timezone.now()
    for serial, (model, colour, warehouse, days) in enumerate(DEMO_STOCK, start=1):
        car = services.vehicle_register(
            store=store, vin=_demo_vin(800000 + serial), model_name=model, colour=colour, by=clerk
        )
        if warehouse is None:
            continue
        services.vehicle_arrive(vehicle=car, by=clerk)
        pdi = services.pdi_record(
            vehicle=car,
            kind=PdiKind.INBOUND,
            inspector=technician,
            results=checklist,
            by=technician,
        )
        services.pdi_verify(inspection=pdi, by=clerk)
        services.vehicle_receive(
            vehicle=car,
            warehouse=warehouses[warehouse],
            by=clerk,
            bay=f"{'AB'[serial % 2]}-{serial:02d}",
            keys=[
                services.KeyIn(number=f"K{serial:03d}-1", cabinet_slot=f"{serial}"),
                services.KeyIn(number=f"K{serial:03d}-2", is_spare=True, cabinet_slot=f"{serial}"),
            ],
            documents={kind: f"{kind.upper()}-{serial:04d}" for kind in DocumentKind.values},
        )
        back = now - timedelta(days=days)
        Vehicle.objects.filter(pk=car.pk).update(
            arrival_date=timezone.localdate(back), arrived_at=back
        )
        Movement.objects.filter(vehicle=car).update(at=back)
        InboundForm.objects.filter(vehicle=car).update(received_at=back)
    order = Order.objects.filter(store=store).order_by("pk").first()
    car = Vehicle.objects.filter(store=store, model_name="雅阁", state="in_stock").order_by("pk")
    services.vehicle_allocate(vehicle=car.first(), order=order, by=users["manager"])


def _demo_desk(store: Store, users: dict[str, User]) -> None:
    """SHW-DESK: this week's front-desk rota as the sales manager plans it,
    group A in the morning and group B in the afternoon."""
    from datetime import time, timedelta

    from dealership.timeutil import store_today
    from showroom.services import desk_shift_plan

    today = store_today(store)
    week = [today + timedelta(days=n) for n in range(7)]
    for starts, ends, group, first, second in (
        (time(8, 30), time(13, 0), "A", "consultant_a1", "consultant_a2"),
        (time(13, 0), time(18, 0), "B", "consultant_b1", "consultant_b2"),
    ):
        desk_shift_plan(
            store=store,
            days=week,
            starts_at=starts,
            ends_at=ends,
            sales_group=group,
            first=users[first],
            second=users[second],
            by=users["manager"],
        )


@transaction.atomic
def demo_reset_passwords(*, password: str) -> int:
    count = 0
    for user in User.objects.filter(username__in=[p.username for p in PEOPLE]):
        user.set_password(password)
        user.save(update_fields=["password"])
        count += 1
    return count
