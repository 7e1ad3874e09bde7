"""Every write of the sales app (LEAD-*, DLV-*). Views, the API, tasks and
other apps call these; each raises a DomainError with a stable code."""

from sales.services.customers import (  # noqa: F401
    customer_change_grade,
    customer_update,
    sales_policy_for,
    sms_send,
    test_drive_finish,
    test_drive_register,
    visit_end,
    visit_log,
)
from sales.services.management import (  # noqa: F401
    customer_reassign,
    lost_decide,
    lost_request,
    spot_check_create,
    spot_check_record,
)
from sales.services.orders import (  # noqa: F401
    accessory_mark_installed,
    affairs_record,
    delivery_confirm_three_guarantee,
    delivery_create,
    delivery_mark_class_done,
    delivery_notify_class,
    loan_advance,
    loan_open,
    order_cancel,
    order_create,
)
