"""Writes of the penalty-point ledger (RULES.md PTS-1..5).

Interface for other apps (PTS-4, automatic detection)
------------------------------------------------------
Follow-ups, showroom, inventory and sales record a violation they detect by
calling, from their service or scheduled check::

    from scoring.services import violation_record

    violation_record(
        store=lead.store,
        person=lead.consultant,
        rule_code="LEAD-5-MISSING",        # a PenaltyRule.code of the catalogue
        fact_date=visit_local_date,        # the day of the fact (store time zone)
        fact_key=f"visit:{visit.pk}",      # identifies the fact within the rule
        evidence=visit,                    # a model instance, or a short text/URL
        note="",                           # optional explanation
        source="auto:lead_sms_check",      # "auto:<name of the check>"
    )

It records the entry and, in the same transaction, the joint-liability
entries (PTS-2). It records a fact exactly once: calling it again with the
same (rule_code, person, fact_key), even concurrently, returns None; so does a
rule not active on fact_date. An unknown rule_code raises
DomainError("PENALTY_RULE_UNKNOWN"). Rule codes: see PenaltyRule in the admin
(migration 0002 lists them: LEAD-5-LATE, FU-H-MISSED, SHW-ENV, ...).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError
from dealership.models import Store, User
from dealership.selectors import (
    person_in_store,
    staff_chain_of_command,
    staff_with_role,
    user_works_in_store,
)
from dealership.services import notification_send, require_store
from scoring.catalogue import DEFAULT_PENALTY_RULES
from scoring.models import IncentiveAward, PenaltyAppeal, PenaltyEntry, PenaltyRule
from scoring.rules import (
    APPEAL_DECIDER_ROLES,
    AUTO_SOURCE_PREFIX,
    INCENTIVE_ROLES,
    MANUAL_ENTRY_ROLES,
    MANUAL_SOURCE,
    AppealStatus,
    IncentiveKind,
)

ONCE_PER_FACT = "penaltyentry_once_per_fact"


def violation_record(
    *,
    store: Store,
    person: User,
    rule_code: str,
    fact_date: date,
    fact_key: str,
    evidence: models.Model | str | None = None,
    note: str = "",
    source: str = "auto:check",
) -> PenaltyEntry | None:
    """PTS-4: record an automatically detected violation once per fact, with
    its joint liability (PTS-2). See the module docstring."""
    if not fact_key:
        raise DomainError("FACT_KEY_REQUIRED", _("An automatic check must name the fact."))
    if not source.startswith(AUTO_SOURCE_PREFIX):
        source = AUTO_SOURCE_PREFIX + source
    rule = _rule_get(rule_code)
    if not rule.is_active_on(fact_date):
        return None
    try:
        with transaction.atomic():
            return _entry_create(
                store=store,
                person=person,
                rule=rule,
                fact_date=fact_date,
                fact_key=fact_key,
                evidence=evidence,
                note=note,
                source=source,
                by=None,
            )
    except IntegrityError as exc:
        if _constraint_name(exc) != ONCE_PER_FACT:
            raise
        return None  # already recorded, possibly by a concurrent caller


@transaction.atomic
def penalty_entry_record_manual(
    *,
    store: Store,
    person: User,
    rule: PenaltyRule,
    fact_date: date,
    reason: str,
    evidence: str = "",
    by: User,
) -> PenaltyEntry:
    """PTS-3: a manager records a conduct rule with no system signal
    (lateness, dress code, ...) for a person of their store, with a reason."""
    if not (by.is_superuser or by.has_role(*MANUAL_ENTRY_ROLES)):
        raise DomainError("NOT_ALLOWED", _("You may not record penalty points."))
    require_store(by, store)
    if not person_in_store(person=person, store_id=store.pk):
        raise DomainError(
            "PERSON_NOT_IN_STORE", _("This person does not work in this store."), field="person"
        )
    if not rule.is_manual:
        raise DomainError(
            "RULE_NOT_MANUAL", _("This rule is recorded by an automatic check."), field="rule"
        )
    if not rule.is_active_on(fact_date):
        raise DomainError(
            "RULE_INACTIVE", _("This rule does not apply on that date."), field="fact_date"
        )
    if not reason.strip():
        raise DomainError("REASON_REQUIRED", _("Give the reason."), field="reason")
    return _entry_create(
        store=store,
        person=person,
        rule=rule,
        fact_date=fact_date,
        fact_key="",
        evidence=evidence,
        note=reason.strip(),
        source=MANUAL_SOURCE,
        by=by,
    )


def _entry_create(
    *,
    store: Store,
    person: User,
    rule: PenaltyRule,
    fact_date: date,
    fact_key: str,
    evidence: models.Model | str | None,
    note: str,
    source: str,
    by: User | None,
) -> PenaltyEntry:
    entry = PenaltyEntry.objects.create(
        store=store,
        person=person,
        rule=rule,
        points=rule.points,
        fact_date=fact_date,
        fact_key=fact_key,
        note=note,
        source=source,
        recorded_by=by,
        **_evidence_fields(evidence),
    )
    _entry_notify(entry=entry)
    _joint_entries_create(entry=entry)
    return entry


def _entry_notify(*, entry: PenaltyEntry) -> None:
    """PTS-1: the person learns in the app of every entry recorded against
    them (original, joint or reversing), once per entry. Same transaction as
    the entry, so an entry and its notification exist together or not at all.
    The title is kept in every language, so the person reads it in theirs."""
    month = entry.fact_date.strftime("%Y-%m")
    url = reverse("scoring:person_entries", args=[entry.person_id]) + f"?month={month}"
    values = {"code": entry.rule.code, "points": abs(entry.points), "day": entry.fact_date}

    def title() -> str:
        if entry.reverses_id is not None:
            return _("Penalty points returned: %(code)s +%(points)s (%(day)s)") % values
        if entry.joint_of_id is not None:
            return _("Joint-liability points: %(code)s −%(points)s (%(day)s)") % values
        return _("Penalty points recorded: %(code)s −%(points)s (%(day)s)") % values

    notification_send(
        user=entry.person,
        key=f"scoring:entry:{entry.pk}",
        title=title,
        body=entry.note[:500],
        url=url,
        store=entry.store,
    )


def _joint_entries_create(*, entry: PenaltyEntry) -> list[PenaltyEntry]:
    """PTS-2: charge each joint role of the rule to the nearest person holding
    it in the offender's chain of command (ORG-4), else to the first active
    person with that role in the store. Nobody is charged twice for one fact,
    and a role the offender holds themselves is skipped: joint liability falls
    on those who manage the offender, not on a peer (a manager eating at work
    does not cost the other manager a point)."""
    chain = staff_chain_of_command(user=entry.person)
    charged = {entry.person_id}
    created = []
    for joint in entry.rule.joints.all():
        if entry.person.has_role(joint.role):
            continue
        liable = _liable_person(chain=chain, role=joint.role, store=entry.store, skip=charged)
        if liable is None:
            continue
        charged.add(liable.pk)
        joint_entry = PenaltyEntry.objects.create(
            store=entry.store,
            person=liable,
            rule=entry.rule,
            points=joint.points,
            fact_date=entry.fact_date,
            fact_key=entry.fact_key,
            evidence_type=entry.evidence_type,
            evidence_id=entry.evidence_id,
            evidence_text=entry.evidence_text,
            note=entry.note,
            source=entry.source,
            recorded_by=entry.recorded_by,
            joint_of=entry,
        )
        _entry_notify(entry=joint_entry)
        created.append(joint_entry)
    return created


def _liable_person(*, chain: list[User], role: str, store: Store, skip: set[int]) -> User | None:
    for person in chain:
        if person.pk not in skip and person.is_active and person.has_role(role):
            return person
    return staff_with_role(store=store, role=role).exclude(pk__in=skip).order_by("pk").first()


@transaction.atomic
def penalty_entry_reverse(*, entry: PenaltyEntry, reason: str, by: User) -> PenaltyEntry:
    """PTS-1: correct an entry by a reversing entry (the negative, linked);
    an original's joint entries (PTS-2) are reversed with it."""
    _require_decider(by=by, entry=entry)
    if not reason.strip():
        raise DomainError("REASON_REQUIRED", _("Give the reason."), field="reason")
    return _reverse(entry=entry, reason=reason.strip(), by=by)


