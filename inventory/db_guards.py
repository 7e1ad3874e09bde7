"""STK-OUT-1 in the embedded SQLite database: a vehicle cannot become
'delivered' without a full-payment confirmation for its vehicle and order
(the PostgreSQL trigger is migration 0004; dealership.sqlite_triggers says
why SQLite's are kept apart)."""

from dealership.sqlite_triggers import Trigger

SQLITE_TRIGGERS = (
    Trigger(
        "inventory_vehicle_delivered_guard_update",
        ("inventory_vehicle", "inventory_paymentconfirmation"),
        """
        CREATE TRIGGER IF NOT EXISTS inventory_vehicle_delivered_guard_update
        BEFORE UPDATE OF state, order_id ON inventory_vehicle
        FOR EACH ROW WHEN NEW.state = 'delivered'
            AND (OLD.state <> 'delivered' OR OLD.order_id IS NOT NEW.order_id)
            AND NOT EXISTS (
                SELECT 1 FROM inventory_paymentconfirmation p
                WHERE p.vehicle_id = NEW.id AND p.order_id = NEW.order_id
            )
        BEGIN
            SELECT RAISE(ABORT, 'OUTBOUND_UNPAID: no full-payment confirmation (STK-OUT-1)');
        END
        """,
    ),
    Trigger(
        "inventory_vehicle_delivered_guard_insert",
        ("inventory_vehicle",),
        """
        CREATE TRIGGER IF NOT EXISTS inventory_vehicle_delivered_guard_insert
        BEFORE INSERT ON inventory_vehicle
        FOR EACH ROW WHEN NEW.state = 'delivered'
        BEGIN
            SELECT RAISE(ABORT, 'OUTBOUND_UNPAID: no full-payment confirmation (STK-OUT-1)');
        END
        """,
    ),
)
