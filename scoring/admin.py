"""Admin of the scoring app: the rule catalogue is edited here (PTS-3, managers
change points without a deploy); the ledger and the reports are read-only
(PTS-1) and scoped to the person's stores (ORG-1)."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Q

from dealership.admin import RetiredNotDeletedAdmin, ScopedListFiltersMixin
from dealership.admin import StoreScopedAdmin as StoreConfigAdmin
from dealership.selectors import person_in_store
from scoring.models import (
    CompetitorPrice,
    ConsultantDailyLog,
    IncentiveAward,
    IncentivePolicy,
    IncentiveTarget,
    ManagerDailyLog,
    MarketingEvent,
    MonthlyReport,
    PenaltyAppeal,
    PenaltyEntry,
    PenaltyRule,
    PenaltyRuleJoint,
    PromotionCampaign,
    ReportDeadline,
    Training,
)


class PenaltyRuleJointInline(admin.TabularInline):
    model = PenaltyRuleJoint
    extra = 0


@admin.register(PenaltyRule)
class PenaltyRuleAdmin(RetiredNotDeletedAdmin):
    """PTS-3: code, description, points, joint roles and points, active dates.
    Not deleted: the ledger refers to it; end it with "active to" instead."""

    list_display = ["code", "description_zh", "points", "is_manual", "active_from", "active_to"]
    list_filter = ["is_manual"]
    list_editable = ["points"]
    search_fields = ["code", "description_zh", "description_en"]
    inlines = [PenaltyRuleJointInline]

    def get_readonly_fields(self, request, obj=None):
        # The checks and the follow-up rules find a rule by its code: a rule
        # keeps it (a new code is a new rule).
        fields = super().get_readonly_fields(request, obj)
        return (*fields, "code") if obj is not None else fields


class ReadOnlyAdmin(admin.ModelAdmin):
    """Inspection only: nothing is added, changed or deleted here."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class StoreScopedAdmin(ScopedListFiltersMixin, ReadOnlyAdmin):
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


def _own_store(user, store_id: int | None) -> bool:
    return store_id is not None and person_in_store(person=user, store_id=store_id)


@admin.register(ReportDeadline)
class ReportDeadlineAdmin(ScopedListFiltersMixin, admin.ModelAdmin):
    """RPT-*: deadlines and reminders; a row without a store is the default
    of every store, a store's own row overrides it."""

    list_display = [
        "kind",
        "store",
        "at",
        "day",
        "not_done_after_days",
        "remind_minutes_before",
        "remind_days_before",
        "target_count",
    ]
    list_filter = ["kind", "store"]

    def get_queryset(self, request):
        """The defaults and the rows of the person's own stores (ORG-1)."""
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(Q(store__isnull=True) | Q(store__in=request.user.stores.all()))

    def has_change_permission(self, request, obj=None):
        """The all-stores default is changed by the group's administrator; a
        store's manager adds and changes their own store's rows (ORG-1)."""
        user = request.user
        if obj is not None and not user.is_superuser and not _own_store(user, obj.store_id):
            return False
        return super().has_change_permission(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "store" and not request.user.is_superuser:
            kwargs["queryset"] = request.user.stores.all()
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(IncentivePolicy)
class IncentivePolicyAdmin(StoreConfigAdmin):
    """INC-1..3: reward amounts and default targets per store."""

    list_display = [
        "store",
        "sales_champion_reward",
        "accessories_champion_reward",
        "annual_champion_reward",
        "monthly_order_target",
        "monthly_accessories_target",
        "annual_invoiced_target",
    ]


@admin.register(IncentiveTarget)
class IncentiveTargetAdmin(StoreConfigAdmin):
    """INC-1/INC-2: a consultant's own targets of a month."""

    list_display = ["month", "person", "orders", "accessories", "store"]
    list_filter = ["store", "month"]
    list_select_related = ["person", "store"]


@admin.register(PromotionCampaign)
class PromotionCampaignAdmin(StoreConfigAdmin):
    """INC-4: a store's promotion campaigns and their reward per car."""

    list_display = [
        "name",
        "starts_on",
        "ends_on",
        "basis",
        "model_name",
        "reward_per_car",
        "store",
    ]
    list_filter = ["store", "basis"]
    list_select_related = ["store"]
    search_fields = ["name", "model_name"]


@admin.register(IncentiveAward)
class IncentiveAwardAdmin(StoreScopedAdmin):
    """INC-1..3: confirmed awards, read-only (confirmed on the incentives page)."""

    list_display = ["period", "kind", "person", "figure", "amount", "confirmed_by", "store"]
    list_filter = ["kind", "store"]
    list_select_related = ["person", "confirmed_by", "store"]
