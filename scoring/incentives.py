"""Reads of the incentives (RULES.md section 9, INC-1..4): the standings of a
month or a year, computed from the sales the system holds (through
sales.selectors.performance), with each person's eligibility and amount; and
the promotion campaigns' rewards (INC-4).
The one write, confirming an award, is services.incentive_award_confirm.

Decisions where the seed is silent (also in the page's help):
- INC-1 ranks by orders placed in the month (订车, cancelled ones included) and
  deducts R ÷ orders for each order cancelled in the month (退订); the target
  is met when orders less cancellations reach it.
- INC-1/INC-2: if the person with the best result missed their target there is
  no award that month (the award does not pass to the runner-up).
- INC-3: people with less than the required service at the year's end are left
  out of the ranking, and the best of the others wins.
- Deals that LEAD-9 takes from the consultant (after month 3) count for nobody.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.models import Store, User
from dealership.timeutil import store_day_bounds
from sales.selectors.performance import (
    PromotionWindow,
    accessory_sales_by_consultant,
    invoiced_sales_by_consultant,
    invoiced_sales_count,
    order_tally_by_consultant,
    promotion_cars_by_consultant,
)
from scoring.models import IncentiveAward, IncentivePolicy, IncentiveTarget, PromotionCampaign
from scoring.rules import (
    IncentiveKind,
    PromotionBasis,
    has_tenure,
    money,
    month_start,
    next_month,
    sales_champion_deduction,
)

ZERO = Decimal("0")


@dataclass
class Standing:
    """One person's result in a contest and what they would be paid."""

    person: User
    figure: Decimal
    cancellations: int = 0
    target: Decimal | None = None
    eligible: bool = True
    reason: str = ""
    reward: Decimal = ZERO
    deduction: Decimal = ZERO
    bonus: Decimal = ZERO

    @property
    def amount(self) -> Decimal:
        return money(self.reward - self.deduction + self.bonus)


@dataclass
class Contest:
    """A store's INC-1/2 month or INC-3 year: the ranked standings, the
    leaders (the best result; several when tied) and the confirmed award."""

    store: Store
    kind: str
    period: date
    end: datetime
    standings: list[Standing]
    leaders: list[Standing]
    award: IncentiveAward | None
    notes: list[str] = field(default_factory=list)

    @property
    def label(self) -> str:
        return IncentiveKind(self.kind).label

    @property
    def period_label(self) -> str:
        return (
            f"{self.period:%Y}" if self.kind == IncentiveKind.SALES_YEAR else f"{self.period:%Y-%m}"
        )

    @property
    def is_over(self) -> bool:
        return timezone.now() >= self.end

    @property
    def winners(self) -> list[Standing]:
        return [s for s in self.leaders if s.eligible]

    @property
    def no_award_reason(self) -> str:
        if not self.leaders:
            if any(s.figure > 0 for s in self.standings):
                return _("Nobody eligible has a result in this period.")
            return _("Nobody has a result in this period.")
        if not self.winners:
            return _("The best result missed the target: no award (%(reason)s).") % {
                "reason": "; ".join(sorted({s.reason for s in self.leaders}))
            }
        return ""


def incentive_policy_get(*, store: Store) -> IncentivePolicy:
    """INC-1..3 [config]: the store's amounts and targets; unsaved zeros when
    no manager has set them yet."""
    return IncentivePolicy.objects.filter(store=store).first() or IncentivePolicy(store=store)


def incentive_period(*, kind: str, day: date) -> date:
    """The first day of the month (INC-1, INC-2) or the year (INC-3)."""
    if kind == IncentiveKind.SALES_YEAR:
        return date(day.year, 1, 1)
    return month_start(day)


def _bounds(store: Store, kind: str, period: date) -> tuple[datetime, datetime]:
    last = date(period.year + 1, 1, 1) if kind == IncentiveKind.SALES_YEAR else next_month(period)
    return store_day_bounds(store, period)[0], store_day_bounds(store, last)[0]


def incentive_contest(*, store: Store, kind: str, day: date) -> Contest:
    """INC-1..3: the standings of the period containing `day`. A constant
    number of queries whatever the number of people and orders."""
    period = incentive_period(kind=kind, day=day)
    start, end = _bounds(store, kind, period)
    policy = incentive_policy_get(store=store)
    build = {
        IncentiveKind.SALES_MONTH: _sales_month,
        IncentiveKind.ACCESSORIES_MONTH: _accessories_month,
        IncentiveKind.SALES_YEAR: _sales_year,
    }[kind]
    standings, leaders, notes = build(store, policy, period, start, end)
    award = (
        IncentiveAward.objects.select_related("person", "confirmed_by")
        .filter(store=store, kind=kind, period=period)
        .first()
    )
    return Contest(store, kind, period, end, standings, leaders, award, notes)


def _people(ids) -> dict[int, User]:
    return {user.pk: user for user in User.objects.filter(pk__in=list(ids))}


def _targets(store: Store, policy: IncentivePolicy, month: date, ids) -> dict[int, tuple]:
    """INC-1/INC-2: each person's (orders, accessories) target of the month:
    their own row, else the store's default."""
    own = {
        row.person_id: (Decimal(row.orders), row.accessories)
        for row in IncentiveTarget.objects.filter(store=store, month=month, person__in=list(ids))
    }
    default = (Decimal(policy.monthly_order_target), policy.monthly_accessories_target)
    return {pk: own.get(pk, default) for pk in ids}


def _top(standings: list[Standing], key) -> list[Standing]:
    """Those sharing the best key, among results above zero."""
    ranked = [s for s in standings if s.figure > 0]
    if not ranked:
        return []
    best = min(key(s) for s in ranked)
    return [s for s in ranked if key(s) == best]


