"""Writes of the organisation (ORG-1..5) and of the Celery heartbeat."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import DayOff, Heartbeat, Store, User
from dealership.rules import Role, all_role_permissions
from dealership.selectors import user_works_in_store
from dealership.timeutil import store_today


@transaction.atomic
def roles_sync() -> dict[str, int]:
    """ORG-2: create one Django group per role and give it the permissions
    that dealership and every app's rules.ROLE_PERMISSIONS name. Safe to run
    again (after every migrate); permissions added by hand in the admin stay."""
    counts: dict[str, int] = {}
    for role in Role:
        group, _created = Group.objects.get_or_create(name=role.value)
        wanted = all_role_permissions().get(role, set())
        perms = _permissions_named(wanted)
        group.permissions.add(*perms)
        counts[role.value] = len(perms)
    return counts


def _permissions_named(names: set[str]) -> list[Permission]:
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
    }
    missing = sorted(n for n in names if n not in by_name)
    if missing:
        raise DomainError("UNKNOWN_PERMISSION", f"Unknown permissions: {', '.join(missing)}")
    return [by_name[n] for n in sorted(names)]


def staff_validate_supervisor(*, user: User, supervisor: User | None) -> None:
    """ORG-4: the chain of command has no loops (nobody supervises themself,
    directly or through others)."""
    current = supervisor
    while current is not None:
        if user.pk is not None and current.pk == user.pk:
            raise DomainError(
                "SUPERVISOR_LOOP",
                _("This supervisor would make the chain of command go round in a circle."),
                field="supervisor",
            )
        current = current.supervisor


@transaction.atomic
def staff_set_roles(*, user: User, roles: list[str]) -> None:
    """ORG-2: replace the person's roles (their role groups); other groups stay."""
    role_groups = Group.objects.filter(name__in=Role.values)
    user.groups.remove(*role_groups)
    user.groups.add(*Group.objects.filter(name__in=roles))
    user.__dict__.pop("_role_codes", None)
    user.__dict__.pop("_own_role_codes", None)
    user.__dict__.pop("_stand_in_roles", None)


def require_store(user: User, store: Store) -> None:
    """ORG-1: a person acts only in the active stores they are assigned to (a
    store closed in the admin is closed to its staff too; a superuser acts
    anywhere)."""
    if user_works_in_store(user=user, store_id=store.pk):
        return
    if not store.is_active:
        raise DomainError(
            "STORE_CLOSED", _("This store is closed: nothing more is recorded in it.")
        )
    raise DomainError("STORE_NOT_ASSIGNED", _("You are not assigned to this store."))


def store_select_current(*, session, user: User, store: Store) -> None:
    """Remember which of their stores a person is working in (ORG-1)."""
    require_store(user, store)
    session["store_id"] = store.pk


def heartbeat_record(*, name: str) -> Heartbeat:
    """Record a run of a periodic task. Safe to run twice: each run only moves
    the time forward and counts itself."""
    now = timezone.now()
    updated = Heartbeat.objects.filter(name=name).update(last_run_at=now, runs=F("runs") + 1)
    if not updated:
        Heartbeat.objects.get_or_create(name=name, defaults={"last_run_at": now, "runs": 1})
    return Heartbeat.objects.get(name=name)


def message(text: str, **params) -> Callable[[], str]:
    """A message to say in each reader's language (notification_send): the
    text marked with gettext_noop, its %(name)s values given now."""

    def say() -> str:
        return _(text) % params if params else _(text)

    return say


def in_every_language(text: Callable[[], str]) -> dict[str, str]:
    """What `text()` says in each language of the site (a message built with
    gettext, run once per language)."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[code] = str(text())
    return texts


def notification_send(
    *,
    user: User,
    key: str,
    title: str | Callable[[], str],
    body: str = "",
    url: str = "",
    store: Store | None = None,
) -> bool:
    """Give a person an in-app reminder once per key (safe to run twice).
    Returns True when it was new. A title given as a function that builds it
    with gettext is kept in every language, so that each reader sees it in
    theirs; a plain string is shown as it is. Staff SMS for reminders hooks in
    here."""
    from dealership.models import Notification

    titles = in_every_language(title) if callable(title) else {}
    text = titles.get(settings.LANGUAGE_CODE, "") if titles else title
    _obj, created = Notification.objects.get_or_create(
        user=user,
        key=key,
        defaults={
            "title": text[:200],
            "titles": {code: t[:200] for code, t in titles.items()},
            "body": body,
            "url": url,
            "store": store,
        },
    )
    return created


def notification_mark_read(*, user: User, notification_ids: list[int] | None = None) -> int:
    """Mark the person's notifications read (all unread ones when no ids)."""
    from dealership.models import Notification

    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    if notification_ids is not None:
        unread = unread.filter(pk__in=notification_ids)
    return unread.update(read_at=timezone.now())


def day_off_is_past(day_off: DayOff) -> bool:
    """A rest day that has begun in its store: it is kept as it was."""
    return day_off.day <= store_today(day_off.store)


def day_off_check(
    *, by: User, store: Store | None, person: User | None, day, before: DayOff | None = None
) -> None:
    """RPT-CONSULTANT-LOG, RPT-MGR-LOG: the rest-day rota (轮休) is set in
    advance and by someone else: nobody but a superuser enters their own rest
    day, or one for a day that has begun in the store (it would excuse that
    evening's log after the fact), or moves a past one (`before`)."""
    if by.is_superuser:
        return
    if before is not None and day_off_is_past(before):
        raise ConflictError("DAY_OFF_PAST", _("A past rest day is kept as it was."))
    refused = {}
    if person == by:
        refused["person"] = ("DAY_OFF_SELF", _("Your own rest day is entered by your manager."))
    if store and day and day <= store_today(store):
        refused["day"] = ("DAY_OFF_BEGUN", _("A rest day is set in advance: this day has begun."))
    if refused:
        raise DomainError.for_fields(refused)
