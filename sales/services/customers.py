"""Reception log, customer records, grades, post-visit SMS and test drives
(LEAD-1..6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from decimal import Decimal

from django.core.exceptions import FieldDoesNotExist
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from dealership.errors import ConflictError, DomainError, ForbiddenError
from dealership.models import Store, User
from dealership.rules import Role
from dealership.selectors import person_in_store
from dealership.sms import SmsError, SmsMessagePayload, get_backend
from dealership.text import join_list
from dealership.timeutil import store_tz
from followups.services import followups_on_contact
from sales.models import Customer, SalesPolicy, SmsMessage, TestCar, TestDrive, Visit
from sales.rules import (
    CUSTOMER_HOLDER_ROLES,
    MANUAL_GRADE_TARGETS,
    RECEPTION_SMS_CAP,
    VISIT_CLOCK_SKEW,
    VISIT_EARLIEST,
    VISIT_LOGGER_ROLES,
    VISIT_MAX_LENGTH,
    Grade,
    SourceChannel,
    Title,
    VisitKind,
)
from sales.services.common import (
    clean_licence,
    clean_mobile,
    lock_customer,
    require_text,
    set_grade,
)

FOUR_CHARACTERISTICS = ("appearance", "family_background", "social_background", "needs_and_budget")
# LEAD-2: appearance (相貌特征) is what the consultant saw; a customer known
# only from an inbound call has none yet, and is asked for it at a visit.
SEEN_ONLY = ("appearance",)


def characteristics_required(*, seen: bool) -> tuple[str, ...]:
    """LEAD-2: the characteristics a customer record must hold; appearance
    only once the customer has been in the showroom."""
    return (
        FOUR_CHARACTERISTICS
        if seen
        else tuple(f for f in FOUR_CHARACTERISTICS if f not in SEEN_ONLY)
    )


def sales_policy_for(store: Store) -> SalesPolicy:
    """The store's configurable sales numbers, created with the defaults."""
    policy, _created = SalesPolicy.objects.get_or_create(store=store)
    return policy


@dataclass
class NewCustomerData:
    """What a new customer record needs (LEAD-1, LEAD-2)."""

    name: str = ""
    title: str = ""
    appearance: str = ""
    family_background: str = ""
    social_background: str = ""
    needs_and_budget: str = ""
    model_of_interest: str = ""
    colour_of_interest: str = ""
    budget: Decimal | None = None


