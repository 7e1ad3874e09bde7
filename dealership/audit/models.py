"""Historical tables of the audited models, kept in this app so that the
audited apps stay free of audit code.

django-simple-history writes one historical row per save (created, changed,
deleted) with the time and the user of the request (HistoryRequestMiddleware);
work done by Celery tasks has no user and shows as the system. Changes made with
QuerySet.update() are not seen: the audited models are written with save() by
their services."""

from __future__ import annotations

from simple_history import register

from followups.models import FirstServiceInterval, FollowupPolicy, FollowupRule
from inventory.models import CareRule, PdiChecklistItem, StockPolicy, Vehicle
from sales.models import Customer, Order, SalesPolicy, TestCar
from scoring.incentive_models import IncentivePolicy, IncentiveTarget
from scoring.models import PenaltyRule, PenaltyRuleJoint, ReportDeadline
from showroom.models import ChecklistItem

#: Customers, orders and vehicles, and every rule table the admin edits.
AUDITED = [
    Customer,
    Order,
    Vehicle,
    SalesPolicy,
    TestCar,
    StockPolicy,
    CareRule,
    PdiChecklistItem,
    FollowupRule,
    FirstServiceInterval,
    FollowupPolicy,
    PenaltyRule,
    PenaltyRuleJoint,
    ReportDeadline,
    IncentivePolicy,
    IncentiveTarget,
    ChecklistItem,
]

for _model in AUDITED:
    register(_model, app="dealership.audit", manager_name="audit_history")