@transaction.atomic
def penalty_entries_supersede(
    *, entries: models.QuerySet[PenaltyEntry], reason: str, source: str
) -> int:
    """PTS-4: an automatic check replaces lesser facts by a greater one
    (RPT-MONTHLY-*: "not done" replaces the late days). Every original among
    `entries` not reversed yet is reversed by the system (no recorded_by,
    source auto:<check>), with its joint entries. Safe to run twice. Returns
    how many originals were reversed."""
    if not source.startswith(AUTO_SOURCE_PREFIX):
        source = AUTO_SOURCE_PREFIX + source
    originals = entries.filter(joint_of__isnull=True, reverses__isnull=True, reversal__isnull=True)
    reversed_ = 0
    for entry in originals.order_by("pk"):
        try:
            _reverse(entry=entry, reason=reason, by=None, source=source)
        except ConflictError:
            continue  # reversed meanwhile (a concurrent run, a manager): nothing to do
        reversed_ += 1
    # PTS-5: an appeal still pending on a returned entry has its answer.
    PenaltyAppeal.objects.filter(
        entry__in=entries.values("pk"), status=AppealStatus.PENDING
    ).update(status=AppealStatus.ACCEPTED, decided_at=timezone.now(), decision_reason=reason)
    return reversed_


def _reverse(
    *, entry: PenaltyEntry, reason: str, by: User | None, source: str = MANUAL_SOURCE
) -> PenaltyEntry:
    entry = PenaltyEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.reverses_id is not None:
        raise ConflictError("ENTRY_IS_REVERSAL", _("A reversing entry cannot be reversed."))
    if PenaltyEntry.objects.filter(reverses=entry).exists():
        raise ConflictError("ENTRY_ALREADY_REVERSED", _("This entry is already reversed."))
    reversal = _reversal_create(entry=entry, reason=reason, by=by, source=source)
    if entry.joint_of_id is None:
        for joint in entry.joint_entries.filter(reverses__isnull=True, reversal__isnull=True):
            _reversal_create(entry=joint, reason=reason, by=by, source=source)
    return reversal


