"""REST API of the penalty-point ledger (PTS-1, PTS-5): read-only lists,
scoped by store and role like the pages (a consultant sees their own
entries, managers their stores')."""

from __future__ import annotations

from datetime import datetime

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers

from scoring import selectors


class PenaltyEntryOutputSerializer(serializers.Serializer):
    class RuleSerializer(serializers.Serializer):
        code = serializers.CharField()
        description = serializers.CharField()

    class PersonSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField(source="display_name")
        sales_group = serializers.CharField()

    class StoreSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        code = serializers.CharField()

    class AppealSerializer(serializers.Serializer):
        status = serializers.CharField()
        reason = serializers.CharField()
        decision_reason = serializers.CharField()

    id = serializers.IntegerField()
    store = StoreSerializer()
    person = PersonSerializer()
    rule = RuleSerializer()
    points = serializers.DecimalField(max_digits=6, decimal_places=1)
    fact_date = serializers.DateField()
    fact_key = serializers.CharField()
    evidence = serializers.CharField(source="evidence_text")
    note = serializers.CharField()
    source = serializers.CharField()
    recorded_by = PersonSerializer(allow_null=True)
    joint_of = serializers.IntegerField(source="joint_of_id", allow_null=True)
    reverses = serializers.IntegerField(source="reverses_id", allow_null=True)
    appeal = serializers.SerializerMethodField()
    created_at = serializers.DateTimeField()

    @extend_schema_field(AppealSerializer(allow_null=True))
    def get_appeal(self, entry) -> dict | None:
        appeal = getattr(entry, "appeal", None)
        return self.AppealSerializer(appeal).data if appeal else None


@extend_schema(
    parameters=[
        OpenApiParameter("month", str, pattern=r"^\d{4}-\d{2}$", description="YYYY-MM"),
        OpenApiParameter("person", int),
        OpenApiParameter("store", int),
    ]
)
class PenaltyEntryListApi(generics.ListAPIView):
    """GET /api/penalties/?month=YYYY-MM&person=<id>&store=<id>"""

    serializer_class = PenaltyEntryOutputSerializer

    def get_queryset(self):
        entries = selectors.penalty_entry_list_visible_to(user=self.request.user)
        params = self.request.query_params
        if month := _month(params.get("month", "")):
            entries = entries.filter(fact_date__year=month.year, fact_date__month=month.month)
        if (person := params.get("person", "")).isdecimal():
            entries = entries.filter(person_id=person)
        if (store := params.get("store", "")).isdecimal():
            entries = entries.filter(store_id=store)
        return entries


def _month(value: str) -> datetime | None:
    """?month=YYYY-MM; anything else (year 0, month 13, ...) filters nothing."""
    try:
        return datetime.strptime(value, "%Y-%m")
    except ValueError:
        return None


class PenaltyEntryDetailApi(generics.RetrieveAPIView):
    serializer_class = PenaltyEntryOutputSerializer

    def get_queryset(self):
        return selectors.penalty_entry_list_visible_to(user=self.request.user)
