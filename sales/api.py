"""REST API of the sales app: /api/customers/, /api/visits/, /api/test-drives/,
/api/orders/. Same services and visibility as the pages; refusals are
{"code", "detail"} with 400/409."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from dealership.api import StoreDateTimeField
from dealership.selectors import store_list_for_user
from sales import selectors, services
from sales.models import Customer, Order, TestCar, TestDrive, Visit
from sales.rules import Grade, IdType, SourceChannel, Title, VisitKind
from sales.services.customers import NewCustomerData
from sales.services.orders import AccessoryLine
from sales.views.common import SALES_ROLES


class HasSalesRole(BasePermission):
    def has_permission(self, request, view) -> bool:
        user = request.user
        return bool(
            user and user.is_authenticated and (user.is_superuser or user.has_role(*SALES_ROLES))
        )


def api_store(request):
    """The store of the request: ?store=<id> among the user's stores, else the
    current one."""
    store_id = request.query_params.get("store")
    if store_id:
        stores = store_list_for_user(user=request.user)
        store = stores.filter(pk=store_id).first() if store_id.isdecimal() else None
        if store is None:
            raise PermissionDenied(_("You are not assigned to this store."))
        return store
    store = request.store
    if not store:
        raise PermissionDenied(_("You are not assigned to a store."))
    return store


STORE_PARAMETER = OpenApiParameter(
    "store", int, description=_("One of your stores (default: the current store).")
)


class SalesAPIView(APIView):
    permission_classes = [IsAuthenticated, HasSalesRole]


class CustomerOutput(serializers.ModelSerializer):
    consultant = serializers.CharField(source="consultant.display_name")

    class Meta:
        model = Customer
        fields = [
            "id",
            "name",
            "title",
            "mobile",
            "grade",
            "source_channel",
            "consultant",
            "owner",
            "appearance",
            "family_background",
            "social_background",
            "needs_and_budget",
            "model_of_interest",
            "colour_of_interest",
            "budget",
            "commission_excluded",
            "assigned_at",
            "created_at",
        ]


@extend_schema(
    parameters=[
        STORE_PARAMETER,
        OpenApiParameter("grade", str, enum=Grade.values),
        OpenApiParameter("mobile", str),
    ]
)
class CustomerList(generics.ListAPIView):
    permission_classes = [IsAuthenticated, HasSalesRole]
    serializer_class = CustomerOutput

    def get_queryset(self) -> QuerySet[Customer]:
        customers = selectors.customer_list_for_user(
            user=self.request.user, store=api_store(self.request)
        )
        grade = self.request.query_params.get("grade")
        if grade in Grade.values:
            customers = customers.filter(grade=grade)
        mobile = self.request.query_params.get("mobile")
        if mobile:
            customers = customers.filter(mobile=mobile)
        return customers.order_by("-assigned_at", "-pk")


@extend_schema(parameters=[STORE_PARAMETER])
class CustomerDetail(generics.RetrieveAPIView):
    permission_classes = [IsAuthenticated, HasSalesRole]
    serializer_class = CustomerOutput

    def get_queryset(self):
        return selectors.customer_list_for_user(
            user=self.request.user, store=api_store(self.request)
        )


class CustomerGrade(SalesAPIView):
    class GradeInput(serializers.Serializer):
        grade = serializers.ChoiceField(choices=Grade.choices)
        reason = serializers.CharField(max_length=200)

    @extend_schema(request=GradeInput, responses=CustomerOutput, parameters=[STORE_PARAMETER])
    def post(self, request, pk: int):
        customer = get_object_or_404(
            selectors.customer_list_for_user(user=request.user, store=api_store(request)), pk=pk
        )
        data = self.GradeInput(data=request.data)
        data.is_valid(raise_exception=True)
        customer = services.customer_change_grade(
            customer=customer,
            to_grade=data.validated_data["grade"],
            reason=data.validated_data["reason"],
            by=request.user,
        )
        return Response(CustomerOutput(customer).data)


class VisitOutput(serializers.ModelSerializer):
    customer = serializers.IntegerField(source="customer_id")
    consultant = serializers.IntegerField(source="consultant_id")
    sms_due_at = serializers.DateTimeField(source="sms.due_at", default=None)
    sms_sent_at = serializers.DateTimeField(source="sms.sent_at", default=None)

    class Meta:
        model = Visit
        fields = [
            "id",
            "customer",
            "consultant",
            "kind",
            "source_channel",
            "is_first",
            "party_size",
            "started_at",
            "ended_at",
            "note",
            "sms_due_at",
            "sms_sent_at",
        ]


class VisitListCreate(SalesAPIView):
    class VisitInput(serializers.Serializer):
        kind = serializers.ChoiceField(choices=VisitKind.choices)
        source_channel = serializers.ChoiceField(choices=SourceChannel.choices)
        mobile = serializers.CharField(max_length=20)
        # Without an offset, on the store's clock (as the page reads them).
        started_at = StoreDateTimeField()
        ended_at = StoreDateTimeField(required=False, allow_null=True)
        party_size = serializers.IntegerField(min_value=1, max_value=20, default=1)  # as the page
        note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
        consultant = serializers.IntegerField(required=False)
        name = serializers.CharField(max_length=50, required=False, allow_blank=True, default="")
        title = serializers.ChoiceField(
            choices=Title.choices, required=False, allow_blank=True, default=""
        )
        appearance = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        family_background = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        social_background = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        needs_and_budget = serializers.CharField(
            max_length=200, required=False, allow_blank=True, default=""
        )
        model_of_interest = serializers.CharField(
            max_length=50, required=False, allow_blank=True, default=""
        )
        colour_of_interest = serializers.CharField(
            max_length=30, required=False, allow_blank=True, default=""
        )
        budget = serializers.DecimalField(
            max_digits=12, decimal_places=2, min_value=0, required=False, allow_null=True
        )

    @extend_schema(responses=VisitOutput(many=True), parameters=[STORE_PARAMETER])
    def get(self, request):
        store = api_store(request)
        customers = selectors.customer_list_for_user(user=request.user, store=store)
        visits = (
            Visit.objects.filter(store=store, customer__in=customers)
            .select_related("sms")
            .order_by("-started_at")[:200]
        )
        return Response(VisitOutput(visits, many=True).data)

    @extend_schema(request=VisitInput, responses={201: VisitOutput}, parameters=[STORE_PARAMETER])
    def post(self, request):
        store = api_store(request)
        data = self.VisitInput(data=request.data, context={"store": store})
        data.is_valid(raise_exception=True)
        d = data.validated_data
        consultant = request.user
        if d.get("consultant"):
            consultant = get_object_or_404(store.staff.all(), pk=d["consultant"])
        visit = services.visit_log(
            store=store,
            by=request.user,
            consultant=consultant,
            kind=d["kind"],
            source_channel=d["source_channel"],
            mobile=d["mobile"],
            started_at=d["started_at"],
            ended_at=d.get("ended_at"),
            party_size=d["party_size"],
            note=d["note"],
            customer_data=NewCustomerData(
                **{k: d.get(k, "") for k in NewCustomerData.__dataclass_fields__ if k != "budget"},
                budget=d.get("budget"),
            ),
        )
        return Response(VisitOutput(visit).data, status=status.HTTP_201_CREATED)


class VisitEnd(SalesAPIView):
    """LEAD-5, SHW-DESK: end a reception logged on arrival; the post-visit SMS
    falls due from the end. 409 VISIT_ENDED when it has ended already."""

    class EndInput(serializers.Serializer):
        # Without an offset, on the store's clock; empty: now.
        ended_at = StoreDateTimeField(required=False, allow_null=True)

    @extend_schema(request=EndInput, responses=VisitOutput, parameters=[STORE_PARAMETER])
    def post(self, request, pk: int):
        store = api_store(request)
        visit = selectors.visit_get_for_user(user=request.user, store=store, visit_id=pk)
        if visit is None:
            raise Http404
        data = self.EndInput(data=request.data, context={"store": store})
        data.is_valid(raise_exception=True)
        visit = services.visit_end(
            visit=visit, by=request.user, ended_at=data.validated_data.get("ended_at")
        )
        visit = Visit.objects.select_related("sms").get(pk=visit.pk)
        return Response(VisitOutput(visit).data)


class TestDriveOutput(serializers.ModelSerializer):
    class Meta:
        model = TestDrive
        fields = [
            "id",
            "customer",
            "consultant",
            "test_car",
            "driver_name",
            "started_at",
            "ended_at",
            "note",
        ]


class TestDriveListCreate(SalesAPIView):
    class TestDriveInput(serializers.Serializer):
        customer = serializers.IntegerField()
        test_car = serializers.IntegerField()
        driver_name = serializers.CharField(max_length=50, allow_blank=True)
        licence_number = serializers.CharField(max_length=18, allow_blank=True)
        note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    @extend_schema(responses=TestDriveOutput(many=True), parameters=[STORE_PARAMETER])
    def get(self, request):
        store = api_store(request)
        customers = selectors.customer_list_for_user(user=request.user, store=store)
        drives = TestDrive.objects.filter(store=store, customer__in=customers).order_by(
            "-started_at"
        )[:200]
        return Response(TestDriveOutput(drives, many=True).data)

    @extend_schema(
        request=TestDriveInput, responses={201: TestDriveOutput}, parameters=[STORE_PARAMETER]
    )
    def post(self, request):
        store = api_store(request)
        data = self.TestDriveInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        customer = get_object_or_404(
            selectors.customer_list_for_user(user=request.user, store=store), pk=d["customer"]
        )
        car = get_object_or_404(TestCar.objects.filter(store=store), pk=d["test_car"])
        drive = services.test_drive_register(
            customer=customer,
            test_car=car,
            driver_name=d["driver_name"],
            licence_number=d["licence_number"],
            note=d["note"],
            by=request.user,
        )
        return Response(TestDriveOutput(drive).data, status=status.HTTP_201_CREATED)


class OrderOutput(serializers.ModelSerializer):
    class AccessoryOutput(serializers.Serializer):
        name = serializers.CharField()
        quantity = serializers.IntegerField()
        unit_price = serializers.DecimalField(max_digits=12, decimal_places=2)

    accessories = AccessoryOutput(many=True)

    class Meta:
        model = Order
        fields = [
            "id",
            "number",
            "customer",
            "consultant",
            "full_name",
            "mobile",
            "address",
            "id_type",
            "model_name",
            "colour",
            "price",
            "deposit",
            "status",
            "ordered_at",
            "cancelled_at",
            "cancel_reason",
            "commission_excluded",
            "accessories",
        ]


def _orders_for(request, store) -> QuerySet[Order]:
    customers = selectors.customer_list_for_user(user=request.user, store=store)
    return Order.objects.filter(store=store, customer__in=customers).prefetch_related("accessories")


class OrderListCreate(SalesAPIView):
    class OrderInput(serializers.Serializer):
        class AccessoryInput(serializers.Serializer):
            name = serializers.CharField(max_length=100)
            unit_price = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
            # The column is a small integer: more would be a database error, not a 400.
            quantity = serializers.IntegerField(min_value=1, max_value=32767, default=1)

        customer = serializers.IntegerField()
        full_name = serializers.CharField(max_length=50, allow_blank=True)
        mobile = serializers.CharField(max_length=20, allow_blank=True)
        address = serializers.CharField(max_length=200, allow_blank=True)
        id_type = serializers.ChoiceField(choices=IdType.choices, default=IdType.PRC_ID)
        id_number = serializers.CharField(max_length=18, allow_blank=True)
        model_name = serializers.CharField(max_length=50, allow_blank=True)
        colour = serializers.CharField(max_length=30, allow_blank=True)
        price = serializers.DecimalField(max_digits=12, decimal_places=2)
        deposit = serializers.DecimalField(max_digits=12, decimal_places=2, default=0)
        accessories = AccessoryInput(many=True, required=False, default=list)

    @extend_schema(responses=OrderOutput(many=True), parameters=[STORE_PARAMETER])
    def get(self, request):
        store = api_store(request)
        return Response(
            OrderOutput(_orders_for(request, store).order_by("-ordered_at")[:200], many=True).data
        )

    @extend_schema(request=OrderInput, responses={201: OrderOutput}, parameters=[STORE_PARAMETER])
    def post(self, request):
        store = api_store(request)
        data = self.OrderInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        customer = get_object_or_404(
            selectors.customer_list_for_user(user=request.user, store=store), pk=d["customer"]
        )
        order = services.order_create(
            customer=customer,
            by=request.user,
            full_name=d["full_name"],
            mobile=d["mobile"],
            address=d["address"],
            id_number=d["id_number"],
            id_type=d["id_type"],
            model_name=d["model_name"],
            colour=d["colour"],
            price=d["price"],
            deposit=d["deposit"],
            accessories=[
                AccessoryLine(a["name"], a["unit_price"], a["quantity"]) for a in d["accessories"]
            ],
        )
        return Response(OrderOutput(order).data, status=status.HTTP_201_CREATED)


class OrderCancel(SalesAPIView):
    class CancelInput(serializers.Serializer):
        reason = serializers.CharField(max_length=200, allow_blank=True)

    @extend_schema(request=CancelInput, responses=OrderOutput, parameters=[STORE_PARAMETER])
    def post(self, request, pk: int):
        store = api_store(request)
        order = get_object_or_404(_orders_for(request, store), pk=pk)
        data = self.CancelInput(data=request.data)
        data.is_valid(raise_exception=True)
        order = services.order_cancel(
            order=order, reason=data.validated_data["reason"], by=request.user
        )
        return Response(OrderOutput(order).data)