def _reversal_create(
    *, entry: PenaltyEntry, reason: str, by: User | None, source: str
) -> PenaltyEntry:
    reversal = PenaltyEntry.objects.create(
        store=entry.store,
        person=entry.person,
        rule=entry.rule,
        points=-entry.points,
        fact_date=entry.fact_date,
        fact_key=entry.fact_key,
        evidence_type=entry.evidence_type,
        evidence_id=entry.evidence_id,
        evidence_text=entry.evidence_text,
        note=reason,
        source=source,
        recorded_by=by,
        reverses=entry,
    )
    _entry_notify(entry=reversal)
    return reversal


@transaction.atomic
def penalty_appeal_file(*, entry: PenaltyEntry, reason: str, by: User) -> PenaltyAppeal:
    """PTS-5: the person contests one of their entries, with a reason."""
    if entry.person_id != by.pk:
        raise DomainError("NOT_OWN_ENTRY", _("You can only appeal your own entries."))
    if entry.reverses_id is not None:
        raise ConflictError("ENTRY_IS_REVERSAL", _("A reversing entry cannot be appealed."))
    if PenaltyEntry.objects.filter(reverses=entry).exists():
        raise ConflictError("ENTRY_ALREADY_REVERSED", _("This entry is already reversed."))
    if PenaltyAppeal.objects.filter(entry=entry).exists():
        raise ConflictError("APPEAL_EXISTS", _("This entry has already been appealed."))
    if not reason.strip():
        raise DomainError("REASON_REQUIRED", _("Give the reason."), field="reason")
    return PenaltyAppeal.objects.create(entry=entry, filed_by=by, reason=reason.strip())


@transaction.atomic
def penalty_appeal_decide(
    *, appeal: PenaltyAppeal, accept: bool, reason: str, by: User
) -> PenaltyAppeal:
    """PTS-5: a manager decides an appeal: accepted → the entry is reversed
    (PTS-1); rejected → recorded with the reason."""
    appeal = PenaltyAppeal.objects.select_for_update().select_related("entry").get(pk=appeal.pk)
    _require_decider(by=by, entry=appeal.entry)
    if appeal.status != AppealStatus.PENDING:
        raise ConflictError("APPEAL_DECIDED", _("This appeal has already been decided."))
    if not reason.strip():
        raise DomainError("REASON_REQUIRED", _("Give the reason."), field="reason")
    if accept:
        _reverse(entry=appeal.entry, reason=reason.strip(), by=by)
    appeal.status = AppealStatus.ACCEPTED if accept else AppealStatus.REJECTED
    appeal.decided_by = by
    appeal.decided_at = timezone.now()
    appeal.decision_reason = reason.strip()
    appeal.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    return appeal


def _require_decider(*, by: User, entry: PenaltyEntry) -> None:
    if by.pk == entry.person_id:
        raise DomainError("OWN_ENTRY", _("Someone else must decide on your own entries."))
    if by.is_superuser:
        return
    if not by.has_role(*APPEAL_DECIDER_ROLES) or not user_works_in_store(
        user=by, store_id=entry.store_id
    ):
        raise DomainError("NOT_ALLOWED", _("Only the store's manager decides this."))


def _rule_get(code: str) -> PenaltyRule:
    rule = PenaltyRule.objects.prefetch_related("joints").filter(code=code).first()
    if rule is None:
        raise DomainError(
            "PENALTY_RULE_UNKNOWN", _("Unknown penalty rule %(code)s.") % {"code": code}
        )
    return rule


def _evidence_fields(evidence: models.Model | str | None) -> dict:
    if evidence is None:
        return {}
    if isinstance(evidence, models.Model):
        return {
            "evidence_type": ContentType.objects.get_for_model(evidence),
            "evidence_id": evidence.pk,
            "evidence_text": str(evidence)[:300],
        }
    return {"evidence_text": str(evidence)[:300]}


