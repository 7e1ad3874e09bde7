"""Vehicle stock (RULES.md section 4): warehouses, vehicles by VIN and their
movements, the numbered paper forms, keys and storage care."""

from inventory.models.care import CareRule, CareTask, StockPolicy, StockSpotCheck, StormAlert
from inventory.models.keys import CarSelectionRequest, KeyLog
from inventory.models.paperwork import (
    DeliveryConfirmation,
    Dispatch,
    GatePass,
    InboundForm,
    OutboundForm,
    PaymentConfirmation,
    PdiChecklistItem,
    PdiInspection,
    PdiResult,
    ReleaseSlip,
    Transfer,
)
from inventory.models.stock import (
    FormCounter,
    Movement,
    Vehicle,
    VehicleDocument,
    VehicleKey,
    Warehouse,
)

__all__ = [
    "CarSelectionRequest",
    "CareRule",
    "CareTask",
    "DeliveryConfirmation",
    "Dispatch",
    "FormCounter",
    "GatePass",
    "InboundForm",
    "KeyLog",
    "Movement",
    "OutboundForm",
    "PaymentConfirmation",
    "PdiChecklistItem",
    "PdiInspection",
    "PdiResult",
    "ReleaseSlip",
    "StockPolicy",
    "StockSpotCheck",
    "StormAlert",
    "Transfer",
    "Vehicle",
    "VehicleDocument",
    "VehicleKey",
    "Warehouse",
]
