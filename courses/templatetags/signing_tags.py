"""{% load signing_tags %}: what the identity confirmation page needs to know of signing."""

from django import template

from courses import signing

register = template.Library()


@register.filter
def leads_to_signature(next_url) -> bool:
    """{% if redirect_field_value|leads_to_signature %}: the confirmation is for a signature."""
    return signing.leads_to_signature(next_url)
