"""Every write of the stock app (STK-*, KEY-*, MNT-*). Pages, the API, the
admin, tasks and other apps call these; each raises a DomainError with a code."""

from inventory.services.care import (  # noqa: F401
    care_task_complete,
    care_tasks_generate,
    spot_check_record,
    spot_checks_plan,
    storm_alert_end,
    storm_alert_raise,
)
from inventory.services.common import form_number_next, vehicle_transition  # noqa: F401
from inventory.services.defaults import stock_defaults_install  # noqa: F401
from inventory.services.inbound import (  # noqa: F401
    ItemResult,
    KeyIn,
    pdi_record,
    pdi_verify,
    vehicle_receive,
)
from inventory.services.keys import (  # noqa: F401
    key_issue,
    key_return,
    selection_request_create,
    selection_request_decide,
)
from inventory.services.outbound import (  # noqa: F401
    delivery_confirm,
    gate_pass_issue,
    payment_confirm,
    payment_of,
    release_slip_issue,
    vehicle_release,
)
from inventory.services.transfers import (  # noqa: F401
    dispatch_create,
    dispatch_release,
    dispatch_sign,
    transfer_complete,
    transfer_decide,
    transfer_request,
    transfer_start,
)
from inventory.services.vehicles import (  # noqa: F401
    vehicle_allocate,
    vehicle_arrive,
    vehicle_deallocate,
    vehicle_register,
    vehicle_repair_done,
    vehicle_sold_area_set,
)