def _sales_month(store, policy, month, start, end):
    """INC-1: most orders in the month; R less R ÷ orders per cancellation;
    only if orders less cancellations reach the person's target."""
    tally = order_tally_by_consultant(store=store, start=start, end=end)
    people = _people(tally)
    targets = _targets(store, policy, month, tally)
    standings = []
    for pk, counts in tally.items():
        target = targets[pk][0]
        met = counts.orders - counts.cancellations >= target
        reward = money(policy.sales_champion_reward)
        standings.append(
            Standing(
                person=people[pk],
                figure=Decimal(counts.orders),
                cancellations=counts.cancellations,
                target=target,
                eligible=met,
                reason="" if met else _("monthly order target not met"),
                reward=reward,
                deduction=sales_champion_deduction(
                    reward=reward, orders=counts.orders, cancellations=counts.cancellations
                ),
            )
        )
    key = lambda s: (-s.figure, s.cancellations)  # noqa: E731
    standings.sort(key=lambda s: (*key(s), s.person.display_name))
    return standings, _top(standings, key), []


def _accessories_month(store, policy, month, start, end):
    """INC-2: highest accessories sales of the month; only if the person's
    accessories target was met."""
    totals = accessory_sales_by_consultant(store=store, start=start, end=end)
    people = _people(totals)
    targets = _targets(store, policy, month, totals)
    standings = []
    for pk, total in totals.items():
        target = targets[pk][1]
        met = total >= target
        standings.append(
            Standing(
                person=people[pk],
                figure=money(total),
                target=target,
                eligible=met,
                reason="" if met else _("monthly accessories target not met"),
                reward=money(policy.accessories_champion_reward),
            )
        )
    key = lambda s: (-s.figure,)  # noqa: E731
    standings.sort(key=lambda s: (*key(s), s.person.display_name))
    return standings, _top(standings, key), []


def _sales_year(store, policy, year, start, end):
    """INC-3: most invoiced sales in the year among people with the required
    service at the year's end (hired on 1 July: six months, eligible); the
    extra reward when the store met its annual target."""
    counts = invoiced_sales_by_consultant(store=store, start=start, end=end)
    people = _people(counts)
    year_end = date(year.year + 1, 1, 1)  # service counted through 31 December
    store_total = invoiced_sales_count(store=store, start=start, end=end)
    target = policy.annual_invoiced_target
    target_met = target > 0 and store_total >= target
    bonus = money(policy.annual_target_bonus) if target_met else money(ZERO)
    standings = []
    for pk, count in counts.items():
        person = people[pk]
        tenured = has_tenure(
            hire_date=person.hire_date, on=year_end, months=policy.min_service_months
        )
        standings.append(
            Standing(
                person=person,
                figure=Decimal(count),
                eligible=tenured,
                reason=""
                if tenured
                else _("less than %(months)s months of service")
                % {"months": policy.min_service_months},
                reward=money(policy.annual_champion_reward),
                bonus=bonus,
            )
        )
    key = lambda s: (-s.figure,)  # noqa: E731
    standings.sort(key=lambda s: (not s.eligible, *key(s), s.person.display_name))
    leaders = _top([s for s in standings if s.eligible], key)
    notes = [
        _("Store's invoiced sales: %(total)s of a target of %(target)s.")
        % {"total": store_total, "target": target}
    ]
    return standings, leaders, notes


def incentive_award_list(*, store: Store, year: int):
    """The confirmed awards of a store's year, for the page and certificates."""
    return (
        IncentiveAward.objects.filter(store=store, period__year=year)
        .select_related("person", "confirmed_by", "store")
        .order_by("-period", "kind")
    )


@dataclass
class PromotionLine:
    person: User
    cars: int
    amount: Decimal


@dataclass
class PromotionResult:
    """INC-4: one campaign and what each consultant earned in it."""

    campaign: PromotionCampaign
    lines: list[PromotionLine]
    end: datetime

    @property
    def cars(self) -> int:
        return sum(line.cars for line in self.lines)

    @property
    def amount(self) -> Decimal:
        return money(sum((line.amount for line in self.lines), ZERO))

    @property
    def is_over(self) -> bool:
        return timezone.now() >= self.end


def promotion_results(*, store: Store, month: date) -> list[PromotionResult]:
    """INC-4: the store's campaigns that run during `month`, each over its
    whole run (first to last day, store days), with each consultant's cars
    and reward, most cars first. At most four queries, whatever the number
    of campaigns, people and sales."""
    campaigns = list(
        PromotionCampaign.objects.filter(
            store=store, starts_on__lt=next_month(month), ends_on__gte=month
        ).order_by("starts_on", "name")
    )
    ends = {c.pk: store_day_bounds(store, c.ends_on)[1] for c in campaigns}
    cars: dict = {}
    for deliveries in (False, True):
        windows = [
            PromotionWindow(
                key=c.pk,
                start=store_day_bounds(store, c.starts_on)[0],
                end=ends[c.pk],
                model_name=c.model_name,
            )
            for c in campaigns
            if (c.basis == PromotionBasis.DELIVERIES) == deliveries
        ]
        cars.update(
            promotion_cars_by_consultant(store=store, windows=windows, deliveries=deliveries)
        )
    people = _people({pk for counted in cars.values() for pk in counted})
    results = []
    for campaign in campaigns:
        lines = [
            PromotionLine(person=people[pk], cars=n, amount=money(campaign.reward_per_car * n))
            for pk, n in cars[campaign.pk].items()
        ]
        lines.sort(key=lambda line: (-line.cars, line.person.display_name))
        results.append(PromotionResult(campaign=campaign, lines=lines, end=ends[campaign.pk]))
    return results
