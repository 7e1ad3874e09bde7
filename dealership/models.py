"""The organisation (RULES.md ORG-1..5): stores, the people who work in them,
their roles, sales groups and chain of command; and the Celery heartbeat."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from dealership.rules import STAND_INS, Role, SalesGroup


class DealerGroup(models.Model):
    """A dealer group (经销商集团) that runs one or more stores (ORG-1)."""

    name = models.CharField(_("name"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("dealer group")
        verbose_name_plural = _("dealer groups")

    def __str__(self) -> str:
        return self.name


class Store(models.Model):
    """A 4S store (4S店). Every business record belongs to exactly one (ORG-1)."""

    dealer_group = models.ForeignKey(
        DealerGroup, on_delete=models.PROTECT, related_name="stores", verbose_name=_("dealer group")
    )
    code = models.SlugField(_("code"), max_length=20, unique=True)
    name = models.CharField(_("name"), max_length=100)
    brand = models.CharField(
        _("brand"), max_length=50, help_text=_("The make the store sells, used in messages.")
    )
    city = models.CharField(_("city"), max_length=50, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    time_zone = models.CharField(_("time zone"), max_length=50, default="Asia/Shanghai")
    is_active = models.BooleanField(_("active"), default=True)
    live_from = models.DateField(
        _("working with the system from"),
        null=True,
        blank=True,
        help_text=_(
            "The store's first day on this system: morning checks and daily logs of the days "
            "before it are not counted as missing. Empty: counted from the 1st of each month."
        ),
    )

    class Meta:
        verbose_name = _("store")
        verbose_name_plural = _("stores")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name

    def is_live_on(self, day: date) -> bool:
        """Whether the store works with the system on `day` (Store.live_from):
        checks charge nothing that fell due before."""
        return self.live_from is None or day >= self.live_from

    def counted_from(self, day: date) -> date:
        """The first day a record is expected of the store from `day` on: day,
        or the store's first day on the system if that is later."""
        return max(day, self.live_from) if self.live_from else day


class User(AbstractUser):
    """A person of the dealer group: login, roles (Django groups, ORG-2), the
    stores they work in (ORG-1), sales group (ORG-3), supervisor (ORG-4) and
    hire date (ORG-5)."""

    full_name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=20, blank=True)
    stores = models.ManyToManyField(
        Store, blank=True, related_name="staff", verbose_name=_("stores")
    )
    sales_group = models.CharField(
        _("sales group"), max_length=1, choices=SalesGroup.choices, blank=True
    )
    supervisor = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
        verbose_name=_("supervisor"),
        help_text=_("Chain of command for joint-liability points (ORG-4)."),
    )
    hire_date = models.DateField(_("hire date"), null=True, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(supervisor=models.F("pk")), name="user_not_own_supervisor"
            )
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return display_name_of(self.full_name, self.first_name, self.last_name, self.username)

    def has_role(self, *roles: str) -> bool:
        """True when the person holds any of the roles (ORG-2). Uses the groups
        prefetched by the navigation so a page asks the database once."""
        return bool(self.role_codes & set(roles))

    @property
    def role_codes(self) -> set[str]:
        """The roles the person holds: their own (Django groups) and, in the
        store the request works in, those they stand in for today (STAND_INS;
        the middleware gives a request's person `_working_store`)."""
        cached = getattr(self, "_role_codes", None)
        if cached is None:
            # set first: the store's lookup below may ask for roles again
            cached = self._role_codes = set(self.own_role_codes)
            if any(r in cached for r in STAND_INS.values()):
                cached |= self.stand_in_roles_in(getattr(self, "_working_store", None))
        return cached

    def stand_in_roles_in(self, store) -> set[str]:
        """The roles the person stands in for today in the store (STAND_INS),
        worked out once per store for this object."""
        if not store:
            return set()
        held = self.__dict__.setdefault("_stand_in_roles", {})
        if store.pk not in held:
            from dealership.selectors import stand_in_roles

            held[store.pk] = stand_in_roles(user=self, store=store)
        return held[store.pk]

    def has_role_in(self, store, *roles: str) -> bool:
        """has_role for an act in a given store: a role stood in for today
        (STAND_INS) counts only in the store it is held in, whichever store
        the request works in (and for a person signed in with an API token,
        whom no middleware told their store)."""
        wanted = set(roles)
        if self.own_role_codes & wanted:
            return True
        if not any(r in self.own_role_codes for r in STAND_INS.values()):
            return False
        return bool(self.stand_in_roles_in(store) & wanted)

    @property
    def own_role_codes(self) -> set[str]:
        """ORG-2: the roles of the person's Django groups."""
        cached = getattr(self, "_own_role_codes", None)
        if cached is None:
            from dealership.compiled import values_rows

            valid = set(Role.values)
            if self.pk is None:
                names = []
            elif "groups" in getattr(self, "_prefetched_objects_cache", {}):
                names = [g.name for g in self.groups.all()]
            else:  # on every page: compiled once (dealership.compiled)
                rows = values_rows("dealership.role_codes", _group_names, user_id=self.pk)
                names = [row["name"] for row in rows]
            cached = {name for name in names if name in valid}
            self._own_role_codes = cached
        return cached