def _constraint_name(exc: IntegrityError) -> str | None:
    diag = getattr(exc.__cause__, "diag", None)
    if diag is not None:
        return diag.constraint_name
    # SQLite names the columns, not the constraint (development only).
    message = str(exc)
    if "scoring_penaltyentry.rule_id" in message and "fact_key" in message:
        return ONCE_PER_FACT
    return None


def penalty_rules_install_defaults(*, rule_model=PenaltyRule, joint_model=None) -> int:
    """PTS-3: create the catalogue rows that do not exist yet (with their
    joint liability); an existing row, maybe edited by a manager, is left
    alone. Safe to run again; returns how many rules were created. The
    models are parameters so migration 0002 can pass its historical ones."""
    from scoring.models import PenaltyRuleJoint

    joint_model = joint_model or PenaltyRuleJoint
    created = 0
    for code, points, manual, zh, en, joints in DEFAULT_PENALTY_RULES:
        rule, new = rule_model.objects.get_or_create(
            code=code,
            defaults={
                "points": Decimal(points),
                "is_manual": manual,
                "description_zh": zh,
                "description_en": en,
            },
        )
        if new:
            created += 1
            for role, joint_points in joints.items():
                joint_model.objects.create(rule=rule, role=role, points=Decimal(joint_points))
    return created


def report_deadlines_install_defaults(*, model=None) -> int:
    """RPT-*: create the all-stores deadline row of each report that has none
    (defaults of RULES.md); rows a manager edited are left alone. Safe to run
    again; returns how many rows were created. Migration 0005 passes its
    historical model."""
    from scoring.models import ReportDeadline
    from scoring.rules import DEFAULT_DEADLINES

    model = model or ReportDeadline
    created = 0
    for kind, setting in DEFAULT_DEADLINES.items():
        _row, new = model.objects.get_or_create(
            kind=kind,
            store=None,
            defaults={
                "at": setting.at,
                "day": setting.day,
                "not_done_after_days": setting.not_done_after_days,
                "remind_minutes_before": setting.remind_minutes_before,
                "remind_days_before": setting.remind_days_before,
                "target_count": setting.target_count,
            },
        )
        created += new
    return created


@transaction.atomic
def incentive_award_confirm(
    *, store: Store, kind: str, day: date, person: User, by: User
) -> IncentiveAward:
    """INC-1..3: the manager confirms the champion of a finished month (or
    year) with the amounts computed now; recorded once per store, kind and
    period (a unique constraint), and the champion is told in the app."""
    from scoring.incentives import incentive_contest

    if kind not in IncentiveKind.values:
        raise DomainError("INCENTIVE_UNKNOWN", _("Unknown kind of award."), field="kind")
    if not by.is_superuser and not (
        by.has_role(*INCENTIVE_ROLES) and user_works_in_store(user=by, store_id=store.pk)
    ):
        raise DomainError("NOT_ALLOWED", _("Only the store's manager confirms awards."))
    contest = incentive_contest(store=store, kind=kind, day=day)
    if contest.award is not None:
        raise ConflictError("AWARD_EXISTS", _("This award has already been confirmed."))
    if not contest.is_over:
        raise ConflictError("PERIOD_NOT_OVER", _("The period is not over yet."))
    if not contest.winners:
        raise DomainError("NO_CHAMPION", contest.no_award_reason, field="person")
    standing = next((s for s in contest.winners if s.person.pk == person.pk), None)
    if standing is None:
        raise DomainError("NOT_CHAMPION", _("This person is not the champion."), field="person")
    try:
        with transaction.atomic():
            award = IncentiveAward.objects.create(
                store=store,
                kind=kind,
                period=contest.period,
                person=person,
                figure=standing.figure,
                cancellations=standing.cancellations,
                target=standing.target or 0,
                reward=standing.reward,
                deduction=standing.deduction,
                bonus=standing.bonus,
                amount=standing.amount,
                confirmed_by=by,
                confirmed_at=timezone.now(),
            )
    except IntegrityError:
        raise ConflictError("AWARD_EXISTS", _("This award has already been confirmed.")) from None
    _award_notify(award=award)
    return award


def _award_notify(*, award: IncentiveAward) -> None:
    def title() -> str:
        return _("Congratulations: %(award)s %(period)s, %(amount)s yuan") % {
            "award": award.get_kind_display(),
            "period": award.period_label,
            "amount": award.amount,
        }

    notification_send(
        user=award.person,
        key=f"scoring:award:{award.pk}",
        title=title,
        url=reverse("scoring:certificate", args=[award.pk]),
        store=award.store,
    )
