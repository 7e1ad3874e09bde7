"""Admin of the follow-ups: the cadence rules, first-service intervals and
reminder policies are configuration (RULES.md FU-*, [config]); tasks are for
inspection only (they change through the services)."""

from __future__ import annotations

from django.contrib import admin

from followups.models import FirstServiceInterval, Followup, FollowupPolicy, FollowupRule


@admin.register(FollowupRule)
class FollowupRuleAdmin(admin.ModelAdmin):
    list_display = [
        "code",
        "grade",
        "window_start_days",
        "window_end_days",
        "window_start_hours",
        "window_end_hours",
        "grace_hours",
        "missed_after_days",
        "late_rule_code",
        "missed_rule_code",
        "is_active",
    ]
    list_editable = [
        "window_start_days",
        "window_end_days",
        "grace_hours",
        "missed_after_days",
        "late_rule_code",
        "missed_rule_code",
        "is_active",
    ]
    readonly_fields = ["code"]

    def has_add_permission(self, request) -> bool:
        return False  # one row per rule ID, loaded by the migration

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # switch a rule off with "active" instead


@admin.register(FirstServiceInterval)
class FirstServiceIntervalAdmin(admin.ModelAdmin):
    list_display = ["model_name", "months", "km"]
    list_editable = ["months", "km"]
    search_fields = ["model_name"]


@admin.register(FollowupPolicy)
class FollowupPolicyAdmin(admin.ModelAdmin):
    list_display = ["store", "staff_sms_reminders", "reminder_hour", "care_lead_days"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("store")
        return qs if request.user.is_superuser else qs.filter(store__staff=request.user)


@admin.register(Followup)
class FollowupAdmin(admin.ModelAdmin):
    list_display = ["kind", "customer", "owner", "due_from", "due_by", "status", "completed_at"]
    list_filter = ["kind", "status", "store"]
    search_fields = ["customer__name", "customer__mobile", "owner__full_name", "slot"]
    date_hierarchy = "due_by"
    list_select_related = ["customer", "owner"]

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        return qs if request.user.is_superuser else qs.filter(store__staff=request.user)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
