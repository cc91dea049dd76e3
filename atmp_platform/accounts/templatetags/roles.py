from django import template

from atmp_platform.accounts import roles

register = template.Library()


@register.filter
def has_role(user, role: str) -> bool:
    """`{% if user|has_role:"Trainer" %}`: the role names are read once per request."""
    return roles.has_role(user, role)
