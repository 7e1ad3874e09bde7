"""Reads of the organisation (ORG-1..5)."""

from __future__ import annotations

from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from dealership.compiled import model_rows, values_rows, whole
from dealership.models import DayOff, Heartbeat, Store, User
from dealership.rules import ORGANISATION_VIEWER_ROLES, STAND_INS, Role


def store_list_for_user(*, user: User) -> QuerySet[Store]:
    """ORG-1: the stores a person may see: those they are assigned to
    (a superuser sees all)."""
    stores = Store.objects.filter(is_active=True).select_related("dealer_group")
    if user.is_superuser:
        return stores
    return stores.filter(staff=user)


def _stores_of(user_id: int | None):
    """The active stores of a person (None: a superuser, every store); no
    select_related, so that the pages' store look-ups run compiled (a page
    that shows the dealer group loads it when it reads it)."""
    stores = Store.objects.filter(is_active=True)
    return stores if user_id is None else stores.filter(staff=user_id)


def store_get_for_user(*, user: User, store_id: int) -> Store | None:
    """ORG-1: one of the person's stores, None when it is not theirs."""
    if user.is_superuser:
        rows = model_rows(
            ("dealership.store_get", "superuser"),
            lambda store_id: _stores_of(None).filter(pk=store_id),
            store_id=store_id,
        )
    else:
        rows = model_rows(
            ("dealership.store_get", "staff"),
            lambda user_id, store_id: _stores_of(user_id).filter(pk=store_id),
            user_id=user.pk,
            store_id=store_id,
        )
    return rows[0] if rows else None


def store_choices_for_user(*, user: User) -> list[Store]:
    """ORG-1: the person's stores by code, as the store pickers list them."""
    if user.is_superuser:
        return model_rows(
            ("dealership.store_choices", "superuser"),
            lambda: _stores_of(None).order_by("code"),
        )
    return model_rows(
        ("dealership.store_choices", "staff"),
        lambda user_id: _stores_of(user_id).order_by("code"),
        user_id=user.pk,
    )


def store_choices_for_request(request) -> list[Store]:
    """store_choices_for_user of the request's person, read once per request:
    the current store (middleware), a board's ?store= and its store picker
    all come from this one list."""
    stores = getattr(request, "_store_choices", None)
    if stores is None:
        stores = request._store_choices = store_choices_for_user(user=request.user)
    return stores


def store_of_request(request, store_id: int) -> Store | None:
    """ORG-1: one of the request's person's stores, None when it is not theirs."""
    return next((s for s in store_choices_for_request(request) if s.pk == store_id), None)


def user_works_in_store(*, user: User, store_id: int) -> bool:
    """ORG-1: the person is assigned to the store and the store is open (not
    deactivated in the admin); a superuser works in every store."""
    return user.is_superuser or user.stores.filter(pk=store_id, is_active=True).exists()


def person_in_store(*, person: User, store_id: int) -> bool:
    """ORG-1: the person is on the store's staff (assigned to it), whatever
    their superuser flag: the one a record is about or handed to (a visit's
    consultant, a trainee, the new holder of a customer)."""
    return person.stores.filter(pk=store_id).exists()


def user_covers_every_store(*, user: User) -> bool:
    """ORG-1: the shared catalogues (follow-up and penalty rules, checklists,
    holidays) apply to every store, so only someone assigned to every active
    store (a single store's manager, a group manager) or a superuser changes
    them; a manager of one store of a group reads them."""
    if user.is_superuser:
        return True
    if not user.is_active:
        return False
    return not Store.objects.filter(is_active=True).exclude(staff=user).exists()


def user_can_view_organisation(*, user: User) -> bool:
    return user.is_superuser or user.has_role(*ORGANISATION_VIEWER_ROLES)


def staff_list_for_store(*, store: Store) -> QuerySet[User]:
    """Everyone working in a store, with roles and supervisor loaded in one go."""
    from django.contrib.auth.models import Group

    return (
        User.objects.filter(stores=store, is_active=True)
        .select_related("supervisor")
        .prefetch_related(Prefetch("groups", queryset=Group.objects.order_by("name")))
        .order_by("sales_group", "full_name", "username")
    )


