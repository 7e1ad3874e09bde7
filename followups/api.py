"""REST API of the follow-ups: the pending list and completing one, through
the same service as the pages (FU-*)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from followups import selectors, services
from followups.rules import Channel


class FollowupOutputSerializer(serializers.Serializer):
    class CustomerSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField()
        mobile = serializers.CharField()
        grade = serializers.CharField()

    class OwnerSerializer(serializers.Serializer):
        id = serializers.IntegerField()
        name = serializers.CharField(source="display_name")

    id = serializers.IntegerField()
    store = serializers.IntegerField(source="store_id")
    customer = CustomerSerializer()
    owner = OwnerSerializer()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    slot = serializers.CharField()
    title = serializers.CharField()
    due_from = serializers.DateTimeField()
    due_by = serializers.DateTimeField()
    status = serializers.CharField()
    channel = serializers.CharField()
    result_note = serializers.CharField()
    grade_hint = serializers.CharField()
    completed_at = serializers.DateTimeField(allow_null=True)
    late_at = serializers.DateTimeField(allow_null=True)
    missed_at = serializers.DateTimeField(allow_null=True)


@extend_schema(parameters=[OpenApiParameter("store", int)])
class FollowupListApi(generics.ListAPIView):
    """GET /api/followups/: the caller's pending follow-ups (managers: their
    stores'; ?store=<id> narrows to one store)."""

    serializer_class = FollowupOutputSerializer

    def get_queryset(self):
        tasks = selectors.followup_list_pending(user=self.request.user)
        if (store := self.request.query_params.get("store", "")).isdecimal():
            tasks = tasks.filter(store_id=store)
        return tasks


class FollowupCompleteApi(APIView):
    """POST /api/followups/<id>/complete/ {"result_note", "channel", "grade_hint"}"""

    class InputSerializer(serializers.Serializer):
        result_note = serializers.CharField(allow_blank=True)
        channel = serializers.ChoiceField(choices=Channel.choices, default=Channel.PHONE)
        grade_hint = serializers.CharField(allow_blank=True, required=False, default="")

    @extend_schema(request=InputSerializer, responses=FollowupOutputSerializer)
    def post(self, request, pk: int):
        task = selectors.followup_get_for_user(user=request.user, followup_id=pk)
        if task is None:
            raise Http404
        data = self.InputSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        done = services.followup_complete(
            followup=task,
            note=data.validated_data["result_note"],
            channel=data.validated_data["channel"],
            grade_hint=data.validated_data["grade_hint"],
            by=request.user,
        )
        done = selectors.followup_list_visible_to(user=request.user).get(pk=done.pk)
        return Response(FollowupOutputSerializer(done).data)
