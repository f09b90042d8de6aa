from django import template

from core import formatting

register = template.Library()


@register.filter
def formatted(text: str):
    """A formatted text (core/formatting.py) as safe HTML."""
    return formatting.render(text or "")
