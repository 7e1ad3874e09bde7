"""Pages of the reports with deadlines (RULES.md RPT-*, TRN-4): phone-friendly
forms for the daily logs, monthly summaries, trainings, event KPI analyses and
competitor prices. Each validates a form and calls one service."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from dealership.errors import DomainError
from dealership.forms import form_add_domain_error
from dealership.models import User
from dealership.timeutil import store_today, week_start
from scoring import reports, selectors
from scoring.forms import (
    CompetitorPriceForm,
    ConsultantLogForm,
    EventAnalysisForm,
    ManagerLogForm,
    MarketingEventForm,
    MonthlyReportForm,
    TrainingForm,
)
from scoring.models import CompetitorPrice, ConsultantDailyLog, ManagerDailyLog, MarketingEvent
from scoring.rules import (
    CONSULTANT_LOG_ROLES,
    MANAGER_LOG_ROLES,
    MARKETING_ROLES,
    MONTHLY_REPORT_RULES,
    TRAINING_ROLES,
    MonthlyReportKind,
    ReportDeadlineKind,
    month_start,
    previous_month,
)
from scoring.views import current_store


def _require_role(user: User, roles: frozenset[str]) -> None:
    if not (user.is_superuser or user.has_role(*roles)):
        raise PermissionDenied


def _saved(request: HttpRequest, form, service, success: str, **kwargs) -> bool:
    """Call the service; show a refusal next to its field. True when saved."""
    try:
        service(**kwargs)
    except DomainError as exc:
        form_add_domain_error(form, exc)
        return False
    messages.success(request, success)
    return True


@login_required
def report_home(request: HttpRequest) -> HttpResponse:
    """The reports the person writes, with today's state."""
    store = current_store(request)
    user = request.user
    month = month_start(store_today(store))
    kinds = [kind for kind, rule in MONTHLY_REPORT_RULES.items() if user.has_role(rule.role)]
    context = {
        "writes_consultant_log": user.has_role(*CONSULTANT_LOG_ROLES),
        "writes_manager_log": user.has_role(*MANAGER_LOG_ROLES),
        "monthly_kinds": [(k, MonthlyReportKind(k).label) for k in kinds],
        "trains": user.has_role(*TRAINING_ROLES),
        "markets": user.has_role(*MARKETING_ROLES),
        "training_count": selectors.training_count_for_month(store=store, month=month),
        "training_target": _training_target(store),
    }
    return render(request, "scoring/report_home.html", context)


def _training_target(store) -> int:
    """TRN-4: trainings required a month (ReportDeadline, default 4)."""
    return selectors.report_deadline_get(store=store, kind=ReportDeadlineKind.TRAINING).target_count


def _daily_log(request, *, roles, model, form_class, submit, kind, title) -> HttpResponse:
    store = current_store(request)
    _require_role(request.user, roles)
    deadline = selectors.report_deadline_get(store=store, kind=kind).at
    today = store_today(store)
    log = model.objects.filter(author=request.user, date=today).first()
    form = form_class(request.POST or None, instance=log)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in form_class.Meta.fields}
        saved = _saved(
            request,
            form,
            submit,
            _("Your daily log has been saved."),
            store=store,
            data=data,
            by=request.user,
        )
        if saved:
            return redirect(request.path)
    context = {
        "form": form,
        "title": title,
        "subtitle": _("%(day)s · due by %(time)s")
        % {"day": today.isoformat(), "time": deadline.strftime("%H:%M")},
        "submitted_at": log.submitted_at if log else None,
    }
    return render(request, "scoring/form.html", context)


@login_required
def consultant_log(request: HttpRequest) -> HttpResponse:
    """RPT-CONSULTANT-LOG: today's log, by 22:00."""
    return _daily_log(
        request,
        roles=CONSULTANT_LOG_ROLES,
        model=ConsultantDailyLog,
        form_class=ConsultantLogForm,
        submit=reports.consultant_log_submit,
        kind=ReportDeadlineKind.CONSULTANT_LOG,
        title=_("Consultant's daily log"),
    )


@login_required
def manager_log(request: HttpRequest) -> HttpResponse:
    """RPT-MGR-LOG: today's log, by 20:00."""
    return _daily_log(
        request,
        roles=MANAGER_LOG_ROLES,
        model=ManagerDailyLog,
        form_class=ManagerLogForm,
        submit=reports.manager_log_submit,
        kind=ReportDeadlineKind.MANAGER_LOG,
        title=_("Manager's daily log"),
    )


