"""Forms of the showroom pages; the services do the business checks."""

from __future__ import annotations

from datetime import time

from django import forms
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from dealership.rules import Role, SalesGroup
from inventory.models import Vehicle, Warehouse
from inventory.rules import VehicleState, WarehouseKind
from showroom.models import DeskShift
from showroom.rules import PHOTO_EXTENSIONS, CheckResult, DeskIncidentKind
from showroom.selectors import store_staff


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.display_name


class CheckForm(forms.Form):
    """SHW-*: one item ticked on the phone."""

    result = forms.ChoiceField(
        label=pgettext_lazy("morning check", "Result"), choices=CheckResult.choices
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
    )
    responsible = StaffChoiceField(label=_("Responsible"), queryset=None, required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["responsible"].queryset = store_staff(store=store)


class ShiftPlanForm(forms.Form):
    """SHW-DESK: a slot of the rota on one day, repeated over following days."""

    day = forms.DateField(label=_("Day"), widget=forms.DateInput(attrs={"type": "date"}))
    repeat_days = forms.IntegerField(
        label=_("For how many days"), min_value=1, max_value=7, initial=1
    )
    starts_at = forms.TimeField(
        label=_("From"), initial=time(8, 30), widget=forms.TimeInput(attrs={"type": "time"})
    )
    ends_at = forms.TimeField(
        label=_("Until"), initial=time(12, 0), widget=forms.TimeInput(attrs={"type": "time"})
    )
    sales_group = forms.ChoiceField(label=_("Sales group"), choices=SalesGroup.choices)
    first = StaffChoiceField(label=_("Consultant 1"), queryset=None)
    second = StaffChoiceField(label=_("Consultant 2"), queryset=None)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        staff = store_staff(store=store).exclude(sales_group="")
        self.fields["first"].queryset = staff
        self.fields["second"].queryset = staff


class IncidentForm(forms.Form):
    """SHW-DESK / SHW-GREET: a finding at the front desk."""

    kind = forms.ChoiceField(label=_("Finding"), choices=DeskIncidentKind.choices)
    shift = forms.ModelChoiceField(label=_("Shift"), queryset=None, required=False)
    person = StaffChoiceField(label=_("Person (greeting)"), queryset=None, required=False)
    idle = forms.ModelMultipleChoiceField(
        label=_("Idle consultants in the showroom (customer not received)"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("They are charged with the two standing consultants (全员一起扣分)."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, store, shifts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["shift"].queryset = shifts
        self.fields["shift"].label_from_instance = _shift_label
        self.fields["person"].queryset = store_staff(store=store)
        self.fields["idle"].queryset = (
            store_staff(store=store).filter(groups__name=Role.SALES_CONSULTANT).distinct()
        )
        self.fields["idle"].label_from_instance = lambda person: person.display_name


def _shift_label(shift: DeskShift) -> str:
    return (
        f"{shift} {shift.get_sales_group_display()} · "
        f"{shift.first.display_name}, {shift.second.display_name}"
    )


class PlaceCarForm(forms.Form):
    """SHW-DISPLAY: which stock car goes onto a spot."""

    vehicle = forms.ModelChoiceField(label=_("Stock car"), queryset=None)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["vehicle"].queryset = Vehicle.objects.filter(
            store=store, state=VehicleState.IN_STOCK, showroom_spot__isnull=True
        ).order_by("model_name", "colour", "vin")


class RemoveCarForm(forms.Form):
    to_warehouse = forms.ModelChoiceField(label=_("Back to"), queryset=None)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_warehouse"].queryset = Warehouse.objects.filter(store=store).exclude(
            kind=WarehouseKind.SHOWROOM
        )
