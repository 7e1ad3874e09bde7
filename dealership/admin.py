"""Admin pages for the organisation (ORG-1..5). A manager who is not a
superuser sees only the stores they are assigned to and the people in them."""

from __future__ import annotations

from celery import current_app
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_celery_beat.admin import PeriodicTaskAdmin as BasePeriodicTaskAdmin
from django_celery_beat.admin import PeriodicTaskForm
from django_celery_beat.models import PeriodicTask

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.models import DayOff, DealerGroup, Heartbeat, Store, User
from dealership.rules import GROUP_LEVEL_ROLES, GROUPED_ROLES, Role
from dealership.selectors import user_covers_every_store
from dealership.services import day_off_check, day_off_is_past, staff_validate_supervisor

admin.site.site_header = _("4S store sales operations")
admin.site.site_title = _("4S store sales operations")


class ScopedRelatedListFilter(admin.RelatedOnlyFieldListFilter):
    """ORG-1: a list filter on a store or a person offers only what the rows
    the manager may see refer to (never another store's people), and a store
    only among the manager's own (a person of two stores names the other)."""

    def field_choices(self, field, request, model_admin):
        used = (
            model_admin.get_queryset(request)
            .distinct()
            .values_list(f"{self.field_path}__pk", flat=True)
        )
        limit = Q(pk__in=used)
        if field.related_model is Store and not request.user.is_superuser:
            limit &= Q(pk__in=request.user.stores.values("pk"))
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(include_blank=False, limit_choices_to=limit, ordering=ordering)


class ScopedListFiltersMixin:
    """For someone who is not a superuser, every list filter on a related
    field (store, consultant, owner, ...) uses ScopedRelatedListFilter."""

    def get_list_filter(self, request):
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._scoped_filter(entry) for entry in filters]

    def _scoped_filter(self, entry):
        name = entry[0] if isinstance(entry, tuple) else entry
        if not isinstance(name, str) or "__" in name:
            return entry
        if isinstance(entry, tuple) and entry[1] is not admin.RelatedOnlyFieldListFilter:
            return entry
        if self.model._meta.get_field(name).is_relation:
            return (name, ScopedRelatedListFilter)
        return entry


class StoreScopedAdmin(ScopedListFiltersMixin, admin.ModelAdmin):
    """ORG-1: someone who is not a superuser sees the rows of their stores
    and adds or moves rows only to them (the store choices are theirs)."""

    store_field = "store"

    def get_queryset(self, request):
        qs = super().get_queryset(request)
        if request.user.is_superuser:
            return qs
        return qs.filter(**{f"{self.store_field}__in": request.user.stores.all()})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == self.store_field:
                kwargs["queryset"] = request.user.stores.all()
            elif db_field.related_model is User:  # a person of their stores
                kwargs["queryset"] = User.objects.filter(
                    stores__in=request.user.stores.all()
                ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class SharedCatalogueAdmin(admin.ModelAdmin):
    """ORG-1: a catalogue shared by every store (no store field). Read-only
    for a manager who does not hold every active store: one store of a group
    cannot change another's rules (user_covers_every_store)."""

    def _may_write(self, request) -> bool:
        cached = getattr(request, "_covers_every_store", None)
        if cached is None:
            cached = request._covers_every_store = user_covers_every_store(user=request.user)
        return cached

    def has_add_permission(self, request, *args) -> bool:
        return super().has_add_permission(request, *args) and self._may_write(request)

    def has_change_permission(self, request, obj=None) -> bool:
        return super().has_change_permission(request, obj) and self._may_write(request)

    def has_delete_permission(self, request, obj=None) -> bool:
        return super().has_delete_permission(request, obj) and self._may_write(request)


class KnownTaskForm(PeriodicTaskForm):
    """A schedule runs a task the workers know: a custom name that no
    worker has (a typo) would run nothing, every time, without a word."""

    def clean(self):
        data = super().clean()
        task = data.get("task")
        if task and task not in current_app.tasks:
            self.add_error("task", _("No worker knows a task of this name; choose one above."))
        return data


class RetiredNotDeletedAdmin(SharedCatalogueAdmin):
    """A catalogue row the records refer to (a checklist item of past runs, a
    care rule of past tasks) is taken out of use ("in use" unticked), not
    deleted, also by a superuser: history keeps what it was checked against."""

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class PeriodicTaskAdmin(SharedCatalogueAdmin, BasePeriodicTaskAdmin):
    """The beat schedules run every store's checks: like the shared
    catalogues, only someone who holds every active store (or a superuser)
    switches one off or changes it; a manager of one store of a group reads
    them."""

    form = KnownTaskForm

    def get_actions(self, request):
        # The package's enable/disable/toggle/run actions ask for no permission.
        return super().get_actions(request) if self._may_write(request) else {}


admin.site.unregister(PeriodicTask)
admin.site.register(PeriodicTask, PeriodicTaskAdmin)


@admin.register(DealerGroup)
class DealerGroupAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]


