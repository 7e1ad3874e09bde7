from django import template

from dealership.rules import Role

register = template.Library()


@register.filter
def role_label(code: str) -> str:
    """The translated name of a role group (ORG-2); other groups keep their name."""
    try:
        return Role(code).label
    except ValueError:
        return code