def _check_visit_times(*, started_at: datetime, ended_at: datetime | None) -> None:
    """LEAD-1: a visit that has begun (and not before VISIT_EARLIEST); its time
    out (it may be expected, typed on arrival) within VISIT_MAX_LENGTH."""
    now = timezone.now()
    if started_at > now + VISIT_CLOCK_SKEW:
        raise DomainError(
            "VISIT_IN_FUTURE",
            _("A visit is logged once it has begun: the time in is still to come."),
            field="started_at",
        )
    if started_at < VISIT_EARLIEST:
        raise DomainError(
            "VISIT_TOO_OLD",
            _("The time in is before %(year)d: check the year.") % {"year": VISIT_EARLIEST.year},
            field="started_at",
        )
    if ended_at is not None and ended_at < started_at:
        raise DomainError("VISIT_TIMES", _("Time out is before time in."), field="ended_at")
    if ended_at is not None and ended_at > started_at + VISIT_MAX_LENGTH:
        raise DomainError(
            "VISIT_TIMES",
            _("Time out is more than %(hours)d hours after time in.")
            % {"hours": int(VISIT_MAX_LENGTH.total_seconds() // 3600)},
            field="ended_at",
        )


def _check_consultant(*, store: Store, consultant: User, by: User) -> None:
    if not person_in_store(person=consultant, store_id=store.pk):
        raise DomainError(
            "CONSULTANT_NOT_IN_STORE",
            _("This consultant does not work in this store."),
            field="consultant",
        )
    if consultant != by and not by.has_role(*VISIT_LOGGER_ROLES):
        raise DomainError(
            "NOT_YOUR_VISIT",
            _("A consultant logs only the customers they receive themselves."),
            field="consultant",
        )
    if consultant != by and not (
        consultant.is_active and consultant.has_role(*CUSTOMER_HOLDER_ROLES)
    ):
        raise DomainError(
            "CONSULTANT_NOT_SALES",
            _("Choose an active sales consultant of this store."),
            field="consultant",
        )


def _create_customer(
    *,
    store: Store,
    mobile: str,
    data: NewCustomerData,
    consultant: User,
    channel: str,
    by: User,
    seen: bool,
) -> Customer:
    """LEAD-2: a new record needs the name, a real source channel and all four
    characteristics (appearance only when the customer came in: `seen`)."""
    missing = {}
    if not (data.name or "").strip():
        missing["name"] = ("NAME_REQUIRED", _("Enter the customer's name."))
    for field in characteristics_required(seen=seen):
        if not (getattr(data, field) or "").strip():
            missing[field] = (
                "CHARACTERISTIC_REQUIRED",
                _("A new customer needs all four characteristics (LEAD-2).")
                if seen
                else _("A new caller needs their family, social background and needs (LEAD-2)."),
            )
    if missing:  # all of them at once, not one per submit
        raise DomainError.for_fields(missing)
    return Customer.objects.create(
        store=store,
        name=data.name.strip(),
        title=data.title if data.title in Title.values else "",
        mobile=mobile,
        consultant=consultant,
        assigned_at=timezone.now(),
        source_channel=channel,
        appearance=data.appearance.strip(),
        family_background=data.family_background.strip(),
        social_background=data.social_background.strip(),
        needs_and_budget=data.needs_and_budget.strip(),
        model_of_interest=data.model_of_interest.strip(),
        colour_of_interest=data.colour_of_interest.strip(),
        budget=data.budget,
        created_by=by,
    )


@transaction.atomic
def visit_log(
    *,
    store: Store,
    by: User,
    consultant: User,
    kind: str,
    source_channel: str,
    mobile: str,
    started_at: datetime,
    ended_at: datetime | None = None,
    party_size: int = 1,
    note: str = "",
    customer_data: NewCustomerData | None = None,
) -> Visit:
    """LEAD-1: log a showroom visit or an inbound call. The customer is matched
    by mobile number in the store, or created (LEAD-2). Every reception, visit
    or call, gets its post-visit SMS due within the store's deadline (LEAD-5:
    "所接待各级别客户接待完毕后")."""
    if kind not in VisitKind.values:
        raise DomainError("VISIT_KIND", _("Choose a visit or a call."), field="kind")
    if source_channel not in SourceChannel.values:
        raise DomainError(
            "SOURCE_CHANNEL_REQUIRED",
            _("Choose how the customer came: referral, walk-in, advertising, ..."),
            field="source_channel",
        )
    _check_visit_times(started_at=started_at, ended_at=ended_at)
    _check_consultant(store=store, consultant=consultant, by=by)
    mobile = clean_mobile(mobile)
    customer = Customer.objects.filter(store=store, mobile=mobile).first()
    is_first = customer is None
    if customer is not None and customer.grade == Grade.F:
        # LEAD-4 / LEAD-11: a lost customer who comes back is worked again:
        # new (N) until the consultant grades them after this contact.
        customer = lock_customer(customer)
        set_grade(
            customer=customer,
            to_grade=Grade.N,
            reason=_("Came back after being marked lost."),
            by=by,
        )
    if customer is None:
        try:
            with transaction.atomic():  # a savepoint: the same mobile may be logged at once
                customer = _create_customer(
                    store=store,
                    mobile=mobile,
                    data=customer_data or NewCustomerData(),
                    consultant=consultant,
                    channel=source_channel,
                    by=by,
                    seen=kind == VisitKind.SHOWROOM,
                )
        except IntegrityError:
            # Another desk logged this mobile's first visit meanwhile (the
            # store's mobiles are unique): this visit is that customer's.
            customer = Customer.objects.filter(store=store, mobile=mobile).first()
            if customer is None:
                raise
            is_first = False
    visit = Visit.objects.create(
        store=store,
        customer=customer,
        consultant=consultant,
        kind=kind,
        source_channel=source_channel,
        is_first=is_first,
        party_size=max(1, party_size),
        started_at=started_at,
        ended_at=ended_at,
        note=note.strip(),
        created_by=by,
    )
    _prepare_post_visit_sms(visit=visit)
    followups_on_contact(customer=customer, at=visit.ended_at or visit.started_at)
    return visit


@transaction.atomic
def visit_end(*, visit: Visit, by: User, ended_at: datetime | None = None) -> Visit:
    """LEAD-5, SHW-DESK: the reception is over (时间离店). A visit logged on the
    customer's arrival is ended here: the consultant is free at the desk again
    and the post-visit SMS falls due the store's deadline after the end
    ("接待完毕后30分钟内"), unless it has been sent already; an end recorded
    more than RECEPTION_SMS_CAP after the start moves it no further."""
    visit = Visit.objects.select_for_update().select_related("store").get(pk=visit.pk)
    if visit.consultant_id != by.pk and not by.has_role(*VISIT_LOGGER_ROLES):
        raise ForbiddenError(
            "NOT_YOUR_VISIT", _("A consultant ends only the receptions they are giving themselves.")
        )
    if visit.ended_at is not None:
        raise ConflictError("VISIT_ENDED", _("This reception has already ended."))
    ended_at = ended_at or timezone.now()
    if ended_at > timezone.now() + VISIT_CLOCK_SKEW:
        raise DomainError(
            "VISIT_END_IN_FUTURE",
            _("A reception is ended once it is over: the time out is still to come."),
            field="ended_at",
        )
    _check_visit_times(started_at=visit.started_at, ended_at=ended_at)
    visit.ended_at = ended_at
    visit.save(update_fields=["ended_at"])
    policy = sales_policy_for(visit.store)
    received_until = min(ended_at, visit.started_at + RECEPTION_SMS_CAP)
    SmsMessage.objects.filter(visit=visit, sent_at__isnull=True).update(
        due_at=_sms_due_at(policy, received_until)
    )
    return visit


def _sms_due_at(policy: SalesPolicy, received_until: datetime) -> datetime:
    """LEAD-5: the thank-you text is due the store's deadline after the
    reception (30 minutes by default)."""
    return received_until + timedelta(minutes=policy.sms_deadline_minutes)


def _prepare_post_visit_sms(*, visit: Visit) -> SmsMessage:
    """LEAD-5: after receiving any customer the consultant sends the store's
    thank-you text within the deadline (30 minutes by default)."""
    policy = sales_policy_for(visit.store)
    customer = visit.customer
    title = {Title.MR: "先生", Title.MS: "女士"}.get(customer.title, "先生/女士")
    text = policy.post_visit_sms.format(
        customer=customer.name[:1] if customer.title else customer.name,
        title=title,
        store=visit.store.name,
        consultant=visit.consultant.display_name,
        brand=visit.store.brand,
    )
    received_until = visit.ended_at or visit.started_at
    return SmsMessage.objects.create(
        store=visit.store,
        customer=customer,
        visit=visit,
        sender=visit.consultant,
        mobile=customer.mobile,
        text=text,
        due_at=_sms_due_at(policy, received_until),
    )


SMS_SEND_CLAIM = timedelta(minutes=2)  # how long a send in progress holds the message


def sms_send(*, sms: SmsMessage, by: User) -> SmsMessage:
    """LEAD-5: send a prepared SMS through the configured backend and record
    when. Refused when already sent; a provider failure is recorded and raised."""
    with transaction.atomic():
        sms = SmsMessage.objects.select_for_update().get(pk=sms.pk)
        if sms.sent_at is not None:
            raise ConflictError("SMS_ALREADY_SENT", _("This message was already sent."))
        now = timezone.now()
        if sms.sending_since is not None and now - sms.sending_since < SMS_SEND_CLAIM:
            raise ConflictError(
                "SMS_BEING_SENT", _("This message is being sent; look again in a moment.")
            )
        # Claimed under the lock: a second click (or the visit form's send and
        # the list's button at once) is refused instead of texting twice. A
        # claim older than SMS_SEND_CLAIM (a crashed worker) may be taken over.
        sms.sending_since = now
        sms.save(update_fields=["sending_since"])
    backend = get_backend()
    payload = SmsMessagePayload(
        mobile=sms.mobile,
        text=sms.text,
        params={"customer": sms.customer.name, "consultant": sms.sender.display_name},
    )
    try:
        provider_id = backend.send(payload)
    except SmsError as exc:
        SmsMessage.objects.filter(pk=sms.pk).update(
            error=str(exc)[:300], backend=backend.name, sending_since=None
        )
        raise DomainError("SMS_FAILED", _("The SMS could not be sent: %s") % exc) from exc
    SmsMessage.objects.filter(pk=sms.pk, sent_at__isnull=True).update(
        sent_at=timezone.now(),
        backend=backend.name,
        provider_id=provider_id,
        error="",
        sending_since=None,
    )
    sms.refresh_from_db()
    return sms


def _field_label(name: str) -> str:
    """A customer field as people read it (its verbose name), else the name."""
    try:
        field = Customer._meta.get_field(name)
    except FieldDoesNotExist:
        return name
    return str(getattr(field, "verbose_name", name))


@transaction.atomic
def customer_update(*, customer: Customer, by: User, **fields) -> Customer:
    """Edit contact data, interest and the four characteristics (LEAD-2)."""
    allowed = {
        "name",
        "title",
        "birthday",
        "address",
        "model_of_interest",
        "colour_of_interest",
        "budget",
        *FOUR_CHARACTERISTICS,
    }
    unknown = set(fields) - allowed - {"mobile"}
    if unknown:
        names = [_field_label(name) for name in sorted(unknown)]
        raise DomainError(
            "FIELD_NOT_EDITABLE",
            _("These cannot be changed here: %(fields)s.") % {"fields": join_list(names)},
        )
    # Locked and saved field by field: an edit made while the customer is
    # reassigned, graded or ordered never writes back the old consultant,
    # grade or owner the page was opened with.
    customer = lock_customer(customer)
    changed = set(fields)
    if "mobile" in fields:
        mobile = clean_mobile(fields.pop("mobile"))
        clash = Customer.objects.filter(store=customer.store, mobile=mobile)
        if clash.exclude(pk=customer.pk).exists():
            raise ConflictError(
                "MOBILE_TAKEN", _("Another customer of this store has this number."), field="mobile"
            )
        customer.mobile = mobile
    # An appearance once written is kept; a caller's is asked for once seen.
    seen = bool(customer.appearance.strip()) or (
        customer.visits.filter(kind=VisitKind.SHOWROOM).exists()
    )
    for name in characteristics_required(seen=seen):
        if name in fields:
            require_text(
                fields[name],
                name,
                "CHARACTERISTIC_REQUIRED",
                _("A customer needs all four characteristics (LEAD-2)."),
            )
    for name, value in fields.items():
        setattr(customer, name, value.strip() if isinstance(value, str) else value)
    customer.save(update_fields=sorted(changed))
    return customer


@transaction.atomic
def customer_change_grade(*, customer: Customer, to_grade: str, reason: str, by: User) -> Customer:
    """LEAD-4: a consultant grades a customer H/A/B/C. O, D, T and F come only
    from an order, a delivery, a cancellation or an approved lost request."""
    reason = require_text(reason, "reason", "REASON_REQUIRED", _("Say why the grade changes."))
    customer = lock_customer(customer)
    if to_grade not in MANUAL_GRADE_TARGETS.get(customer.grade, set()):
        raise ConflictError(
            "GRADE_CHANGE_NOT_ALLOWED",
            _("A %(from)s customer cannot be set to %(to)s by hand.")
            % {"from": customer.grade, "to": to_grade},
            field="grade",
        )
    set_grade(customer=customer, to_grade=to_grade, reason=reason, by=by)
    return customer


@transaction.atomic
def test_drive_register(
    *,
    customer: Customer,
    test_car: TestCar,
    driver_name: str,
    licence_number: str,
    by: User,
    started_at: datetime | None = None,
    note: str = "",
) -> TestDrive:
    """LEAD-6: the driver's name and licence number are registered before the
    drive; a test car takes one drive at a time."""
    driver_name = require_text(
        driver_name, "driver_name", "DRIVER_NAME_REQUIRED", _("Enter the driver's name.")
    )
    licence_number = clean_licence(licence_number)
    car = TestCar.objects.select_for_update().get(pk=test_car.pk)
    if car.store_id != customer.store_id or not car.is_active:
        raise DomainError(
            "TEST_CAR_UNAVAILABLE", _("This test car is not in service."), field="test_car"
        )
    if TestDrive.objects.filter(test_car=car, ended_at__isnull=True).exists():
        raise ConflictError(
            "TEST_CAR_BUSY", _("This test car is out on another drive."), field="test_car"
        )
    started_at = started_at or timezone.now()
    _require_test_car_ready(car=car, store=customer.store, at=started_at)
    return TestDrive.objects.create(
        store=customer.store,
        customer=customer,
        consultant=by if by.has_role(Role.SALES_CONSULTANT) else customer.consultant,
        test_car=car,
        driver_name=driver_name,
        licence_number=licence_number,
        started_at=started_at,
        note=note.strip(),
    )


def _require_test_car_ready(*, car: TestCar, store: Store, at: datetime) -> None:
    """SHW-TESTCAR: a test car that failed its morning check (no fuel, battery
    flat, dirty, ...) is not ready until the fault is marked fixed there."""
    from showroom.selectors import test_cars_not_ready

    day = timezone.localtime(at, timezone=store_tz(store)).date()
    problems = test_cars_not_ready(store=store, day=day).get(car.pk)
    if problems:
        raise ConflictError(
            "TEST_CAR_NOT_READY",
            _(
                "This test car failed its morning check (%(problems)s); it is not ready until "
                "the sales manager or a supervisor marks it fixed."
            )
            % {"problems": join_list(problems)},
            field="test_car",
        )


@transaction.atomic
def test_drive_finish(*, drive: TestDrive, by: User, ended_at: datetime | None = None) -> TestDrive:
    drive = TestDrive.objects.select_for_update().get(pk=drive.pk)
    if drive.ended_at is not None:
        raise ConflictError("TEST_DRIVE_FINISHED", _("This test drive has already ended."))
    ended_at = ended_at or timezone.now()
    if ended_at < drive.started_at:
        raise DomainError("TEST_DRIVE_TIMES", _("The end is before the start."), field="ended_at")
    drive.ended_at = ended_at
    drive.save(update_fields=["ended_at"])
    return drive
