"""Refusals of the ledger, appeals and the marketing reports not covered by
the rule tests: each asserts the code and that nothing was written (the
guide: every refusal of a rule has a test that asserts the refusal and that
nothing changed)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import pytest

from scoring.models import CompetitorPrice, PenaltyAppeal, PenaltyEntry, PenaltyRule
from scoring.reports import competitor_price_record
from scoring.rules import AppealStatus
from scoring.services import (
    penalty_appeal_decide,
    penalty_appeal_file,
    penalty_entry_record_manual,
    penalty_entry_reverse,
)
from tests.refusal import refused
from tests.scoring.test_ledger import _record

pytestmark = pytest.mark.django_db


def _ledger() -> list[tuple]:
    return list(PenaltyEntry.objects.order_by("pk").values_list("pk", "person_id", "points"))


def test_pts_5_one_appeal_per_entry_decided_once_with_a_reason(consultant_a, manager, store):
    entry = _record(consultant_a, store, code="LEAD-6")
    refused(
        lambda: penalty_appeal_file(entry=entry, reason=" ", by=consultant_a), "REASON_REQUIRED"
    )
    assert not PenaltyAppeal.objects.exists()
    appeal = penalty_appeal_file(entry=entry, reason="客户未到店", by=consultant_a)
    refused(
        lambda: penalty_appeal_file(entry=entry, reason="再申诉", by=consultant_a),
        "APPEAL_EXISTS",
        409,
    )
    assert PenaltyAppeal.objects.count() == 1
    ledger = _ledger()
    refused(
        lambda: penalty_appeal_decide(appeal=appeal, accept=True, reason="  ", by=manager),
        "REASON_REQUIRED",
    )
    assert PenaltyAppeal.objects.get(pk=appeal.pk).status == AppealStatus.PENDING
    penalty_appeal_decide(appeal=appeal, accept=False, reason="有来店记录", by=manager)
    refused(
        lambda: penalty_appeal_decide(appeal=appeal, accept=True, reason="改判", by=manager),
        "APPEAL_DECIDED",
        409,
    )
    assert PenaltyAppeal.objects.get(pk=appeal.pk).status == AppealStatus.REJECTED
    assert _ledger() == ledger  # nothing reversed


def test_pts_1_5_a_reversing_entry_is_neither_corrected_nor_appealed(consultant_a, manager, store):
    entry = _record(consultant_a, store, code="LEAD-6")
    reversal = penalty_entry_reverse(entry=entry, reason="误记", by=manager)
    ledger = _ledger()
    refused(
        lambda: penalty_entry_reverse(entry=reversal, reason="再改", by=manager),
        "ENTRY_IS_REVERSAL",
        409,
    )
    refused(
        lambda: penalty_appeal_file(entry=reversal, reason="不服", by=consultant_a),
        "ENTRY_IS_REVERSAL",
        409,
    )
    refused(
        lambda: penalty_appeal_file(entry=entry, reason="不服", by=consultant_a),
        "ENTRY_ALREADY_REVERSED",
        409,
    )
    assert _ledger() == ledger and not PenaltyAppeal.objects.exists()


def test_pts_1_5_nobody_decides_on_their_own_entry(manager, store):
    entry = _record(manager, store, code="LEAD-6")
    appeal = penalty_appeal_file(entry=entry, reason="当天请假", by=manager)
    ledger = _ledger()
    refused(
        lambda: penalty_appeal_decide(appeal=appeal, accept=True, reason="同意", by=manager),
        "OWN_ENTRY",
    )
    refused(lambda: penalty_entry_reverse(entry=entry, reason="撤销", by=manager), "OWN_ENTRY")
    assert _ledger() == ledger
    assert PenaltyAppeal.objects.get(pk=appeal.pk).status == AppealStatus.PENDING


def test_pts_1_correction_needs_a_reason(consultant_a, manager, store):
    entry = _record(consultant_a, store, code="LEAD-6")
    ledger = _ledger()
    refused(lambda: penalty_entry_reverse(entry=entry, reason="", by=manager), "REASON_REQUIRED")
    assert _ledger() == ledger


def test_pts_3_manual_entry_only_while_the_rule_applies_and_with_a_reason(
    consultant_a, manager, store
):
    rule = PenaltyRule.objects.get(code="PTS-3-LATENESS")
    day = date(2026, 3, 10)
    PenaltyRule.objects.filter(pk=rule.pk).update(active_from=day + timedelta(days=1))
    rule.refresh_from_db()

    def record(reason="迟到15分钟", fact_date=day):
        return penalty_entry_record_manual(
            store=store, person=consultant_a, rule=rule, fact_date=fact_date, reason=reason,
            by=manager,
        )  # fmt: skip

    error = refused(record, "RULE_INACTIVE")
    assert error.field == "fact_date"
    next_day = day + timedelta(days=1)
    error = refused(lambda: record(reason=" ", fact_date=next_day), "REASON_REQUIRED")
    assert error.field == "reason"
    assert not PenaltyEntry.objects.exists()
    assert record(fact_date=next_day).person == consultant_a


@pytest.mark.parametrize("price", ["0", "-100"])
def test_rpt_competitor_price_must_be_positive(marketing, store, price):
    error = refused(
        lambda: competitor_price_record(
            store=store,
            our_model="雅阁",
            competitor="凯美瑞",
            city="阳江",
            discount_price=Decimal(price),
            by=marketing,
        ),
        "PRICE_NOT_POSITIVE",
    )
    assert error.field == "discount_price"
    assert not CompetitorPrice.objects.exists()


def test_org_1_pts_3_no_manual_entry_in_another_store(consultant_a, outsider, store):
    rule = PenaltyRule.objects.get(code="PTS-3-LATENESS")
    refused(
        lambda: penalty_entry_record_manual(
            store=store,
            person=consultant_a,
            rule=rule,
            fact_date=date(2026, 3, 10),
            reason="迟到",
            by=outsider,
        ),
        "STORE_NOT_ASSIGNED",
    )
    assert not PenaltyEntry.objects.exists()
