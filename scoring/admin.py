"""Admin of the scoring app: the rule catalogue is edited here (PTS-3, managers
change points without a deploy); the ledger and the reports are read-only
(PTS-1) and scoped to the person's stores (ORG-1)."""

from __future__ import annotations

from django.contrib import admin

from scoring.models import (
    CompetitorPrice,
    ConsultantDailyLog,
    ManagerDailyLog,
    MarketingEvent,
    MonthlyReport,
    PenaltyAppeal,
    PenaltyEntry,
    PenaltyRule,
    PenaltyRuleJoint,
    Training,
)


class PenaltyRuleJointInline(admin.TabularInline):
    model = PenaltyRuleJoint
    extra = 0


@admin.register(PenaltyRule)
class PenaltyRuleAdmin(admin.ModelAdmin):
    """PTS-3: code, description, points, joint roles and points, active dates."""

    list_display = ["code", "description_zh", "points", "is_manual", "active_from", "active_to"]
    list_filter = ["is_manual"]
    list_editable = ["points"]
    search_fields = ["code", "description_zh", "description_en"]
    inlines = [PenaltyRuleJointInline]


class ReadOnlyAdmin(admin.ModelAdmin):
    """Inspection only: nothing is added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StoreScopedAdmin(ReadOnlyAdmin):
    store_path = "store__in"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{self.store_path: request.user.stores.all()})


@admin.register(PenaltyEntry)
class PenaltyEntryAdmin(StoreScopedAdmin):
    """PTS-1: the ledger is append-only; corrections are reversing entries."""

    list_display = ["fact_date", "person", "rule", "points", "source", "recorded_by", "store"]
    list_filter = ["store", "rule", "source"]
    search_fields = ["person__full_name", "person__username", "rule__code", "fact_key"]
    date_hierarchy = "fact_date"
    list_select_related = ["person", "rule", "recorded_by", "store"]
    actions = None


@admin.register(PenaltyAppeal)
class PenaltyAppealAdmin(StoreScopedAdmin):
    store_path = "entry__store__in"
    list_display = ["entry", "filed_by", "status", "decided_by", "decided_at"]
    list_filter = ["status"]
    list_select_related = ["entry__rule", "entry__person", "filed_by", "decided_by"]


@admin.register(ConsultantDailyLog, ManagerDailyLog)
class DailyLogAdmin(StoreScopedAdmin):
    list_display = ["date", "author", "submitted_at", "store"]
    list_filter = ["store"]
    list_select_related = ["author", "store"]


@admin.register(MonthlyReport)
class MonthlyReportAdmin(StoreScopedAdmin):
    list_display = ["period", "kind", "author", "submitted_at", "store"]
    list_filter = ["kind", "store"]
    list_select_related = ["author", "store"]


@admin.register(Training)
class TrainingAdmin(StoreScopedAdmin):
    list_display = ["date", "topic", "trainer", "store"]
    list_select_related = ["trainer", "store"]


@admin.register(MarketingEvent)
class MarketingEventAdmin(StoreScopedAdmin):
    list_display = ["name", "end_date", "owner", "analysis_submitted_at", "store"]
    list_select_related = ["owner", "store"]


@admin.register(CompetitorPrice)
class CompetitorPriceAdmin(StoreScopedAdmin):
    list_display = ["week", "our_model", "competitor", "city", "discount_price", "store"]
    list_select_related = ["store"]
