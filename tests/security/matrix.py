"""The permission matrix (issue 9 part 3): who of the cast may open which URL,
and how each URL's kwargs are filled from a store's records. Read by
test_permission_matrix.py and test_csrf.py.

ACCESS says, per URL name, the method probed and who is let in:
- GET(...): the listed persons get 200 (or the status in `status=`), every
  other one 403 or 404, never 200 and never 500.
- POST(...): URLs that only take POST, probed with an empty form: the listed
  persons pass the view's gate (any answer but 403/404/405/5xx); `refused=`
  persons pass the gate but the service refuses them (302 with an error
  message; the role check lives in the service, nothing is written); every
  other one gets 403 or 404.
Anonymous: a page redirects to the login page, an API answers 401/403.

Built from the views' checks (sales/views/common.py sales_page/manager_page,
followups/views.py, inventory ACTION_ROLES, showroom RUN_VIEWER_ROLES /
BOARD_ROLES, scoring MANUAL_ENTRY_ROLES / APPEAL_DECIDER_ROLES /
INCENTIVE_ROLES, dashboard DASHBOARD_ROLES, each app's navigation.py) and
then run. `# FINDING:` marks an entry where the behaviour looks wrong and is
not a one-line fix in the view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.security.probe import Const, Obj, Person

# --- who ------------------------------------------------------------------------

GM, MANAGER, SUPERVISOR = "gm", "manager", "supervisor"
A, B = "consultant_a", "consultant_b"
FINANCE, CLERK = "finance", "clerk"
OTHER = "other_manager"  # the sales manager of the other store

# The named cast of tests/conftest.py in "here". (The world also has a
# marketing officer and a training supervisor, whom the scoring report pages
# are for; they write the world's records but are not probed: the matrix
# holds them to "nobody of the cast", tests/scoring covers their own use.)
HERE = frozenset({GM, MANAGER, SUPERVISOR, A, B, FINANCE, CLERK})
EVERYONE = HERE | {OTHER}
MGMT = frozenset({GM, MANAGER, SUPERVISOR})  # whole-store sales roles
SALES = MGMT | {A, B}  # sales.views.common.SALES_ROLES within the cast
OWNER = MGMT | {A}  # consultant_a's records: the owner and the store-wide roles
PERSONS = (*sorted(HERE), OTHER)


@dataclass(frozen=True)
class Access:
    method: str
    allowed: frozenset[str]
    status: dict[str, int] = field(default_factory=dict)
    refused: frozenset[str] = frozenset()
    public: bool = False


def GET(*groups, status: dict[str, int] | None = None, public: bool = False) -> Access:  # noqa: N802
    return Access("GET", _union(groups), status or {}, public=public)


def POST(*groups, refused=()) -> Access:  # noqa: N802
    return Access("POST", _union(groups), refused=_union((refused,)))


def _union(groups) -> frozenset[str]:
    out: set[str] = set()
    for g in groups:
        out |= {g} if isinstance(g, str) else set(g)
    return frozenset(out)


# --- the URL kwargs, filled from a store's records (one table) ---------------------
# "kwarg" alone, or "url name:kwarg" where a name means different records
# (pk, kind). A new URL with a known kwarg needs nothing new here.

KWARGS = {
    "store_id": Obj("store_row"),
    "customer_id": Obj("customer"),
    "sms_id": Obj("sms"),
    "visit_id": Obj("visit"),
    "drive_id": Obj("drive"),
    "order_id": Obj("order"),
    "case_id": Obj("loan"),
    "accessory_id": Obj("accessory"),
    "delivery_id": Obj("delivery"),
    "request_id": Obj("lost_request"),
    "item_id": Obj("spot_check_item"),
    "followup_id": Obj("followup"),
    "reconciliation_id": Obj("reconciliation"),
    "discrepancy_id": Obj("discrepancy"),
    "vin": Obj("vehicle", "vin"),
    "run_id": Obj("run"),
    "check_id": Obj("run_check"),
    "shift_id": Obj("shift"),
    "spot_id": Obj("spot"),
    "user_id": Person(A),
    "entry_id": Obj("entry"),
    "appeal_id": Obj("appeal"),
    "award_id": Obj("award"),
    "event_id": Obj("event"),
    "metric": Const("visits"),
    "fmt": Const("csv"),
    "board": Const("kpi"),
    "step": Const("start"),
    "as_role": Const("manager"),
    "decision": Const("approve"),
    "inventory:pdi:kind": Const("predelivery"),
    "inventory:pdi_verify:pk": Obj("inspection"),
    "inventory:print_pdi:pk": Obj("inspection"),
    "inventory:print_form:kind": Const("payment"),
    "inventory:print_form:number": Obj("payment", "number"),
    "inventory:transfer_step:vin": Obj("transfer_car", "vin"),
    "inventory:dispatch_for_vehicle:vin": Obj("dispatch_car", "vin"),
    "inventory:dispatch:pk": Obj("dispatch"),
    "inventory:dispatch_sign:pk": Obj("dispatch"),
    "inventory:dispatch_release:pk": Obj("dispatch"),
    "inventory:key_return:pk": Obj("key_log"),
    "inventory:transfer_decide:pk": Obj("transfer"),
    "inventory:selection_decide:pk": Obj("selection"),
    "inventory:care_done:pk": Obj("care_task"),
    "inventory:storm_end:pk": Obj("storm"),
    "inventory:spot_check:pk": Obj("stock_spot_check"),
    "scoring:monthly_report:kind": Const("manager"),
    "api-customer:pk": Obj("customer"),
    "api-customer-grade:pk": Obj("customer"),
    "api-order-cancel:pk": Obj("order"),
    "api-visit-end:pk": Obj("visit"),
    "api-followup-complete:pk": Obj("followup"),
    "api-penalty-detail:pk": Obj("entry"),
}

# --- the matrix -------------------------------------------------------------------

ACCESS: dict[str, Access] = {
    # dealership: home, notifications, organisation (ORG-1)
    "home": GET(EVERYONE),
    "health": GET(EVERYONE, public=True),  # load balancer probe: status only, no data
    "notifications": GET(EVERYONE),
    "org:store_list": GET(MGMT, OTHER),
    "org:store_detail": GET(MGMT),
    "org:store_switch": POST(EVERYONE),
    "logout": POST(EVERYONE),
    "password_change": GET(EVERYONE),
    "password_change_done": GET(EVERYONE),
    # sales: lists of the person's own store
    "sales:customer_list": GET(SALES, OTHER),
    "sales:visit_new": GET(SALES, OTHER),
    "sales:day_view": GET(SALES, OTHER),
    "sales:visit_end": POST(OWNER),
    "sales:customer_lookup": GET(SALES, OTHER),
    "sales:order_list": GET(SALES, OTHER),
    "sales:delivery_list": GET(SALES, OTHER),
    # sales: consultant_a's records (LEAD-*, DLV-*)
    "sales:sms_send": POST(OWNER),
    "sales:customer_detail": GET(OWNER),
    "sales:customer_edit": GET(OWNER),
    "sales:customer_grade": POST(OWNER),
    "sales:test_drive_new": POST(OWNER),
    "sales:test_drive_finish": POST(OWNER),
    "sales:lost_request": GET(OWNER),
    "sales:order_new": GET(OWNER),
    "sales:order_detail": GET(OWNER),
    "sales:order_cancel": POST(OWNER),
    "sales:loan_open": POST(OWNER),
    "sales:loan_advance": POST(OWNER),
    "sales:affairs_record": POST(OWNER),
    "sales:accessory_installed": POST(OWNER),
    # DLV-AFFAIRS desk: AFFAIRS_ROLES (the GM office is not among them)
    "sales:affairs_desk": GET(MANAGER, SUPERVISOR, A, B, OTHER),
    "sales:affairs_desk_record": POST(MANAGER, SUPERVISOR, A),
    # DLV-LOAN follow-up: LOAN_TRACKER_ROLES
    "sales:loan_list": GET(MANAGER, SUPERVISOR, OTHER),
    "sales:loan_list_advance": POST(MANAGER, SUPERVISOR),
    "sales:delivery_detail": GET(OWNER),
    "sales:delivery_class": POST(OWNER),
    "sales:delivery_print": GET(OWNER),
    # sales: the managers' pages (LEAD-8..11)
    "sales:lost_list": GET(MGMT, OTHER),
    "sales:lost_decide": POST(MGMT),
    "sales:reassign": GET(MGMT, OTHER),
    "sales:spot_check": GET(MGMT, OTHER),
    "sales:spot_check_record": POST(MGMT),
    # follow-ups (FU-*)
    "followups:today": GET(SALES, OTHER),
    "followups:complete": POST(OWNER),
    "followups:compliance": GET(MGMT, OTHER),
    "followups:dms": GET(MGMT, OTHER),
    "followups:dms_detail": GET(MGMT),
    # the empty form is refused before the service's reconciler check (403 for
    # the GM office on a valid form, tests/followups/test_dms.py)
    "followups:dms_discrepancy_add": POST(MGMT),
    # the GM office looks at DMS reconciliations but does not reconcile (403)
    "followups:dms_discrepancy_remove": POST(MANAGER, SUPERVISOR),
    "followups:dms_complete": POST(MANAGER, SUPERVISOR),
    # inventory: lists and pages of the person's stores (ORG-1)
    "inventory:scan": GET(EVERYONE),
    "inventory:vehicle_list": GET(EVERYONE),
    "inventory:register": GET(CLERK, MANAGER, GM, OTHER),
    "inventory:keys": GET(EVERYONE),
    "inventory:stock": GET(EVERYONE),
    "inventory:approvals": GET(MANAGER, GM, OTHER),
    "inventory:selection_requests": GET(EVERYONE),
    "inventory:payments": GET(FINANCE),
    "inventory:care": GET(EVERYONE),
    "inventory:storm": GET(MANAGER, GM, OTHER),
    "inventory:spot_checks": GET(CLERK),
    # inventory: one car of the store, its forms and steps (STK-*, KEY-*)
    # FINDING: store-wide by design (ORG-1), but a sold car's page and its
    # printed forms name the buyer: consultant_b, finance and the clerk read the
    # name of consultant_a's customer, which the sales pages hide from
    # consultant_b (test_stock_pages_name_another_consultants_customer).
    "inventory:vehicle_detail": GET(HERE),
    "inventory:pdi": GET(CLERK, A, B),
    "inventory:receive": GET(CLERK),
    "inventory:payment": GET(FINANCE),
    # fixed: the form opened for everyone of the store (the service refused
    # the signature); now require_action("delivery_confirm") in the view.
    # FINDING: any consultant of the store, not only the order's, may record
    # the customer's signature (STK-OUT-3 names "the consultant").
    "inventory:delivery_confirmation": GET(A, B, SUPERVISOR),
    "inventory:transfer": GET(CLERK),
    "inventory:key_issue": GET(CLERK),
    "inventory:selection_request": GET(A, B),
    "inventory:allocate": GET(CLERK, MANAGER, SUPERVISOR),
    "inventory:sold_area": GET(CLERK, A, B),
    "inventory:dispatch_create": GET(CLERK),
    "inventory:dispatch_for_vehicle": GET(HERE, status=dict.fromkeys(HERE, 302)),
    "inventory:dispatch": GET(HERE),
    "inventory:key_return": GET(CLERK),
    "inventory:spot_check": GET(CLERK),
    "inventory:print_pdi": GET(HERE),
    "inventory:print_form": GET(HERE),
    # inventory one-button steps: the view lets the store in, the service checks
    # the role (ROLE_REQUIRED, a message and a redirect, nothing written)
    "inventory:pdi_verify": POST(CLERK, refused=HERE - {CLERK}),
    "inventory:release_slip": POST(FINANCE, refused=HERE - {FINANCE}),
    "inventory:gate_pass": POST(CLERK, FINANCE, refused=HERE - {CLERK, FINANCE}),
    "inventory:release": POST(CLERK, refused=HERE - {CLERK}),
    "inventory:transfer_step": POST(CLERK, refused=HERE - {CLERK}),
    "inventory:arrive": POST(CLERK, refused=HERE - {CLERK}),
    "inventory:deallocate": POST(
        CLERK, MANAGER, SUPERVISOR, refused=HERE - {CLERK, MANAGER, SUPERVISOR}
    ),
    "inventory:repair_done": POST(CLERK, refused=HERE - {CLERK}),
    "inventory:dispatch_sign": POST(CLERK, MANAGER, GM, refused=HERE - {CLERK, MANAGER, GM}),
    "inventory:dispatch_release": POST(CLERK, refused=HERE - {CLERK}),
    "inventory:transfer_decide": POST(MANAGER, GM, refused=HERE - {MANAGER, GM}),
    "inventory:selection_decide": POST(MANAGER, GM, refused=HERE - {MANAGER, GM}),
    "inventory:care_done": POST(CLERK, refused=HERE - {CLERK}),
    "inventory:storm_end": POST(MANAGER, GM, refused=HERE - {MANAGER, GM}),
    # showroom (SHW-*)
    "showroom:run_list": GET(MGMT, OTHER),
    "showroom:run_start": POST(MGMT, OTHER),
    "showroom:run_detail": GET(MGMT),
    "showroom:run_sign_off": POST(MANAGER, SUPERVISOR, refused={GM}),
    "showroom:check_record": POST(MGMT),
    "showroom:check_fix": POST(MGMT),
    "showroom:desk_board": GET(SALES, OTHER),
    "showroom:desk_plan": GET(MGMT, OTHER),
    "showroom:desk_shift_delete": POST(MGMT),
    "showroom:desk_incidents": GET(MGMT, OTHER),
    "showroom:spot_list": GET(MGMT, OTHER),
    "showroom:spot_place": POST(MGMT),
    "showroom:spot_remove": POST(MGMT),
    # scoring: points (PTS-3, PTS-5) and incentives (INC-*)
    "scoring:statement": GET(MGMT, OTHER, status=dict.fromkeys(HERE - MGMT, 302)),
    "scoring:statement_export": GET(MGMT, OTHER),
    "scoring:person_entries": GET(OWNER),
    "scoring:entry_create": GET(MGMT, OTHER),
    # fixed: managers opened the appeal form of someone else's entry (the
    # service refused NOT_OWN_ENTRY); now only the entry's person.
    "scoring:appeal_create": GET(A),
    "scoring:entry_correct": GET(MANAGER, GM),
    "scoring:appeal_list": GET(MANAGER, GM, OTHER),
    "scoring:appeal_decide": GET(MANAGER, GM),
    "scoring:incentives": GET(MANAGER, GM, OTHER),
    "scoring:certificate": GET(A, MANAGER, GM),
    # scoring: reports (RPT-*, TRN-4)
    "scoring:report_home": GET(EVERYONE),
    "scoring:consultant_log": GET(A, B),
    "scoring:manager_log": GET(MANAGER, OTHER),
    "scoring:monthly_report": GET(MANAGER, OTHER),
    # the training supervisor's and marketing's pages: none of the cast
    "scoring:trainings": GET(),
    "scoring:events": GET(),
    "scoring:event_analysis": GET(),
    "scoring:competitor_prices": GET(),
    # dashboards (issue 8): store-wide roles of the store
    "dashboard:kpi": GET(MGMT, OTHER),
    "dashboard:wall": GET(MGMT, OTHER),
    "dashboard:funnel": GET(MGMT, OTHER),
    "dashboard:stock": GET(MGMT, OTHER),
    "dashboard:order_plan": POST(MGMT, OTHER),
    "dashboard:compliance": GET(MGMT, OTHER),
    "dashboard:lost": GET(MGMT, OTHER),
    "dashboard:group": GET(MGMT, OTHER),
    "dashboard:records": GET(MGMT, OTHER),
    "dashboard:records_export": GET(MGMT, OTHER),
    "dashboard:export": GET(MGMT, OTHER),
    # API: sales
    "api-customers": GET(SALES, OTHER),
    "api-customer": GET(OWNER),
    "api-customer-grade": POST(OWNER),
    "api-visits": GET(SALES, OTHER),
    "api-visit-end": POST(OWNER),
    "api-test-drives": GET(SALES, OTHER),
    "api-orders": GET(SALES, OTHER),
    "api-order-cancel": POST(OWNER),
    # API: follow-ups, vehicles (the body is validated before the service
    # checks the role: an empty body is 400 for anyone of the store)
    "api-followup-list": GET(EVERYONE),
    "api-followup-complete": POST(OWNER),
    "vehicle-list": GET(EVERYONE),
    "vehicle-detail": GET(HERE),
    "vehicle-inbound": POST(HERE),
    "vehicle-key-issue": POST(HERE),
    "vehicle-key-return": POST(HERE),
    "vehicle-outbound": POST(CLERK),  # no body: the service's role check answers
    "vehicle-transfer": POST(HERE),
    # API: showroom, points
    "api-showroom-run-today": GET(MGMT, OTHER),
    "api-showroom-run-sign-off": POST(MANAGER, SUPERVISOR),
    "api-showroom-check-record": POST(MGMT),
    "api-showroom-check-fix": POST(MANAGER, SUPERVISOR),  # no body: the service answers
    "api-showroom-test-cars-not-ready": GET(SALES, OTHER),
    "api-showroom-desk": GET(SALES, OTHER),
    "api-penalty-list": GET(EVERYONE),
    "api-penalty-detail": GET(OWNER),
}
