"""Forms of the follow-up pages: validate, then the service decides."""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from followups.rules import Channel, DmsIssue


def _grade_choices():
    from sales.rules import INTENT_GRADES

    return [("", _("No change"))] + [(g.value, g.label) for g in INTENT_GRADES]


class CompleteForm(forms.Form):
    """FU-*: one tap to log a call: what came of it, how, and the grade it suggests."""

    result_note = forms.CharField(
        label=pgettext_lazy("follow-up", "Result"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )
    channel = forms.ChoiceField(label=_("Channel"), choices=Channel.choices, initial=Channel.PHONE)
    grade_hint = forms.ChoiceField(label=_("Suggested grade"), choices=(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["grade_hint"].choices = _grade_choices()


class DateRangeForm(forms.Form):
    date_from = forms.DateField(label=_("From"), widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("To"), widget=forms.DateInput(attrs={"type": "date"}))

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end comes before the start."))
        if start and end and (end - start).days > 366:
            self.add_error("date_to", _("Choose at most a year."))
        return data


def month_start(day: date) -> date:
    return day.replace(day=1)


class DmsWeekForm(forms.Form):
    """FU-DMS: which week to show (any day of it)."""

    week = forms.DateField(label=_("Week of"), widget=forms.DateInput(attrs={"type": "date"}))


class DmsDiscrepancyForm(forms.Form):
    """FU-DMS: a follow-up record that does not match the DMS."""

    followup = forms.IntegerField(widget=forms.HiddenInput)
    issue = forms.ChoiceField(label=_("Issue"), choices=DmsIssue.choices)
    note = forms.CharField(label=_("What to correct"), max_length=300)


class DmsReconcileForm(forms.Form):
    note = forms.CharField(
        label=_("Supervisor's note"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
