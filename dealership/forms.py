from __future__ import annotations

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dealership.timeutil import store_aware, store_tz


class StoreSwitchForm(forms.Form):
    store = forms.ModelChoiceField(queryset=None, label=_("Store"))

    def __init__(self, *args, stores, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["store"].queryset = stores


class StoreDateTimeField(forms.DateTimeField):
    """A date and time typed on the store's clock (a datetime-local box),
    shown and read in the store's time zone whatever the request's. The form
    sets `store` on the field."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    store = None

    def prepare_value(self, value):
        if isinstance(value, datetime) and timezone.is_aware(value) and self.store is not None:
            return value.astimezone(store_tz(self.store))
        return super().prepare_value(value)

    def to_python(self, value):
        if isinstance(value, datetime) or self.store is None:
            return super().to_python(value)
        result = super().to_python(value)  # aware in the request's zone
        if result is None:
            return None
        naive = timezone.make_naive(result) if timezone.is_aware(result) else result
        return store_aware(self.store, naive)


def parse_id(value) -> int | None:
    """A primary key as a request sends it ("12"), else None. ASCII digits
    only: "²".isdigit() is true, but int("²") fails."""
    value = str(value if value is not None else "")
    return int(value) if value.isascii() and value.isdigit() else None


def form_errors_text(form: forms.Form) -> str:
    """All the form's errors as one sentence, for a message above the page
    when the form itself is not on it."""
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


def form_add_domain_error(form: forms.Form, exc) -> None:
    """Show a refused action (DomainError) next to its field, or above the form
    when it concerns no single field. A form whose field has another name than
    the service's maps it in `domain_field_names` (service name → field)."""
    names = getattr(form, "domain_field_names", {})
    refused = exc.refused_fields or {None: (exc.code, exc.message)}
    for service_field, (code, message) in refused.items():
        name = names.get(service_field, service_field)
        field = name if name in form.fields else None
        form.add_error(field, forms.ValidationError(message, code=code))
