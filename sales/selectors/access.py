"""Who sees which customers (issue 3, permissions): a consultant sees and edits
only their own customers; supervisors, managers, the GM office and the
information officer see their whole store; nobody sees another store."""

from __future__ import annotations

from django.db.models import QuerySet

from dealership.rules import STORE_WIDE_ROLES, Role
from sales.models import Customer, Visit

# Roles that decide (approve lost requests, reassign, spot-check).
SALES_MANAGEMENT_ROLES = (Role.SALES_MANAGER, Role.SALES_SUPERVISOR, Role.GM_OFFICE)


def user_sees_whole_store(user) -> bool:
    return user.is_superuser or user.has_role(*STORE_WIDE_ROLES)


def order_steps_for_user(user) -> dict[str, bool]:
    """DLV-ACCESSORIES/LOAN/AFFAIRS: which of an order's steps the person may
    take (the services refuse the rest; the order page hides their forms)."""
    from sales.rules import ACCESSORY_ROLES, AFFAIRS_ROLES, LOAN_OPEN_ROLES, LOAN_TRACKER_ROLES

    def can(roles) -> bool:
        return user.is_superuser or user.has_role(*roles)

    return {
        "accessory": can(ACCESSORY_ROLES),
        "loan_open": can(LOAN_OPEN_ROLES),
        "loan_advance": can(LOAN_TRACKER_ROLES),
        "affairs": can(AFFAIRS_ROLES),
    }


def user_can_manage_sales(user) -> bool:
    return user.is_superuser or user.has_role(*SALES_MANAGEMENT_ROLES)


def customer_list_for_user(*, user, store) -> QuerySet[Customer]:
    customers = Customer.objects.filter(store=store)
    if not user_sees_whole_store(user):
        customers = customers.filter(consultant=user)
    return customers.select_related("consultant")


def customer_get_for_user(*, user, store, customer_id: int) -> Customer | None:
    return customer_list_for_user(user=user, store=store).filter(pk=customer_id).first()


def visit_get_for_user(*, user, store, visit_id: int) -> Visit | None:
    """A visit of the store whose customer the person may see (LEAD-1/5)."""
    customers = customer_list_for_user(user=user, store=store)
    return Visit.objects.filter(store=store, customer__in=customers, pk=visit_id).first()


# Besides the whole-store roles, the people who hand a sold car over need the
# buyer's name on stock pages and forms (STK-OUT-1..4).
BUYER_NAME_ROLES = (Role.WAREHOUSE_CLERK, Role.FINANCE, Role.VEHICLE_AFFAIRS)


def user_sees_buyer(user, order) -> bool:
    """Stock pages and printed forms name an order's buyer to its consultant,
    the whole-store roles and the hand-over staff; to another consultant of the
    store the buyer stays as hidden as on the sales pages."""
    return (
        order.consultant_id == user.pk
        or user_sees_whole_store(user)
        or user.has_role(*BUYER_NAME_ROLES)
    )
