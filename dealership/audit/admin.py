"""The audit history in the admin: read-only lists per audited model, with
who, when, what kind of change and which fields changed."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from dealership.audit.models import AUDITED


class HistoryAdmin(admin.ModelAdmin):
    list_display = ("history_date", "history_user", "history_type", "object_label", "changes")
    list_filter = ("history_type", "history_date", "history_user")
    list_select_related = ("history_user",)
    date_hierarchy = "history_date"
    list_per_page = 100

    @admin.display(description=_("object"))
    def object_label(self, record) -> str:
        return f"#{record.id} {record.instance}"

    @admin.display(description=_("changes"))
    def changes(self, record) -> str:
        return record.history_change_reason or ""

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


for _model in AUDITED:
    admin.site.register(_model.audit_history.model, HistoryAdmin)
