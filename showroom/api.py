"""REST API of the showroom (RULES.md section 5) for the phone: today's
morning check, ticking an item, sign-off, which test cars are not ready, and
the live front-desk board. Same services and store scoping as the pages;
a refusal answers 400/409 {"code", "detail"}."""

from __future__ import annotations

from django.core.validators import FileExtensionValidator
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dealership.api import ErrorSerializer
from dealership.timeutil import store_today
from sales.models import TestCar
from showroom import selectors, services
from showroom.models import RunCheck
from showroom.rules import BOARD_ROLES, PHOTO_EXTENSIONS, RUN_VIEWER_ROLES, CheckResult


class _HasRole(BasePermission):
    roles: tuple[str, ...] = ()

    def has_permission(self, request, view) -> bool:
        user = request.user
        if not (user.is_superuser or user.has_role(*self.roles)):
            return False
        if not request.store:
            raise PermissionDenied(_("You are not assigned to a store."))
        return True


class IsRunViewer(_HasRole):
    roles = RUN_VIEWER_ROLES


class IsBoardViewer(_HasRole):
    roles = BOARD_ROLES


class PersonOutput(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class CheckOutput(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.CharField(source="item.code")
    label = serializers.CharField(source="item.label")
    kind = serializers.CharField(source="item.kind")
    subject = serializers.CharField()
    vehicle = serializers.IntegerField(source="vehicle_id", allow_null=True)
    test_car = serializers.IntegerField(source="test_car_id", allow_null=True)
    result = serializers.CharField()
    note = serializers.CharField()
    responsible = PersonOutput(allow_null=True)
    checked_at = serializers.DateTimeField(allow_null=True)
    fixed_at = serializers.DateTimeField(allow_null=True)


class RunOutput(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    signed_off_at = serializers.DateTimeField(allow_null=True)
    signed_off_by = PersonOutput(allow_null=True)
    checks = serializers.SerializerMethodField()

    @extend_schema_field(CheckOutput(many=True))
    def get_checks(self, run) -> list[dict]:
        return CheckOutput(selectors.run_checks(run=run), many=True).data


class RunTodayApi(APIView):
    """SHW-*: the store's morning check of today (404 until it exists)."""

    permission_classes = [IsAuthenticated, IsRunViewer]

    @extend_schema(
        responses={
            200: RunOutput,
            404: OpenApiResponse(ErrorSerializer, _("No morning check today yet.")),
        }
    )
    def get(self, request):
        run = selectors.run_get_for_day(store=request.store, day=store_today(request.store))
        if run is None:
            raise NotFound(_("No morning check today yet."))
        return Response(RunOutput(run).data)


class CheckRecordApi(APIView):
    """SHW-*: tick one item; a failure takes a note or a photo and the
    responsible person (multipart for the photo)."""

    permission_classes = [IsAuthenticated, IsRunViewer]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    class CheckRecordInput(serializers.Serializer):
        result = serializers.ChoiceField(choices=CheckResult.choices)
        note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        responsible = serializers.IntegerField(required=False, allow_null=True, default=None)
        photo = serializers.FileField(
            required=False,
            allow_null=True,
            default=None,
            validators=[FileExtensionValidator(PHOTO_EXTENSIONS)],
        )

    @extend_schema(request=CheckRecordInput, responses=CheckOutput)
    def post(self, request, check_id: int):
        check = get_object_or_404(RunCheck.objects.filter(run__store=request.store), pk=check_id)
        data = self.CheckRecordInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        responsible = None
        if d["responsible"] is not None:
            responsible = get_object_or_404(
                selectors.store_staff(store=request.store), pk=d["responsible"]
            )
        check = services.run_check_record(
            check=check,
            result=d["result"],
            note=d["note"],
            responsible=responsible,
            photo=d["photo"],
            by=request.user,
        )
        check = selectors.run_checks(run=check.run).get(pk=check.pk)
        return Response(CheckOutput(check).data)


class CheckFixApi(APIView):
    """SHW-TESTCAR / LEAD-6: a failed item is put right (refuelled, charged,
    cleaned); the test car is ready again. 409 if it did not fail or is
    already fixed."""

    permission_classes = [IsAuthenticated, IsRunViewer]

    @extend_schema(request=None, responses=CheckOutput)
    def post(self, request, check_id: int):
        check = get_object_or_404(RunCheck.objects.filter(run__store=request.store), pk=check_id)
        check = services.run_check_fix(check=check, by=request.user)
        check = selectors.run_checks(run=check.run).get(pk=check.pk)
        return Response(CheckOutput(check).data)


class RunSignOffApi(APIView):
    """SHW-*: the manager or a supervisor signs the run off."""

    permission_classes = [IsAuthenticated, IsRunViewer]

    @extend_schema(request=None, responses=RunOutput)
    def post(self, request, run_id: int):
        run = selectors.run_get(store=request.store, run_id=run_id)
        if run is None:
            raise NotFound()
        run = services.run_sign_off(run=run, by=request.user)
        return Response(RunOutput(selectors.run_get(store=request.store, run_id=run.pk)).data)


class NotReadyOutput(serializers.Serializer):
    test_car = serializers.IntegerField()
    name = serializers.CharField()
    problems = serializers.ListField(child=serializers.CharField())


class TestCarsNotReadyApi(APIView):
    """SHW-TESTCAR: today's test cars not ready for a test drive."""

    permission_classes = [IsAuthenticated, IsBoardViewer]

    @extend_schema(responses=NotReadyOutput(many=True))
    def get(self, request):
        problems = selectors.test_cars_not_ready(
            store=request.store, day=store_today(request.store)
        )
        cars = TestCar.objects.filter(pk__in=problems).order_by("model_name", "plate")
        rows = [{"test_car": c.pk, "name": str(c), "problems": problems[c.pk]} for c in cars]
        return Response(NotReadyOutput(rows, many=True).data)


class StandingOutput(serializers.Serializer):
    person = PersonOutput()
    busy = serializers.BooleanField()
    customer = serializers.CharField(source="visit.customer.name", allow_null=True, default=None)


class SlotOutput(serializers.Serializer):
    shift = serializers.IntegerField(source="shift.pk")
    starts_at = serializers.TimeField(source="shift.starts_at")
    ends_at = serializers.TimeField(source="shift.ends_at")
    sales_group = serializers.CharField(source="shift.sales_group")
    is_current = serializers.BooleanField()
    is_over = serializers.BooleanField()
    both_busy = serializers.BooleanField()
    standing = StandingOutput(many=True)


class DeskBoardApi(APIView):
    """SHW-DESK: today's slots, who stands and who is with a customer."""

    permission_classes = [IsAuthenticated, IsBoardViewer]

    @extend_schema(responses=SlotOutput(many=True))
    def get(self, request):
        return Response(SlotOutput(selectors.desk_board(store=request.store), many=True).data)