@login_required
def monthly_report(request: HttpRequest, kind: str) -> HttpResponse:
    """RPT-MONTHLY-*: last month's results and this month's plan, by the 5th."""
    store = current_store(request)
    rule = MONTHLY_REPORT_RULES.get(kind)
    if rule is None:
        raise Http404
    _require_role(request.user, frozenset({rule.role}))
    period = previous_month(store_today(store))
    existing = selectors.monthly_report_get(author=request.user, kind=kind, period=period)
    initial = {"results": existing.results, "plan": existing.plan} if existing else None
    form = MonthlyReportForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            reports.monthly_report_submit,
            _("Your monthly summary has been saved."),
            store=store,
            kind=kind,
            by=request.user,
            **form.cleaned_data,
        )
        if saved:
            return redirect(request.path)
    context = {
        "form": form,
        "title": _("Monthly summary and plan: %(kind)s") % {"kind": MonthlyReportKind(kind).label},
        "subtitle": _("Month summarised: %(month)s") % {"month": f"{period:%Y-%m}"},
        "submitted_at": existing.submitted_at if existing else None,
    }
    return render(request, "scoring/form.html", context)


@login_required
def trainings(request: HttpRequest) -> HttpResponse:
    """TRN-4: this month's trainings (at least four) and the form for a new one."""
    store = current_store(request)
    _require_role(request.user, TRAINING_ROLES)
    people = User.objects.filter(stores=store, is_active=True).order_by("full_name", "username")
    form = TrainingForm(
        request.POST or None, people=people, initial={"training_date": store_today(store)}
    )
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            reports.training_record,
            _("The training has been recorded."),
            store=store,
            by=request.user,
            **form.cleaned_data,
        )
        if saved:
            return redirect(request.path)
    month = month_start(store_today(store))
    context = {
        "form": form,
        "trainings": selectors.training_list(store=store, month=month),
        "count": selectors.training_count_for_month(store=store, month=month),
        "target": _training_target(store),
    }
    return render(request, "scoring/trainings.html", context)


@login_required
def events(request: HttpRequest) -> HttpResponse:
    """RPT-EVENT-KPI: marketing's events, each with its analysis due 2 days after."""
    store = current_store(request)
    _require_role(request.user, MARKETING_ROLES)
    form = MarketingEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            reports.marketing_event_create,
            _("The event has been registered."),
            store=store,
            by=request.user,
            **form.cleaned_data,
        )
        if saved:
            return redirect(request.path)
    context = {"form": form, "events": selectors.marketing_event_list(store=store)}
    return render(request, "scoring/events.html", context)


@login_required
def event_analysis(request: HttpRequest, event_id: int) -> HttpResponse:
    store = current_store(request)
    _require_role(request.user, MARKETING_ROLES)
    event = MarketingEvent.objects.filter(store=store, pk=event_id).first()
    if event is None:
        raise Http404
    form = EventAnalysisForm(request.POST or None, initial={"analysis": event.analysis})
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            reports.marketing_event_submit_analysis,
            _("The analysis has been saved."),
            event=event,
            analysis=form.cleaned_data["analysis"],
            by=request.user,
        )
        if saved:
            return redirect("scoring:events")
    context = {
        "form": form,
        "title": _("KPI analysis: %(event)s") % {"event": event.name},
        "submitted_at": event.analysis_submitted_at,
    }
    return render(request, "scoring/form.html", context)


@login_required
def competitor_prices(request: HttpRequest) -> HttpResponse:
    """RPT-COMPETITOR: this week's competitor and nearby-city prices."""
    store = current_store(request)
    _require_role(request.user, MARKETING_ROLES)
    form = CompetitorPriceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        saved = _saved(
            request,
            form,
            reports.competitor_price_record,
            _("The price has been recorded."),
            store=store,
            by=request.user,
            **form.cleaned_data,
        )
        if saved:
            return redirect(request.path)
    week = week_start(store_today(store))
    prices = CompetitorPrice.objects.filter(store=store, week=week).order_by("our_model", "pk")
    return render(
        request, "scoring/competitor_prices.html", {"form": form, "prices": prices, "week": week}
    )
