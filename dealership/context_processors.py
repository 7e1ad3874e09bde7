from django.utils.functional import SimpleLazyObject

from dealership.navigation import nav_bar_html, nav_items_for, sections_of


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_sections": [], "nav_bar": ""}
    from dealership.selectors import notification_unread_count

    items = nav_items_for(user)
    return {
        "nav_items": items,
        "nav_sections": SimpleLazyObject(lambda: sections_of(items)),
        "nav_bar": nav_bar_html(items),
        "unread_notifications": notification_unread_count(user=user),
    }
