from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InventoryConfig(AppConfig):
    """Vehicle stock (RULES.md STK, KEY, MNT):
    VINs, warehouses, inbound/outbound with PDI, keys, storage care.
    """

    name = "inventory"
    verbose_name = _("Vehicle stock")

    def ready(self) -> None:
        from dealership.sqlite_triggers import keep_sqlite_triggers
        from inventory.db_guards import SQLITE_TRIGGERS

        keep_sqlite_triggers(self, SQLITE_TRIGGERS)
