"""Submit an admin change form the way a browser would: every field as rendered."""

from django.db.models.fields.files import FieldFile
from django.forms import BaseFormSet, Form


def _form_values(form: Form) -> dict[str, object]:
    data: dict[str, object] = {}
    for bound in form:
        value = bound.value()
        if value is None or value is False or isinstance(value, FieldFile):
            continue  # a browser sends nothing for these (no new upload)
        if value is True:
            value = "on"
        data[bound.html_name] = value
    return data


def admin_form_data(response) -> dict[str, object]:
    """The POST data of the admin change form in `response`, unchanged."""
    context = response.context
    data = _form_values(context["adminform"].form)
    try:
        inlines = context["inline_admin_formsets"]
    except KeyError:  # a form without inlines
        inlines = []
    for inline in inlines:
        formset: BaseFormSet = inline.formset
        data.update(_form_values(formset.management_form))
        for form in formset.forms:
            data.update(_form_values(form))
    return data