def display_name_of(full_name: str, first_name: str, last_name: str, username: str) -> str:
    """How a person is named on pages: their full name, else first and last
    name, else the user name (also for rows read as values, without a User)."""
    return full_name or f"{first_name} {last_name}".strip() or username


def _group_names(user_id):
    return Group.objects.filter(user=user_id).values("name").order_by()


class Heartbeat(models.Model):
    """The last run of a periodic task, proving that beat → broker → worker
    works end to end (shown on the home page to administrators)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    last_run_at = models.DateTimeField(_("last run at"))
    runs = models.PositiveBigIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("heartbeat")
        verbose_name_plural = _("heartbeats")

    def __str__(self) -> str:
        return self.name


class StoreScopedQuerySet(models.QuerySet):
    """For every model with a `store` foreign key (ORG-1): a person sees only the
    records of the active stores they are assigned to."""

    def for_user(self, user) -> StoreScopedQuerySet:
        if user.is_superuser:
            return self
        return self.filter(store__in=user.stores.filter(is_active=True))

    def for_store(self, store) -> StoreScopedQuerySet:
        return self.filter(store=store)


def month_target_clean(target, person_field: str) -> None:
    """The clean() of a person's monthly target (RPT-KANBAN KpiTarget, INC-1/2
    IncentiveTarget): any day typed stands for its month (stored as the 1st),
    and ORG-1: the person works in the target's store."""
    if target.month:
        target.month = target.month.replace(day=1)
    person_in_store_clean(target, person_field)


def person_in_store_clean(record, person_field: str) -> None:
    """ORG-1, for a record's clean(): its person works in its store."""
    from django.core.exceptions import ValidationError

    person_id = getattr(record, f"{person_field}_id")
    if not person_id or not record.store_id:
        return
    if not User.objects.filter(pk=person_id, stores=record.store_id).exists():
        raise ValidationError({person_field: _("This person does not work in this store.")})


class DayOff(models.Model):
    """A person's rest day on the sales department's rota (轮休, seed: "按部门
    及各小组统一规定的轮休时间表，进行轮休值班"). The daily logs are owed on
    the days one works ("下班当天"): nobody is charged or reminded for a log
    on a rest day (RPT-CONSULTANT-LOG, RPT-MGR-LOG)."""

    store = models.ForeignKey(Store, on_delete=models.CASCADE, verbose_name=_("store"))
    person = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="days_off", verbose_name=_("person")
    )
    day = models.DateField(_("day"))
    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("entered by"),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    objects = StoreScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("rest day")
        verbose_name_plural = _("rest days (轮休)")
        ordering = ["-day", "person"]
        constraints = [
            models.UniqueConstraint(fields=["store", "person", "day"], name="day_off_once")
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.day:%Y-%m-%d}"

    def clean(self) -> None:
        person_in_store_clean(self, "person")


class Notification(models.Model):
    """An in-app reminder or alert for one person (the bell in the navigation).
    `key` makes sending idempotent: a scheduled check that runs twice
    notifies once."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    store = models.ForeignKey(
        Store, on_delete=models.CASCADE, null=True, blank=True, verbose_name=_("store")
    )
    key = models.CharField(_("key"), max_length=200)
    title = models.CharField(_("title"), max_length=200)
    # The title in every language of the site ({"zh-hans": ..., "en": ...}),
    # written when it is sent, so that each reader sees it in theirs; `title`
    # is the site's default language (and what older reminders have only).
    titles = models.JSONField(_("title in each language"), default=dict, blank=True)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "key"], name="notification_once_per_key")
        ]
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title

    @property
    def display_title(self) -> str:
        """The title in the reader's language when it was written in it."""
        return self.titles.get(get_language() or "", "") or self.title
