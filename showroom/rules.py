"""Showroom rules (RULES.md section 5: SHW-DESK, SHW-GREET, SHW-DISPLAY,
SHW-TESTCAR, SHW-ENV): the kinds of checklist, the default items (the wording
of 展厅管理细则), who checks and who plans the front desk, and the times of the
morning run."""

from __future__ import annotations

from datetime import time

from django.db import models
from django.utils.translation import gettext_lazy as _

from dealership.rules import Role


class ChecklistKind(models.TextChoices):
    """What a checklist item is checked on: each display car (SHW-DISPLAY),
    each test-drive car (SHW-TESTCAR) or the showroom once (SHW-ENV, 5S)."""

    DISPLAY_CAR = "display_car", _("Display car")
    TEST_CAR = "test_car", _("Test-drive car")
    ENVIRONMENT = "environment", _("Environment and 5S")


# The penalty rule (scoring catalogue) a failed item of each kind raises: −1
# for the responsible person per failed item.
KIND_RULE_CODES: dict[str, str] = {
    ChecklistKind.DISPLAY_CAR: "SHW-DISPLAY",
    ChecklistKind.TEST_CAR: "SHW-TESTCAR",
    ChecklistKind.ENVIRONMENT: "SHW-ENV",
}


class CheckResult(models.TextChoices):
    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")


class DeskIncidentKind(models.TextChoices):
    """SHW-DESK / SHW-GREET findings a manager or supervisor records."""

    VACANCY = "vacancy", _("Front desk vacancy")
    UNATTENDED = "unattended", _("Customer arrived, nobody received them")
    GREETING = "greeting", _("Greeting or farewell not standard")


INCIDENT_RULE_CODES: dict[str, str] = {
    DeskIncidentKind.VACANCY: "SHW-DESK-VACANCY",  # group leader −5
    DeskIncidentKind.UNATTENDED: "SHW-DESK-UNATTENDED",  # standing consultants −10
    DeskIncidentKind.GREETING: "SHW-GREET",  # the person −1
}

# SHW-DISPLAY/TESTCAR/ENV: "checked by manager or supervisor" (检核人: 经理或主管).
CHECKER_ROLES = (Role.SALES_MANAGER, Role.SALES_SUPERVISOR)
# SHW-DESK: the rota is set by the sales manager; findings by manager or supervisor.
ROTA_PLANNER_ROLES = (Role.SALES_MANAGER,)
DESK_FINDING_ROLES = (Role.SALES_MANAGER, Role.SALES_SUPERVISOR)
# Who sees the checklist pages and failures (managers and the GM office).
RUN_VIEWER_ROLES = (Role.SALES_MANAGER, Role.SALES_SUPERVISOR, Role.GM_OFFICE)
# SHW-DESK: who may look at the live front-desk board.
BOARD_ROLES = (
    Role.SALES_CONSULTANT,
    Role.GROUP_LEADER,
    Role.SALES_MANAGER,
    Role.SALES_SUPERVISOR,
    Role.GM_OFFICE,
)
# SHW-DESK: two consultants stand at the front desk (前台必须保持有2个站岗).
DESK_STANDING = 2

# Daily before opening: the run is created at 07:30 (store time); it must be
# signed off by the store's time (SalesPolicy.morning_check_due_at), else the
# managers are told it is missing.
RUN_CREATE_AT = time(7, 30)


def is_checker(user) -> bool:
    return user.is_superuser or user.has_role(*CHECKER_ROLES)