def staff_chain_of_command(*, user: User) -> list[User]:
    """ORG-4: the person's supervisors, nearest first (consultant → supervisor →
    manager → GM office). Joint-liability points (PTS-2) follow this list."""
    chain: list[User] = []
    seen = {user.pk}
    current = user.supervisor
    while current is not None and current.pk not in seen:
        chain.append(current)
        seen.add(current.pk)
        current = current.supervisor
    return chain


def staff_with_role(*, store: Store, role: Role) -> QuerySet[User]:
    return User.objects.filter(stores=store, groups__name=role, is_active=True).distinct()


def staff_on_duty_with_role(*, store: Store, role: Role) -> list[User]:
    """Who does the role's work in the store today: its holders, or, when
    every one of them is on a rest day, the holders of the role that stands
    in for it (STAND_INS), e.g. the reminders of a clerk's day."""
    holders = list(staff_with_role(store=store, role=role))
    stand_in = STAND_INS.get(role)
    if not holders or stand_in is None:
        return holders
    from dealership.timeutil import store_today

    off = set(people_off(store=store, day=store_today(store)).values_list("person_id", flat=True))
    if any(person.pk not in off for person in holders):
        return holders
    return holders + list(staff_with_role(store=store, role=stand_in).exclude(pk__in=off))


def sales_group_leader(*, store: Store, sales_group: str) -> User | None:
    """ORG-3: the leader of group A or B in a store."""
    return (
        staff_with_role(store=store, role=Role.GROUP_LEADER)
        .filter(sales_group=sales_group)
        .order_by("pk")
        .first()
    )


def heartbeat_get(*, name: str) -> Heartbeat | None:
    return Heartbeat.objects.filter(name=name).first()


def notification_list_for_user(*, user: User, unread_only: bool = False):
    from dealership.models import Notification

    qs = Notification.objects.filter(user=user)
    return qs.filter(read_at__isnull=True) if unread_only else qs


def _unread_count_query(user_id):
    return (
        notification_list_for_user(user=user_id, unread_only=True)
        .values("user_id")
        .annotate(n=Count("pk"))
        .order_by()
    )


def notification_unread_count(*, user: User) -> int:
    """On every page's top bar: compiled once (dealership.compiled)."""
    rows = values_rows("dealership.unread_count", _unread_count_query, user_id=user.pk)
    return rows[0]["n"] if rows else 0


def _stand_in_counts(user_id, store_id, role, today):
    """Among the store's active staff: the person (1 if there, and not on a
    rest day), the role's other holders, and how many of those are off."""
    others = ~Q(pk=user_id)
    holder = Q(groups__name=role) & others
    off_today = Q(days_off__store=store_id, days_off__day=today)
    return whole(User.objects.filter(is_active=True, stores=store_id)).annotate(
        me=Count("pk", filter=Q(pk=user_id), distinct=True),
        me_off=Count("pk", filter=Q(pk=user_id) & off_today, distinct=True),
        holders=Count("pk", filter=holder, distinct=True),
        off=Count("pk", filter=holder & off_today, distinct=True),
    )


def stand_in_roles(*, user: User, store: Store | None) -> set[str]:
    """STAND_INS [seed]: the roles the person holds in the store today for
    colleagues on a rest day: each role whose every active holder in the
    store has today off (DayOff), when the person holds its stand-in role,
    works in the store and is not on a rest day themselves. One compiled
    query per such role (none for anyone else)."""
    if store is None or not store.is_active:
        return set()
    own = user.own_role_codes
    wanted = [absent for absent, by in STAND_INS.items() if by in own and absent not in own]
    if not wanted:
        return set()
    from dealership.timeutil import store_today

    today = store_today(store)
    held = set()
    for role in wanted:
        rows = values_rows(
            "dealership.stand_in",
            _stand_in_counts,
            user_id=user.pk,
            store_id=store.pk,
            role=str(role),
            today=today,
        )
        n = rows[0] if rows else {}
        if n.get("me") and not n.get("me_off") and n.get("holders") and n["holders"] == n["off"]:
            held.add(role)
    return held


def people_off(*, store: Store, day: date) -> QuerySet:
    """The ids of the people on a rest day (轮休, DayOff) in the store that day."""
    return DayOff.objects.filter(store=store, day=day).values("person_id")
