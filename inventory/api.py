"""REST API of the stock app: vehicles by VIN (store-scoped, ORG-1) and the
inbound, outbound, transfer and key actions, through the same services as
the pages. Domain errors answer {"code", "detail"} with 400/403/409."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.request import Request
from rest_framework.response import Response

from dealership.models import User
from inventory import selectors, services
from inventory.models import CarSelectionRequest, KeyLog, Vehicle
from inventory.rules import DocumentKind, KeyPurpose, TransferStatus, VehicleState


class VehicleOut(serializers.ModelSerializer):
    class WarehouseOut(serializers.Serializer):
        code = serializers.CharField()
        name = serializers.CharField()

    class OrderOut(serializers.Serializer):
        number = serializers.CharField()
        status = serializers.CharField()

    store = serializers.CharField(source="store.code")
    warehouse = WarehouseOut(allow_null=True)
    order = OrderOut(allow_null=True)
    state_display = serializers.CharField(source="get_state_display")

    class Meta:
        model = Vehicle
        fields = [
            "vin", "store", "model_name", "colour", "engine_number", "production_date",
            "arrival_date", "arrived_at", "state", "state_display", "warehouse", "bay", "order",
            "sold_sign", "locked", "cleaned",
        ]  # fmt: skip


class VehicleFormOut(VehicleOut):
    """The vehicle after an action that wrote a form, and that form's number."""

    form_number = serializers.CharField()

    class Meta(VehicleOut.Meta):
        fields = [*VehicleOut.Meta.fields, "form_number"]


class VehicleTransferOut(VehicleFormOut):
    transfer_status = serializers.ChoiceField(choices=TransferStatus.choices)

    class Meta(VehicleFormOut.Meta):
        fields = [*VehicleFormOut.Meta.fields, "transfer_status"]


class VehicleKeyOut(VehicleOut):
    """The vehicle after a key moved; due_back_at only when a key was issued."""

    key_log = serializers.IntegerField()
    due_back_at = serializers.DateTimeField(required=False, allow_null=True)

    class Meta(VehicleOut.Meta):
        fields = [*VehicleOut.Meta.fields, "key_log", "due_back_at"]


class InboundIn(serializers.Serializer):
    class KeyIn(serializers.Serializer):
        number = serializers.CharField(max_length=20)
        is_spare = serializers.BooleanField(default=False)
        cabinet_slot = serializers.CharField(max_length=20, required=False, default="")

    warehouse = serializers.CharField()
    bay = serializers.CharField(max_length=20, required=False, default="")
    odometer_km = serializers.IntegerField(
        min_value=0, max_value=2_147_483_647, required=False, allow_null=True
    )  # the column's limit: more would be a database error, not a 400
    keys = KeyIn(many=True)
    documents = serializers.DictField(child=serializers.CharField(max_length=50))

    def validate_documents(self, value):
        return {k: v for k, v in value.items() if k in DocumentKind.values}


class TransferIn(serializers.Serializer):
    to_warehouse = serializers.CharField()
    to_bay = serializers.CharField(max_length=20, required=False, default="")
    check_ok = serializers.BooleanField()
    cleaned = serializers.BooleanField()
    check_note = serializers.CharField(max_length=200, required=False, default="")


class KeyIssueIn(serializers.Serializer):
    key = serializers.CharField()
    issued_to = serializers.IntegerField()
    purpose = serializers.ChoiceField(choices=KeyPurpose.choices)
    signature = serializers.CharField(max_length=50, allow_blank=True)
    selection_request = serializers.CharField(required=False, allow_blank=True, default="")


class KeyReturnIn(serializers.Serializer):
    key = serializers.CharField()
    signature = serializers.CharField(max_length=50, allow_blank=True)