# (code, kind, Chinese text of the seed, English text). Loaded by the data
# migration and showroom.services.checklist_defaults_install; admin-editable.
DEFAULT_CHECKLIST_ITEMS: list[tuple[str, str, str, str]] = [
    # SHW-DISPLAY (1)-(7), per display car
    ("display-in-place", ChecklistKind.DISPLAY_CAR,
     "展厅内展车是否到位，没有空缺（正在调车、洗车做PDI除外）",
     "Display car in place, no gap (except while being moved, washed or PDI'd)"),
    ("display-colours", ChecklistKind.DISPLAY_CAR,
     "展厅内展车颜色是否搭配得当及装饰件的管理",
     "Colours well combined, accessories managed"),
    ("display-clean", ChecklistKind.DISPLAY_CAR,
     "展厅内展车是否干净、整洁（机头、尾箱、地毯、内饰等）",
     "Clean and tidy: engine bay, boot, mats, interior"),
    ("display-restored", ChecklistKind.DISPLAY_CAR,
     "客人看完车后车内地毯、内饰等是否恢复到原位，座椅是否调整到展示位置",
     "After a viewing, mats and interior restored, seats back to display position"),
    ("display-waxed", ChecklistKind.DISPLAY_CAR, "展厅内展车是否打蜡", "Waxed"),
    ("display-cards", ChecklistKind.DISPLAY_CAR,
     "展厅内展车标示牌是否完整的贴上", "Display cards complete"),
    ("display-windows", ChecklistKind.DISPLAY_CAR,
     "展车前窗玻璃是否调下，后玻璃窗调下2/3，天窗调到通风位置",
     "Front windows down, rear windows 2/3 down, sunroof in vent position"),
    # SHW-TESTCAR (1)-(5) and no smoking, per test-drive car
    ("testcar-in-place", ChecklistKind.TEST_CAR,
     "是否按时将车开到指定位置摆放好", "At the designated place on time"),
    ("testcar-body", ChecklistKind.TEST_CAR,
     "车身是否整洁、干净、无划痕、擦伤；内铺地垫，外贴标牌",
     "Body clean, no scratches; floor mats in, plates and labels on"),
    ("testcar-interior", ChecklistKind.TEST_CAR,
     "车内是否干净、整洁（机头、尾箱）", "Interior, engine bay and boot clean"),
    ("testcar-registered", ChecklistKind.TEST_CAR,
     "顾客试车时，需先登记名字及驾照号码，严格执行试驾标准流程",
     "Drivers registered with name and licence before each drive (LEAD-6)"),
    ("testcar-condition", ChecklistKind.TEST_CAR,
     "检查车况是否良好（无故障灯、轮胎正常）", "Condition good: no warning lights, tyres fine"),
    ("testcar-fuel", ChecklistKind.TEST_CAR, "燃油是否充足", "Fuel sufficient"),
    ("testcar-battery", ChecklistKind.TEST_CAR, "电瓶是否有电", "Battery charged"),
    ("testcar-papers", ChecklistKind.TEST_CAR,
     "号牌齐全，行驶证、交强险及商业险在有效期内",
     "Plates on, registration and insurance dates valid"),
    ("testcar-no-smoking", ChecklistKind.TEST_CAR,
     "试驾车上严禁吸烟，定时使用空气清新剂，确保车内无异味",
     "No smoking in the car, air freshened, no odour"),
    # SHW-ENV (1)-(4) and 5S
    ("env-floor", ChecklistKind.ENVIRONMENT,
     "展厅内地面是否干净，无车痕及水渍、废纸、烟头",
     "Floor clean: no tyre marks, water, paper or cigarette ends"),
    ("env-tables", ChecklistKind.ENVIRONMENT,
     "洽谈桌面是否整洁，椅子是否摆放整齐", "Tables tidy, chairs aligned"),
    ("env-reception", ChecklistKind.ENVIRONMENT,
     "导购台面是否整洁、干净、无杂物", "Reception desk tidy and clear"),
    ("env-keys", ChecklistKind.ENVIRONMENT,
     "和仓管员交接好展车和试乘试驾车辆的钥匙，并做好顾客试乘试驾信息登记",
     "Keys of display and test cars handed over with the clerk; "
     "test-drive customers registered"),
    ("5s-brochures", ChecklistKind.ENVIRONMENT,
     "各型录架资料保持整洁、清洁", "Brochure racks tidy and clean"),
    ("5s-plants", ChecklistKind.ENVIRONMENT,
     "展厅绿化保持整洁无烟尘", "Plants tidy, no dust"),
    ("5s-stands", ChecklistKind.ENVIRONMENT,
     "展厅各广告架、墙、精品柜保持干净无烟尘",
     "Ad stands, walls and accessory cabinets clean, no dust"),
    ("5s-stairwell", ChecklistKind.ENVIRONMENT,
     "展厅及楼梯间保持整洁干净，无杂物", "Showroom and stairwell tidy, nothing left about"),
]  # fmt: skip

# SHW-TESTCAR / LEAD-6: a failure of these items makes the test car "not
# ready" for test drives until it is marked fixed (no fuel, battery flat,
# dirty, papers expired). The flag is admin-editable per item.
TEST_DRIVE_BLOCKING_ITEMS = frozenset(
    {
        "testcar-body",
        "testcar-interior",
        "testcar-condition",
        "testcar-fuel",
        "testcar-battery",
        "testcar-papers",
    }
)

# ORG-2: permissions of each role's group for the showroom admin.
_CONFIG = {
    "showroom.view_checklistitem",
    "showroom.change_checklistitem",
    "showroom.add_checklistitem",
    "showroom.view_showroomspot",
    "showroom.change_showroomspot",
    "showroom.add_showroomspot",
}
_INSPECT = {
    "showroom.view_checklistrun",
    "showroom.view_runcheck",
    "showroom.view_deskshift",
    "showroom.view_deskincident",
}
ROLE_PERMISSIONS: dict[str, set[str]] = {
    Role.SALES_MANAGER: _CONFIG | _INSPECT,
    Role.SALES_SUPERVISOR: {"showroom.view_checklistitem", "showroom.view_showroomspot"} | _INSPECT,
    Role.GM_OFFICE: _INSPECT,
}


# SHW-*: a failed item's photo, from a phone's camera (page and API alike).
PHOTO_EXTENSIONS = ("jpg", "jpeg", "png", "heic", "webp")
# The stored name keeps at most this much of the phone's file name, so that
# the path (store, day, name, a suffix against clashes) stays within the
# photo column's 100 characters whatever the phone called the file.
PHOTO_NAME_KEEP = 40
