"""The manager's side: lost customers (LEAD-11), reassignment after 2/3/4
months (LEAD-8/9) and the weekly spot check (LEAD-10)."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.rules import Role, other_sales_group
from dealership.selectors import person_in_store
from followups.services import followups_on_reassign
from sales.models import (
    Customer,
    LostRequest,
    Reassignment,
    SpotCheck,
    SpotCheckItem,
)
from sales.rules import (
    INTENT_GRADES,
    OPEN_GRADES,
    Grade,
    LostReason,
    Owner,
    ReassignKind,
    RequestStatus,
    SpotCheckResult,
)
from sales.selectors.access import user_can_manage_sales
from sales.services.common import lock_customer, require_text, set_grade


def _require_manager(by: User) -> None:
    if not user_can_manage_sales(by):
        raise DomainError(
            "MANAGER_ONLY", _("Only the sales manager, supervisor or GM office may do this.")
        )


@transaction.atomic
def lost_request(
    *,
    customer: Customer,
    reason: str,
    by: User,
    competitor_brand: str = "",
    competitor_price=None,
    note: str = "",
) -> LostRequest:
    """LEAD-11: the consultant asks to mark the customer lost, with the reason;
    a price loss names the competitor and its price."""
    customer = lock_customer(customer)
    if reason not in LostReason.values:
        raise DomainError("LOST_REASON_REQUIRED", _("Choose why the customer was lost."), "reason")
    _require_open(customer, _("Only a customer still being worked can be marked lost."))
    missing = {}  # all of them at once, not one per submit
    if reason in (LostReason.PRICE, LostReason.COMPETITOR) and not competitor_brand.strip():
        missing["competitor_brand"] = (
            "COMPETITOR_REQUIRED",
            _("Name the competitor brand and model."),
        )
    if reason == LostReason.PRICE:
        try:
            competitor_price = Decimal(str(competitor_price)).quantize(Decimal("0.01"))
        except (ArithmeticError, ValueError):
            competitor_price = None
        if competitor_price is None or competitor_price <= 0:
            missing["competitor_price"] = (
                "COMPETITOR_PRICE_REQUIRED",
                _("A price loss needs the competitor's price."),
            )
    if missing:
        raise DomainError.for_fields(missing)
    if LostRequest.objects.filter(customer=customer, status=RequestStatus.PENDING).exists():
        raise ConflictError("LOST_REQUEST_PENDING", _("A request for this customer is pending."))
    return LostRequest.objects.create(
        store=customer.store,
        customer=customer,
        reason=reason,
        competitor_brand=competitor_brand.strip(),
        competitor_price=competitor_price if reason == LostReason.PRICE else None,
        note=note.strip(),
        requested_by=by,
        grade_before=customer.grade,
    )


def _require_open(customer, message: str) -> None:
    """LEAD-11: only a customer still being worked (OPEN_GRADES) is marked lost."""
    if customer.grade not in OPEN_GRADES:
        raise ConflictError("CUSTOMER_NOT_OPEN", message)


@transaction.atomic
def lost_decide(*, request: LostRequest, approve: bool, by: User, note: str = "") -> LostRequest:
    """LEAD-11: the manager approves (customer becomes F) or rejects."""
    _require_manager(by)
    request = LostRequest.objects.select_for_update().get(pk=request.pk)
    if request.status != RequestStatus.PENDING:
        raise ConflictError("ALREADY_DECIDED", _("This request was already decided."))
    if not approve and not note.strip():
        raise DomainError("REASON_REQUIRED", _("Say why the request is rejected."), "note")
    customer = lock_customer(request.customer)
    if approve:
        _require_open(
            customer,
            _(
                "The customer is no longer being worked (they ordered, bought or were closed "
                "since the request): reject the request instead."
            ),
        )
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_note = note.strip()
    request.save()
    if approve:
        set_grade(
            customer=customer,
            to_grade=Grade.F,
            reason=f"{request.get_reason_display()} {request.competitor_brand}".strip(),
            by=by,
        )
    return request


def _reassign_target_problem(kind: str, customer: Customer, to_user: User) -> str | None:
    if not person_in_store(person=to_user, store_id=customer.store_id):
        return _("%s does not work in this store.") % to_user.display_name
    if kind == ReassignKind.GROUP_SWAP:
        wanted = other_sales_group(customer.consultant.sales_group)
        if to_user.sales_group != wanted or not to_user.has_role(Role.SALES_CONSULTANT):
            return _("%(name)s is not a consultant of group %(group)s.") % {
                "name": to_user.display_name,
                "group": wanted,
            }
    if kind == ReassignKind.MANAGEMENT and not to_user.has_role(
        Role.SALES_MANAGER, Role.SALES_SUPERVISOR
    ):
        return _("%s is not the sales manager or supervisor.") % to_user.display_name
    if kind == ReassignKind.GM_OFFICE and not to_user.has_role(Role.GM_OFFICE):
        return _("%s is not in the general manager's office.") % to_user.display_name
    return None


_OWNER_FOR_KIND = {
    ReassignKind.GROUP_SWAP: Owner.CONSULTANT,
    ReassignKind.MANUAL: Owner.CONSULTANT,
    ReassignKind.MANAGEMENT: Owner.MANAGEMENT,
    ReassignKind.GM_OFFICE: Owner.GM_OFFICE,
}


@transaction.atomic
def customer_reassign(
    *, customers: list[Customer], kind: str, to_user: User, by: User, reason: str = ""
) -> list[Reassignment]:
    """LEAD-8: after 2 months without an order a customer goes to the other
    group (A→B, B→A). LEAD-9: after 3 months to the manager and supervisor (the
    deal no longer counts for the consultant's commission); after month 4 to the
    GM office. All or nothing: one refused customer refuses the batch."""
    _require_manager(by)
    if kind not in ReassignKind.values:
        raise DomainError("REASSIGN_KIND", _("Choose where the customers go."), "kind")
    locked = list(
        Customer.objects.select_for_update()
        .select_related("consultant")
        .filter(pk__in=[c.pk for c in customers])
        .order_by("pk")
    )
    records = []
    now = timezone.now()
    for customer in locked:
        problem = _reassign_target_problem(kind, customer, to_user)
        if problem:
            raise DomainError("REASSIGN_TARGET", f"{customer.name}: {problem}", field="to_user")
        records.append(
            Reassignment(
                store=customer.store,
                customer=customer,
                kind=kind,
                from_consultant=customer.consultant,
                to_consultant=to_user,
                from_owner=customer.owner,
                to_owner=_OWNER_FOR_KIND[kind],
                reason=reason.strip(),
                by=by,
            )
        )
        customer.consultant = to_user
        customer.owner = _OWNER_FOR_KIND[kind]
        customer.assigned_at = now
        if kind in (ReassignKind.MANAGEMENT, ReassignKind.GM_OFFICE):
            customer.commission_excluded = True
    Customer.objects.bulk_update(
        locked, ["consultant", "owner", "assigned_at", "commission_excluded"]
    )
    followups_on_reassign(customers=locked, to_user=to_user)  # open follow-ups move too
    return Reassignment.objects.bulk_create(records)


@transaction.atomic
def spot_check_create(*, store: Store, week: date, by: User, size: int | None = None) -> SpotCheck:
    """LEAD-10: at least weekly the manager checks a random sample of intent
    customers (H/A/B/C) for authenticity and follow-up timeliness."""
    _require_manager(by)
    from sales.services.customers import sales_policy_for

    if SpotCheck.objects.filter(store=store, week_start=week).exists():
        raise ConflictError("SPOT_CHECK_EXISTS", _("This week's spot check already exists."))
    size = size or sales_policy_for(store).spot_check_sample
    ids = list(
        Customer.objects.filter(store=store, grade__in=INTENT_GRADES).values_list("pk", flat=True)
    )
    sample = random.SystemRandom().sample(ids, min(size, len(ids)))
    check = SpotCheck.objects.create(store=store, week_start=week, created_by=by)
    chosen = Customer.objects.filter(pk__in=sample).order_by("pk")
    SpotCheckItem.objects.bulk_create(
        SpotCheckItem(spot_check=check, customer=c, consultant_id=c.consultant_id) for c in chosen
    )
    return check


@transaction.atomic
def spot_check_record(
    *, item: SpotCheckItem, result: str, by: User, note: str = ""
) -> SpotCheckItem:
    """LEAD-10: the manager records what the check found."""
    _require_manager(by)
    if result not in SpotCheckResult.values:
        raise DomainError("SPOT_CHECK_RESULT", _("Choose what the check found."), "result")
    if result != SpotCheckResult.GENUINE:
        require_text(note, "note", "NOTE_REQUIRED", _("Describe what was wrong."))
    item = SpotCheckItem.objects.select_for_update().get(pk=item.pk)
    item.result = result
    item.note = note.strip()
    item.checked_by = by
    item.checked_at = timezone.now()
    item.save()
    return item