@extend_schema_view(
    list=extend_schema(parameters=[OpenApiParameter("state", str, enum=VehicleState.values)])
)
class VehicleViewSet(viewsets.ReadOnlyModelViewSet):
    """/api/vehicles/ and /api/vehicles/<VIN>/; another store's VIN is a 404."""

    serializer_class = VehicleOut
    lookup_field = "vin"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation
            return Vehicle.objects.none()
        qs = selectors.vehicle_list_for_user(user=self.request.user)
        state = self.request.query_params.get("state")
        if self.action != "list" or not state:  # ?state= filters the list only
            return qs
        if state not in VehicleState.values:
            raise ValidationError({"state": [_("Not one of the vehicle states.")]})
        return qs.filter(state=state)

    def get_object(self) -> Vehicle:
        return get_object_or_404(self.get_queryset(), vin=self.kwargs["vin"].upper())

    def _input(self, serializer_class, request: Request) -> dict:
        serializer = serializer_class(data=request.data)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def _out(self, vehicle: Vehicle, **extra) -> Response:
        vehicle = self.get_queryset().get(pk=vehicle.pk)
        return Response({**VehicleOut(vehicle).data, **extra})

    @extend_schema(request=InboundIn, responses=VehicleFormOut)
    @action(detail=True, methods=["post"])
    def inbound(self, request: Request, vin: str) -> Response:
        """STK-IN-2/3/4."""
        vehicle = self.get_object()
        data = self._input(InboundIn, request)
        form = services.vehicle_receive(
            vehicle=vehicle,
            warehouse=get_object_or_404(vehicle.store.warehouses, code=data["warehouse"]),
            bay=data["bay"],
            odometer_km=data.get("odometer_km"),
            keys=[services.KeyIn(**k) for k in data["keys"]],
            documents=data["documents"],
            by=request.user,
        )
        return self._out(vehicle, form_number=form.number)

    @extend_schema(request=None, responses=VehicleFormOut)
    @action(detail=True, methods=["post"])
    def outbound(self, request: Request, vin: str) -> Response:
        """STK-OUT-4: refused with OUTBOUND_UNPAID unless finance confirmed."""
        vehicle = self.get_object()
        form = services.vehicle_release(vehicle=vehicle, by=request.user)
        return self._out(vehicle, form_number=form.number)

    @extend_schema(request=TransferIn, responses=VehicleTransferOut)
    @action(detail=True, methods=["post"])
    def transfer(self, request: Request, vin: str) -> Response:
        """STK-MOVE-1: the transfer registration (the manager approves it)."""
        vehicle = self.get_object()
        data = self._input(TransferIn, request)
        data["to_warehouse"] = get_object_or_404(
            vehicle.store.warehouses, code=data["to_warehouse"]
        )
        transfer = services.transfer_request(vehicle=vehicle, by=request.user, **data)
        return self._out(vehicle, form_number=transfer.number, transfer_status=transfer.status)

    @extend_schema(request=KeyIssueIn, responses=VehicleKeyOut)
    @action(detail=True, methods=["post"], url_path="key-issue")
    def key_issue(self, request: Request, vin: str) -> Response:
        """KEY-2/3/4."""
        vehicle = self.get_object()
        data = self._input(KeyIssueIn, request)
        selection = None
        if data["selection_request"]:
            selection = get_object_or_404(
                CarSelectionRequest, vehicle=vehicle, number=data["selection_request"]
            )
        log = services.key_issue(
            key=get_object_or_404(vehicle.keys, number=data["key"]),
            issued_to=get_object_or_404(User, pk=data["issued_to"], stores=vehicle.store),
            purpose=data["purpose"],
            signature=data["signature"],
            selection_request=selection,
            by=request.user,
        )
        return self._out(vehicle, key_log=log.pk, due_back_at=log.due_back_at)

    @extend_schema(request=KeyReturnIn, responses=VehicleKeyOut)
    @action(detail=True, methods=["post"], url_path="key-return")
    def key_return(self, request: Request, vin: str) -> Response:
        """KEY-2."""
        vehicle = self.get_object()
        data = self._input(KeyReturnIn, request)
        log = get_object_or_404(
            KeyLog, vehicle=vehicle, key__number=data["key"], returned_at__isnull=True
        )
        services.key_return(log=log, signature=data["signature"], by=request.user)
        return self._out(vehicle, key_log=log.pk)
