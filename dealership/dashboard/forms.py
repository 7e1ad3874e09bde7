"""The order-plan form (one line per model, prefilled with the suggestion)
and the month-end lost-customer analysis form (RPT-LOST)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class OrderPlanLineForm(forms.Form):
    model_name = forms.CharField(widget=forms.HiddenInput, max_length=50)
    n_half = forms.IntegerField(label=_("N+0.5"), min_value=0, max_value=9999)
    n_plus_2 = forms.IntegerField(label=_("N+2"), min_value=0, max_value=9999)
    n_plus_3 = forms.IntegerField(label=_("N+3"), min_value=0, max_value=9999)
    note = forms.CharField(label=_("Note"), max_length=200, required=False)


OrderPlanFormSet = forms.formset_factory(OrderPlanLineForm, extra=0, max_num=200)


def order_plan_initial(rows) -> list[dict]:
    """The saved figures where the month has them, else the suggestion."""
    return [
        {
            "model_name": row.model_name,
            "n_half": row.plan[0],
            "n_plus_2": row.plan[1],
            "n_plus_3": row.plan[2],
            "note": row.saved.note if row.saved else "",
        }
        for row in rows
    ]


class LostAnalysisForm(forms.Form):
    """RPT-LOST: the supervisor's written analysis of the board's month."""

    month = forms.DateField(widget=forms.HiddenInput)
    analysis = forms.CharField(
        label=_("Analysis"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Why customers were lost or went out of control, and for price cases the"
            " competitor and nearby-city prices; what the team will do about it."
        ),
    )