@admin.register(Store)
class StoreAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "brand", "city", "dealer_group", "is_active"]
    list_filter = ["dealer_group", "is_active"]
    search_fields = ["code", "name", "city"]

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("dealer_group")
        return qs if request.user.is_superuser else qs.filter(staff=request.user)


class StaffChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User

    def clean(self):
        """ORG-3: a consultant or group leader belongs to sales group A or B
        (LEAD-8 hands A's customers to B and B's to A)."""
        data = super().clean()
        roles = {g.name for g in data.get("groups") or []}
        if roles & GROUPED_ROLES and not data.get("sales_group"):
            self.add_error(
                "sales_group", _("A sales consultant or group leader belongs to group A or B.")
            )
        return data

    def clean_supervisor(self):
        supervisor = self.cleaned_data.get("supervisor")
        try:
            staff_validate_supervisor(user=self.instance, supervisor=supervisor)
        except DomainError as exc:
            raise ValidationError(exc.message, code=exc.code) from None
        return supervisor


@admin.register(User)
class StaffAdmin(ScopedListFiltersMixin, BaseUserAdmin):
    form = StaffChangeForm
    list_display = ["username", "full_name", "sales_group", "supervisor", "hire_date", "is_active"]
    list_filter = ["stores", "groups", "sales_group", "is_active"]
    search_fields = ["username", "full_name", "phone"]
    autocomplete_fields = ["supervisor"]
    filter_horizontal = ["stores", "groups", "user_permissions"]
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Person"), {"fields": ("full_name", "phone", "email", "hire_date")}),
        (
            _("Organisation"),
            {"fields": ("stores", "groups", "sales_group", "supervisor")},
        ),
        (
            _("Access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "user_permissions")},
        ),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )

    # ORG-1/2: what a manager who is not a superuser may not change: who is a
    # superuser or staff and the raw permissions (they come with the roles).
    MANAGER_READONLY = ("is_staff", "is_superuser", "user_permissions", "last_login", "date_joined")

    def get_queryset(self, request):
        qs = super().get_queryset(request).select_related("supervisor")
        if request.user.is_superuser:
            return qs
        # Their stores' people, never a superuser (whose password they could reset).
        mine = qs.filter(stores__in=request.user.stores.all(), is_superuser=False)
        return mine.distinct()

    def get_readonly_fields(self, request, obj=None):
        fields = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return fields
        return (*fields, *self.MANAGER_READONLY)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            if db_field.name == "stores":  # only to their own stores
                kwargs["queryset"] = request.user.stores.all()
            elif db_field.name == "groups":  # the store's roles, not the group office
                kwargs["queryset"] = Group.objects.filter(
                    name__in=[r for r in Role.values if r not in GROUP_LEVEL_ROLES]
                )
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "supervisor" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(
                stores__in=request.user.stores.all()
            ).distinct()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_related(self, request, form, formsets, change):
        """A manager edits the stores and roles they may grant; the person's
        other stores and roles (another store's, the group office) stay."""
        kept_stores = kept_groups = ()
        if change and not request.user.is_superuser:
            person = form.instance
            kept_stores = list(person.stores.exclude(pk__in=request.user.stores.all()))
            kept_groups = list(
                person.groups.exclude(pk__in=form.fields["groups"].queryset.values("pk"))
            )
        super().save_related(request, form, formsets, change)
        if kept_stores or kept_groups:
            form.instance.stores.add(*kept_stores)
            form.instance.groups.add(*kept_groups)


@admin.register(DayOff)
class DayOffAdmin(StoreScopedAdmin):
    """The sales department's rest-day rota (轮休): no daily log is owed on a
    rest day (RPT-CONSULTANT-LOG, RPT-MGR-LOG)."""

    list_display = ["day", "person", "store", "note", "created_by"]
    list_filter = ["store", "person"]
    date_hierarchy = "day"
    fields = ["store", "person", "day", "note"]
    list_select_related = ["person", "store", "created_by"]
    search_fields = ["person__full_name", "person__username"]

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    def get_form(self, request, obj=None, **kwargs):
        """The rota's rules (day_off_check) next to the fields they refuse."""
        base = super().get_form(request, obj, **kwargs)

        class RotaForm(base):
            def clean(self):
                data = super().clean()
                try:
                    day_off_check(
                        by=request.user,
                        store=data.get("store"),
                        person=data.get("person"),
                        day=data.get("day"),
                        before=obj,
                    )
                except DomainError as exc:
                    form_add_domain_error(self, exc)
                return data

        return RotaForm

    def has_delete_permission(self, request, obj=None) -> bool:
        if obj is not None and day_off_is_past(obj) and not request.user.is_superuser:
            return False  # a past rest day is kept as it was
        return super().has_delete_permission(request, obj)


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    list_display = ["name", "last_run_at", "runs"]
    readonly_fields = ["name", "last_run_at", "runs"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
