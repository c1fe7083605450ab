"""The one template filter for dates shown to people: Buddhist Era in Thai, CE in English.

Usage (built into every template): ``{{ course.opens_at|thai_date }}``,
``{{ value|thai_date:"short" }}``, ``{{ value|thai_date:"datetime" }}``.
"""

from django import template
from django.utils.translation import get_language

from lms.thai import format_date

register = template.Library()


@register.filter(name="thai_date")
def thai_date(value, style="long"):
    with_time = style in ("datetime", "short_datetime")
    base_style = "short" if style.startswith("short") else "long"
    return format_date(value, style=base_style, language=get_language() or "th", with_time=with_time)
