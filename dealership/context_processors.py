from urllib.parse import urlsplit

from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme

from dealership.navigation import nav_bar_html, nav_items_for, sections_of
from dealership.rules import Role
from dealership.text import join_list


def language_next(request):
    """Where the language picker returns to: this page; after a post (a refused
    form shown again at an address that takes posts only), the page the form
    was sent from, else the home page."""
    if request.method == "GET":
        return {"language_next": request.get_full_path()}
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return {"language_next": parts.path + (f"?{parts.query}" if parts.query else "")}
    return {"language_next": "/"}


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_sections": [], "nav_bar": ""}
    from dealership.selectors import notification_unread_count

    items = nav_items_for(user)
    standing_in = user.role_codes - user.own_role_codes  # STAND_INS
    return {
        "standing_in": join_list(Role(r).label for r in sorted(standing_in)),
        "nav_items": items,
        "nav_sections": SimpleLazyObject(lambda: sections_of(items)),
        "nav_bar": nav_bar_html(items),
        "unread_notifications": notification_unread_count(user=user),
    }
