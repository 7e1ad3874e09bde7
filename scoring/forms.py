"""Forms of the scoring pages: phone-friendly (few fields, number keyboards)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from scoring.models import ConsultantDailyLog, ManagerDailyLog

NUMBER = {"inputmode": "numeric", "min": "0"}


class ManualEntryForm(forms.Form):
    """PTS-3: a manager records a conduct rule for a person of the store."""

    person = forms.ModelChoiceField(queryset=None, label=_("Person"))
    rule = forms.ModelChoiceField(queryset=None, label=_("Rule"))
    fact_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 3}))
    evidence = forms.CharField(
        label=_("Evidence (photo link or note)"), max_length=300, required=False
    )

    def __init__(self, *args, people, rules, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
        self.fields["rule"].queryset = rules
        self.fields["rule"].label_from_instance = lambda r: f"{r.code} −{r.points} {r.description}"


class AppealForm(forms.Form):
    reason = forms.CharField(
        label=_("Why is this entry wrong?"), widget=forms.Textarea(attrs={"rows": 3})
    )


class AppealDecisionForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Accept: reverse the entry")), ("0", _("Reject"))],
        coerce=lambda v: v == "1",
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class ConsultantLogForm(forms.ModelForm):
    """RPT-CONSULTANT-LOG: the unified template, all entered by the consultant."""

    class Meta:
        model = ConsultantDailyLog
        fields = [
            "visits",
            "calls",
            "new_leads",
            "test_drives",
            "orders",
            "followups_done",
            "notes",
            "plan",
        ]
        widgets = {
            **{
                name: forms.NumberInput(attrs=NUMBER)
                for name in ["visits", "calls", "new_leads", "test_drives", "orders"]
            },
            "followups_done": forms.NumberInput(attrs=NUMBER),
            "notes": forms.Textarea(attrs={"rows": 3}),
            "plan": forms.Textarea(attrs={"rows": 3}),
        }


class ManagerLogForm(forms.ModelForm):
    """RPT-MGR-LOG: the sales manager's daily log."""

    class Meta:
        model = ManagerDailyLog
        fields = ["summary", "problems", "plan"]
        widgets = {name: forms.Textarea(attrs={"rows": 4}) for name in fields}


class MonthlyReportForm(forms.Form):
    results = forms.CharField(
        label=_("Results of last month"), widget=forms.Textarea(attrs={"rows": 6})
    )
    plan = forms.CharField(label=_("Plan for this month"), widget=forms.Textarea(attrs={"rows": 6}))


class TrainingForm(forms.Form):
    """TRN-4: date, topic, trainer, attendees, assessment and summary."""

    training_date = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))
    topic = forms.CharField(label=_("Topic"), max_length=200)
    trainer = forms.ModelChoiceField(queryset=None, label=_("Trainer"))
    attendees = forms.ModelMultipleChoiceField(
        queryset=None, label=_("Attendees"), widget=forms.CheckboxSelectMultiple
    )
    assessment = forms.CharField(label=_("Assessment"), widget=forms.Textarea(attrs={"rows": 3}))
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["trainer"].queryset = people
        self.fields["attendees"].queryset = people


class MarketingEventForm(forms.Form):
    name = forms.CharField(label=_("Event"), max_length=200)
    end_date = forms.DateField(label=_("End date"), widget=forms.DateInput(attrs={"type": "date"}))


class EventAnalysisForm(forms.Form):
    analysis = forms.CharField(label=_("KPI analysis"), widget=forms.Textarea(attrs={"rows": 8}))


class CompetitorPriceForm(forms.Form):
    our_model = forms.CharField(label=_("Our model"), max_length=100)
    competitor = forms.CharField(label=_("Competitor brand and model"), max_length=100)
    city = forms.CharField(label=_("City"), max_length=50)
    discount_price = forms.DecimalField(
        label=_("Discount price (yuan)"),
        max_digits=12,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"inputmode": "decimal", "step": "0.01"}),
    )


class CorrectionForm(forms.Form):
    """PTS-5 / PTS-1: a manager corrects an entry by a reversing entry."""

    reason = forms.CharField(
        label=_("Reason for the correction"), widget=forms.Textarea(attrs={"rows": 3})
    )


class IncentiveConfirmForm(forms.Form):
    """INC-1..3: the manager confirms the champion shown on the page."""

    kind = forms.CharField(widget=forms.HiddenInput)
    day = forms.DateField(widget=forms.HiddenInput)
    person = forms.ModelChoiceField(queryset=None, widget=forms.HiddenInput)

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = people
