from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class StoreSwitchForm(forms.Form):
    store = forms.ModelChoiceField(queryset=None, label=_("Store"))

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores


def form_add_domain_error(form: forms.Form, exc) -> None:
    """Show a refused action (DomainError) next to its field, or above the form
    when it concerns no single field. A form whose field has another name than
    the service's maps it in `domain_field_names` (service name → field)."""
    name = getattr(form, "domain_field_names", {}).get(exc.field, exc.field)
    field = name if name in form.fields else None
    form.add_error(field, forms.ValidationError(exc.message, code=exc.code))
