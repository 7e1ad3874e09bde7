from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    """Audit history (issue 9): who changed what, and when, on customers,
    orders, vehicles and the rules managers edit in the admin."""

    name = "dealership.audit"
    label = "audit"
    verbose_name = _("Audit history")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from simple_history.signals import pre_create_historical_record

        from dealership.audit.signals import summarise_change

        pre_create_historical_record.connect(summarise_change, dispatch_uid="audit-summary")
