"""Forms of the sales pages. They validate input shape; the services enforce
the rules and their errors are shown next to the field."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from dealership.forms import StoreDateTimeField
from dealership.text import join_list
from dealership.timeutil import store_now, store_today
from sales.models import Customer, TestCar
from sales.rules import (
    INTENT_GRADES,
    THREE_GUARANTEE_ITEMS,
    AffairsKind,
    IdType,
    LoanStatus,
    LostReason,
    ReassignKind,
    SourceChannel,
    SpotCheckResult,
    Title,
    VisitKind,
)

MONEY_FIELD = {"max_digits": 12, "decimal_places": 2, "min_value": Decimal("0")}


class VisitForm(forms.Form):
    """LEAD-1/2: a visit or call in a few taps; the customer part is needed only
    when the mobile number is new to the store."""

    kind = forms.ChoiceField(
        label=_("Visit or call"), choices=VisitKind.choices, widget=forms.RadioSelect
    )
    source_channel = forms.ChoiceField(
        label=_("Source channel"), choices=[("", "---------"), *SourceChannel.choices]
    )
    mobile = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "off"}),
    )
    consultant = forms.ModelChoiceField(label=_("Consultant"), queryset=None, required=False)
    started_at = StoreDateTimeField(label=_("Time in"))
    ended_at = StoreDateTimeField(label=_("Time out"), required=False)
    party_size = forms.IntegerField(label=_("People"), min_value=1, max_value=20, initial=1)
    name = forms.CharField(label=_("Customer name"), max_length=50, required=False)
    title = forms.ChoiceField(
        label=_("Title"), choices=[("", "---------"), *Title.choices], required=False
    )
    appearance = forms.CharField(
        label=_("Appearance"),
        max_length=200,
        required=False,
        help_text=_("What you saw; not needed for an inbound call."),
    )
    family_background = forms.CharField(
        label=_("Family background"), max_length=200, required=False
    )
    social_background = forms.CharField(
        label=_("Social background"), max_length=200, required=False
    )
    needs_and_budget = forms.CharField(
        label=_("Needs and purchasing power"), max_length=200, required=False
    )
    model_of_interest = forms.CharField(label=_("Model of interest"), max_length=50, required=False)
    colour_of_interest = forms.CharField(label=_("Colour"), max_length=30, required=False)
    budget = forms.DecimalField(label=_("Budget (yuan)"), required=False, **MONEY_FIELD)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    send_sms = forms.BooleanField(
        label=_("Send the thank-you SMS now (LEAD-5)"), required=False, initial=True
    )

    def __init__(self, *args, store, consultants=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("started_at", "ended_at"):  # times on the store's clock
            self.fields[name].store = store
        self.fields["started_at"].initial = store_now(store).replace(second=0, microsecond=0)
        self.fields["kind"].initial = VisitKind.SHOWROOM
        if consultants is None:
            del self.fields["consultant"]
        else:
            self.fields["consultant"].queryset = consultants


class CustomerForm(forms.ModelForm):
    class Meta:
        model = Customer
        fields = [
            "name",
            "title",
            "mobile",
            "birthday",
            "address",
            "appearance",
            "family_background",
            "social_background",
            "needs_and_budget",
            "model_of_interest",
            "colour_of_interest",
            "budget",
        ]
        widgets = {"birthday": forms.DateInput(attrs={"type": "date"})}


class GradeForm(forms.Form):
    grade = forms.ChoiceField(
        label=_("New grade"), choices=[(g.value, g.label) for g in INTENT_GRADES]
    )
    reason = forms.CharField(label=_("Why"), max_length=200)


class TestCarChoiceField(forms.ModelChoiceField):
    """SHW-TESTCAR: a car that failed its morning check shows as not ready."""

    not_ready: dict[int, list[str]] = {}

    def label_from_instance(self, obj) -> str:
        problems = self.not_ready.get(obj.pk)
        if not problems:
            return str(obj)
        return gettext("%(car)s (not ready: %(problems)s)") % {
            "car": obj,
            "problems": join_list(problems),
        }


class TestDriveForm(forms.Form):
    test_car = TestCarChoiceField(label=_("Test car"), queryset=TestCar.objects.none())
    driver_name = forms.CharField(label=_("Driver's name"), max_length=50)
    licence_number = forms.CharField(label=_("Driving-licence number"), max_length=18)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args, store, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["test_car"].queryset = TestCar.objects.filter(store=store, is_active=True)
        from showroom.selectors import test_cars_not_ready

        self.fields["test_car"].not_ready = test_cars_not_ready(store=store, day=store_today(store))


class OrderForm(forms.Form):
    """LEAD-7 with up to three accessory lines (DLV-ACCESSORIES)."""

    full_name = forms.CharField(label=_("Full name"), max_length=50)
    mobile = forms.CharField(label=_("Mobile phone"), max_length=20)
    address = forms.CharField(label=_("Address"), max_length=200)
    id_type = forms.ChoiceField(
        label=_("Identity document"),
        choices=IdType.choices,
        initial=IdType.PRC_ID,
        required=False,  # not sent: a PRC ID card, the usual case
    )
    id_number = forms.CharField(label=_("ID or document number"), max_length=18)
    model_name = forms.CharField(label=_("Model"), max_length=50)
    colour = forms.CharField(label=_("Colour"), max_length=30)
    price = forms.DecimalField(label=_("Price (yuan)"), **MONEY_FIELD)
    deposit = forms.DecimalField(label=_("Deposit (yuan)"), initial=0, **MONEY_FIELD)
    ACCESSORY_LINES = 3

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for i in range(self.ACCESSORY_LINES):
            self.fields[f"acc_{i}_name"] = forms.CharField(
                label=_("Accessory"), max_length=100, required=False
            )
            self.fields[f"acc_{i}_price"] = forms.DecimalField(
                label=_("Unit price"), required=False, **MONEY_FIELD
            )
            self.fields[f"acc_{i}_qty"] = forms.IntegerField(
                label=_("Qty"), min_value=1, initial=1, required=False
            )

    def clean(self):
        """A line with a price or a quantity but no name would be dropped
        without a word: ask for its name instead."""
        cleaned = super().clean()
        for i in range(self.ACCESSORY_LINES):
            priced = cleaned.get(f"acc_{i}_price") is not None
            counted = (cleaned.get(f"acc_{i}_qty") or 1) != 1
            if (priced or counted) and not (cleaned.get(f"acc_{i}_name") or "").strip():
                self.add_error(
                    f"acc_{i}_name", _("Name the accessory, or clear its price and quantity.")
                )
        return cleaned

    def accessory_lines(self):
        from sales.services.orders import AccessoryLine

        lines = []
        for i in range(self.ACCESSORY_LINES):
            name = self.cleaned_data.get(f"acc_{i}_name")
            if name:
                price = self.cleaned_data.get(f"acc_{i}_price") or Decimal("0")
                lines.append(AccessoryLine(name, price, self.cleaned_data.get(f"acc_{i}_qty") or 1))
        return lines


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=200)


class LostRequestForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=LostReason.choices)
    competitor_brand = forms.CharField(
        label=_("Competitor brand/model"), max_length=50, required=False
    )
    competitor_price = forms.DecimalField(
        label=_("Competitor price (yuan)"), required=False, **MONEY_FIELD
    )
    note = forms.CharField(label=_("Details"), max_length=300, required=False)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", "approve"), ("reject", "reject")])
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ReassignForm(forms.Form):
    kind = forms.ChoiceField(label=_("Where to"), choices=ReassignKind.choices)
    to_user = forms.ModelChoiceField(label=_("New holder"), queryset=None)
    customers = forms.ModelMultipleChoiceField(
        queryset=None, widget=forms.CheckboxSelectMultiple, label=_("Customers")
    )
    reason = forms.CharField(label=_("Reason"), max_length=200, required=False)

    def __init__(self, *args, staff, customers, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to_user"].queryset = staff
        self.fields["customers"].queryset = customers


class SpotCheckItemForm(forms.Form):
    result = forms.ChoiceField(
        label=pgettext_lazy("spot check", "Result"), choices=SpotCheckResult.choices
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class ThreeGuaranteeForm(forms.Form):
    """DLV-3GUARANTEE: one box per seller duty."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in THREE_GUARANTEE_ITEMS:
            self.fields[key] = forms.BooleanField(label=label, required=False)


class LoanOpenForm(forms.Form):
    amount = forms.DecimalField(label=_("Loan amount (yuan)"), **MONEY_FIELD)
    lender = forms.CharField(label=_("Lender"), max_length=50, initial="广汽汇理")


class LoanAdvanceForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=LoanStatus.choices)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


class AffairsForm(forms.Form):
    kind = forms.ChoiceField(label=_("Step"), choices=AffairsKind.choices)
    fee = forms.DecimalField(label=_("Fee (yuan)"), required=False, **MONEY_FIELD)
    reference = forms.CharField(label=_("Plate / receipt number"), max_length=50, required=False)
