"""Template filters for Vietnamese money, dates and names: {{ amount|vnd }}, {{ day|vndate }},
{{ user|person_name }}."""

from django import template

from sitewide import formatting

register = template.Library()


@register.filter
def vnd(amount):
    return formatting.format_vnd(amount)


@register.filter
def thousands(amount):
    return formatting.group_thousands(amount)


@register.filter
def vndate(value):
    return formatting.format_date(value)


@register.filter
def vndatetime(value):
    return formatting.format_datetime(value)


@register.filter
def person_name(user):
    """A staff member's name, family name first, else the username; "" for nobody, so
    ``{{ receipt.recorded_by|person_name|default:_("automatic") }}`` works."""
    return formatting.person_name(user)


@register.filter
def percent_of(part, whole):
    """Whole-number percentage of part in whole, capped at 100, for progress bars."""
    if not whole:
        return 0
    return min(100, int(part or 0) * 100 // int(whole))


@register.filter
def breakable_email(address):
    """An e-mail address that a narrow screen wraps after its @ or before a dot, never in the
    middle of a word (<wbr> marks where; the text is escaped first)."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe

    text = escape(address or "")
    return mark_safe(text.replace("@", "@<wbr>").replace(".", "<wbr>."))  # noqa: S308
