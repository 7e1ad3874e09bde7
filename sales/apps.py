from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SalesConfig(AppConfig):
    """Customers and leads (RULES.md LEAD, DLV):
    reception log, grades, test drives, orders, deliveries, lost customers, reassignment.
    """

    name = "sales"
    verbose_name = _("Sales")
