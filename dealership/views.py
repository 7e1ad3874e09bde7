"""Pages of the organisation: home, stores and their staff (ORG-1..5)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from dealership import selectors, services
from dealership.errors import DomainError
from dealership.forms import StoreSwitchForm
from dealership.tasks import HEARTBEAT_NAME


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "roles": sorted(user.groups.all(), key=lambda g: g.name),
        "stores": selectors.store_list_for_user(user=user),
        "heartbeat": selectors.heartbeat_get(name=HEARTBEAT_NAME) if user.is_staff else None,
        "chain": selectors.staff_chain_of_command(user=user),
    }
    return render(request, "dealership/home.html", context)


def _require_organisation_viewer(user) -> None:
    if not selectors.user_can_view_organisation(user=user):
        raise PermissionDenied


@login_required
def store_list(request: HttpRequest) -> HttpResponse:
    _require_organisation_viewer(request.user)
    stores = selectors.store_list_for_user(user=request.user)
    return render(request, "dealership/store_list.html", {"stores": stores})


@login_required
def store_detail(request: HttpRequest, store_id: int) -> HttpResponse:
    _require_organisation_viewer(request.user)
    store = selectors.store_get_for_user(user=request.user, store_id=store_id)
    if store is None:
        raise Http404
    staff = selectors.staff_list_for_store(store=store)
    return render(request, "dealership/store_detail.html", {"store": store, "staff": staff})


@login_required
@require_POST
def store_switch(request: HttpRequest) -> HttpResponse:
    form = StoreSwitchForm(request.POST, stores=selectors.store_list_for_user(user=request.user))
    if form.is_valid():
        try:
            services.store_select_current(
                session=request.session, user=request.user, store=form.cleaned_data["store"]
            )
        except DomainError as exc:
            messages.error(request, exc.message)
    else:
        messages.error(request, form.errors.get("store", [""])[0])
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "home"
    return redirect(target)


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        services.notification_mark_read(user=request.user)
        return redirect("notifications")
    notifications = selectors.notification_list_for_user(user=request.user)[:200]
    return render(request, "dealership/notification_list.html", {"notifications": notifications})


def health(request: HttpRequest) -> JsonResponse:
    """For a load balancer: the database answers; the last heartbeat is shown."""
    beat = selectors.heartbeat_get(name=HEARTBEAT_NAME)
    return JsonResponse(
        {"status": "ok", "heartbeat": beat.last_run_at.isoformat() if beat else None}
    )
