from django import template

from ..middleware import SESSION_NEXT_KEY, has_second_factor, safe_next

register = template.Library()


@register.simple_tag
def form_widget(bound_field):
    """The field's widget, tied to its help text and errors for screen readers."""
    described_by = []
    if bound_field.help_text:
        described_by.append(f"{bound_field.auto_id}_helptext")
    if bound_field.errors:
        described_by.append(f"{bound_field.auto_id}_errors")
    attrs = {}
    if described_by:
        attrs["aria-describedby"] = " ".join(described_by)
    if bound_field.errors:
        attrs["aria-invalid"] = "true"
    return bound_field.as_widget(attrs=attrs)


@register.simple_tag(takes_context=True)
def mfa_continue_url(context) -> str:
    """Where the MFA check stopped the person, once they have a second factor; else ""."""
    request = context.get("request")
    if request is None or not request.user.is_authenticated:
        return ""
    stored = safe_next(request, request.session.get(SESSION_NEXT_KEY))
    return stored if stored and has_second_factor(request.user) else ""
