"""Template helpers of the stock pages and printed forms."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

from sales.selectors.access import user_sees_buyer

register = template.Library()


@register.filter
def buyer_for(order, user) -> str:
    """{{ order|buyer_for:request.user }}: the buyer's name, or a neutral
    placeholder for a consultant who does not own the order."""
    if order is None:
        return ""
    if user_sees_buyer(user, order):
        return order.full_name
    return _("another consultant's customer")
