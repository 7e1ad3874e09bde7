"""Reminders to the person who owns follow-ups (FU-*): an in-app digest of the
day's due follow-ups (from the store's reminder hour) and one when follow-ups
fall overdue; optionally the same text by SMS to staff (FollowupPolicy,
off by default). One notification per person and digest, not per customer,
so the scan's queries grow with the staff, not the customers."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import datetime

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import ngettext, override

from dealership.models import Store, User
from dealership.services import notification_send
from dealership.sms import SmsError, SmsMessagePayload, get_backend
from dealership.timeutil import store_day_bounds, store_tz
from followups.models import Followup, FollowupPolicy
from followups.rules import Status

logger = logging.getLogger(__name__)


def reminders_send(*, now: datetime) -> int:
    sent = 0
    for store in Store.objects.filter(is_active=True).select_related("followup_policy"):
        policy = _policy(store)
        sent += _due_today(store=store, policy=policy, now=now)
        sent += _overdue(store=store, policy=policy, now=now)
    return sent


def _policy(store: Store) -> FollowupPolicy:
    try:
        return store.followup_policy
    except FollowupPolicy.DoesNotExist:
        return FollowupPolicy(store=store)


def _due_today(*, store: Store, policy: FollowupPolicy, now: datetime) -> int:
    """Once a day from the reminder hour: "N follow-ups due today"."""
    local = now.astimezone(store_tz(store))
    if local.hour < policy.reminder_hour:
        return 0
    _start, day_end = store_day_bounds(store, local.date())
    counts = (
        Followup.objects.filter(
            store=store, status=Status.OPEN, due_from__lt=day_end, due_by__gt=now
        )
        .values("owner_id")
        .annotate(n=Count("pk"))
        .order_by()
    )
    rows = {row["owner_id"]: row["n"] for row in counts}
    sent = 0
    for user in User.objects.filter(pk__in=rows, is_active=True):
        key = f"followups:due:{store.pk}:{local.date().isoformat()}"
        sent += _notify(
            user=user, store=store, policy=policy, key=key, count=rows[user.pk], due=True
        )
    return sent


def _overdue(*, store: Store, policy: FollowupPolicy, now: datetime) -> int:
    """When follow-ups fall late or missed: one reminder per person for the
    batch. The key is the newest task of the batch, so a second scan (or a
    concurrent one) with the same batch notifies once."""
    tasks = Followup.objects.filter(
        store=store,
        status__in=(Status.LATE, Status.MISSED, Status.SUPERSEDED),
        overdue_reminded_at__isnull=True,
    ).values_list("pk", "owner_id")
    batches: dict[int, list[int]] = defaultdict(list)
    for pk, owner_id in tasks:
        batches[owner_id].append(pk)
    sent = 0
    for user in User.objects.filter(pk__in=batches, is_active=True):
        ids = batches[user.pk]
        key = f"followups:overdue:{store.pk}:{max(ids)}"
        sent += _notify(user=user, store=store, policy=policy, key=key, count=len(ids), due=False)
    reminded = [pk for ids in batches.values() for pk in ids]
    Followup.objects.filter(pk__in=reminded).update(overdue_reminded_at=now)
    return sent


def _notify(
    *, user: User, store: Store, policy: FollowupPolicy, key: str, count: int, due: bool
) -> int:
    def title() -> str:
        return _reminder_title(count=count, due=due)

    created = notification_send(
        user=user, key=key, title=title, url=reverse("followups:today"), store=store
    )
    if created and policy.staff_sms_reminders and user.phone:
        with override(settings.LANGUAGE_CODE):  # a text message: the store's language
            send_staff_sms(mobile=user.phone, text=f"{store.name}: {title()}")
    return int(created)


def _reminder_title(*, count: int, due: bool) -> str:
    if due:
        return ngettext(
            "%(count)d follow-up due today", "%(count)d follow-ups due today", count
        ) % {"count": count}
    return ngettext("%(count)d follow-up is overdue", "%(count)d follow-ups are overdue", count) % {
        "count": count
    }


def send_staff_sms(*, mobile: str, text: str) -> None:
    """The staff-SMS hook: the project's pluggable backend (dealership.sms)."""
    try:
        get_backend().send(SmsMessagePayload(mobile=mobile, text=text))
    except SmsError:
        logger.exception("staff SMS reminder to %s failed", mobile)
