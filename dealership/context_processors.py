from dealership.navigation import nav_items_for, nav_sections_for


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": [], "nav_sections": []}
    from dealership.selectors import notification_unread_count

    return {
        "nav_items": nav_items_for(user),
        "nav_sections": nav_sections_for(user),
        "unread_notifications": notification_unread_count(user=user),
    }
