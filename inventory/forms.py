"""Forms of the stock pages: validate input, then a view calls one service."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from dealership.forms import StoreDateTimeField
from inventory.rules import DocumentKind, KeyPurpose


class ScanForm(forms.Form):
    vin = forms.CharField(
        label=_("VIN"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autofocus": True, "autocomplete": "off", "autocapitalize": "characters"}
        ),
    )


class ReceiveForm(forms.Form):
    """STK-IN-2/3: the inbound form's data: warehouse, bay, keys, documents."""

    warehouse = forms.ModelChoiceField(queryset=None, label=_("Warehouse"))
    bay = forms.CharField(label=_("Parking bay"), max_length=20, required=False)
    odometer_km = forms.IntegerField(label=_("Odometer (km)"), min_value=0, required=False)
    key_numbers = forms.CharField(
        label=_("Key numbers"),
        help_text=_("Separated by commas; mark the spare key with * (e.g. K101, K102*)."),
    )
    cabinet_slot = forms.CharField(label=_("Key cabinet slot"), max_length=20, required=False)
    coc = forms.CharField(label=DocumentKind.COC.label, max_length=50)
    warranty = forms.CharField(label=DocumentKind.WARRANTY.label, max_length=50)
    manual = forms.CharField(label=DocumentKind.MANUAL.label, max_length=50)

    domain_field_names = {"keys": "key_numbers"}  # the service's name → this form's

    def __init__(self, *args, warehouses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses

    def keys(self):
        from inventory.services import KeyIn

        slot = self.cleaned_data.get("cabinet_slot", "")
        parts = [p.strip() for p in self.cleaned_data["key_numbers"].split(",") if p.strip()]
        return [KeyIn(p.rstrip("*"), p.endswith("*"), slot) for p in parts]

    def documents(self):
        return {k: self.cleaned_data[k] for k in DocumentKind.values}


class PdiForm(forms.Form):
    """STK-IN-1 / STK-OUT-2: one OK box and one problem field per checklist
    item; when nobody recorded the car's unloading, the time it arrived, read
    on the store's clock."""

    odometer_km = forms.IntegerField(label=_("Odometer (km)"), min_value=0, required=False)

    def __init__(self, *args, items, store, needs_arrival: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.store = store
        if needs_arrival:
            self.fields["arrived_at"] = StoreDateTimeField(
                label=_("Unloaded at"),
                help_text=_(
                    "Nobody recorded when this car was unloaded. Enter the time it arrived:"
                    " the PDI is due within the store's hours of it."
                ),
            )
            self.fields["arrived_at"].store = store
        self.items = list(items)
        for item in self.items:
            self.fields[f"ok_{item.code}"] = forms.BooleanField(
                label=item.name, required=False, initial=True
            )
            self.fields[f"problem_{item.code}"] = forms.CharField(
                label=_("Problem"), max_length=200, required=False
            )

    def item_rows(self):
        """(item, its OK box, its problem field) in checklist order; bound, so
        a refused form comes back as the inspector filled it."""
        return [
            (item, self[f"ok_{item.code}"], self[f"problem_{item.code}"]) for item in self.items
        ]

    def clean(self):
        """STK-IN-1: a failed item names its problem, said next to the item."""
        cleaned = super().clean()
        for item in self.items:
            ok, problem = f"ok_{item.code}", f"problem_{item.code}"
            if problem in cleaned and not cleaned.get(ok) and not cleaned[problem].strip():
                self.add_error(problem, _("Describe the problem found, or tick the item as OK."))
        return cleaned

    def results(self):
        from inventory.services import ItemResult

        return [
            ItemResult(
                item.code,
                self.cleaned_data[f"ok_{item.code}"],
                self.cleaned_data[f"problem_{item.code}"],
            )
            for item in self.items
        ]


class PaymentForm(forms.Form):
    amount = forms.DecimalField(label=_("Amount paid (yuan)"), max_digits=12, decimal_places=2)


class SignatureForm(forms.Form):
    signature = forms.CharField(label=_("Signature"), max_length=50)

    # The services name the signature they ask for (STK-OUT-1, KEY-2).
    domain_field_names = {"customer_signature": "signature"}


class KeyIssueForm(forms.Form):
    key = forms.ModelChoiceField(queryset=None, label=_("Key"))
    issued_to = forms.ModelChoiceField(queryset=None, label=_("Person moving the car"))
    purpose = forms.ChoiceField(label=_("Purpose"), choices=KeyPurpose.choices)
    signature = forms.CharField(label=_("Signature of the person moving the car"), max_length=50)
    selection_request = forms.ModelChoiceField(
        queryset=None, label=_("Car-selection request"), required=False
    )

    def __init__(self, *args, keys, staff, requests, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].queryset = keys
        self.fields["issued_to"].queryset = staff
        self.fields["selection_request"].queryset = requests


class TransferForm(forms.Form):
    to_warehouse = forms.ModelChoiceField(queryset=None, label=_("To warehouse"))
    to_bay = forms.CharField(label=_("Parking bay"), max_length=20, required=False)
    check_ok = forms.BooleanField(label=_("Routine check passed"), required=False)
    cleaned = forms.BooleanField(label=_("Cleaned"), required=False)
    check_note = forms.CharField(label=_("Check note"), max_length=200, required=False)

    def __init__(self, *args, warehouses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_warehouse"].queryset = warehouses


class SelectionRequestForm(forms.Form):
    customer_name = forms.CharField(label=_("Customer"), max_length=50)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class StormForm(forms.Form):
    title = forms.CharField(label=_("Warning (typhoon, rainstorm…)"), max_length=100)


class RegisterForm(forms.Form):
    """Section 4: a car announced by the manufacturer, entered in transit.
    The VIN is checked by the service (ISO 3779); its error shows here."""

    vin = forms.CharField(
        label=_("VIN"),
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    model_name = forms.CharField(label=_("Model"), max_length=50)
    colour = forms.CharField(label=_("Colour"), max_length=30)
    engine_number = forms.CharField(label=_("Engine number"), max_length=30, required=False)
    production_date = forms.DateField(
        label=_("Production date"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


class AllocateForm(forms.Form):
    order = forms.ModelChoiceField(queryset=None, label=_("Order"))

    def __init__(self, *args, orders, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = orders
        self.fields["order"].label_from_instance = lambda o: (
            f"{o.number} · {o.full_name} · {o.model_name} {o.colour} · {o.consultant}"
        )


class SoldAreaForm(forms.Form):
    """STK-SOLD-AREA: where the sold car waits, and its sign, lock and cleaning."""

    warehouse = forms.ModelChoiceField(queryset=None, label=_("Delivery area"))
    bay = forms.CharField(label=_("Parking bay"), max_length=20, required=False)
    sold_sign = forms.BooleanField(label=_("“Sold” sign on"), required=False)
    locked = forms.BooleanField(label=_("Locked"), required=False)
    cleaned = forms.BooleanField(label=_("Clean"), required=False)

    def __init__(self, *args, warehouses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["warehouse"].queryset = warehouses


class DispatchForm(forms.Form):
    to_dealer = forms.CharField(label=_("To dealer"), max_length=100)
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)


class SpotCheckForm(forms.Form):
    """MNT-RANDOM: what the clerk found at the random check."""

    location_ok = forms.BooleanField(label=_("At its warehouse and bay"), required=False)
    condition_ok = forms.BooleanField(label=_("Clean and undamaged"), required=False)
    keys_documents_ok = forms.BooleanField(label=_("Keys and documents in custody"), required=False)
    note = forms.CharField(label=_("Findings"), max_length=300, required=False)
