"""STK-OUT-1 at the database level: a vehicle cannot become 'delivered'
without a full-payment confirmation (全款确认单) for its vehicle and order,
whoever writes the row (page, API, admin, bulk action or a buggy caller)."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION inventory_vehicle_delivered_guard() RETURNS trigger AS $$
BEGIN
    IF NEW.state = 'delivered' AND (
        TG_OP = 'INSERT'
        OR OLD.state IS DISTINCT FROM 'delivered'
        OR OLD.order_id IS DISTINCT FROM NEW.order_id
    ) AND NOT EXISTS (
        SELECT 1 FROM inventory_paymentconfirmation p
        WHERE p.vehicle_id = NEW.id AND p.order_id = NEW.order_id
    ) THEN
        RAISE EXCEPTION 'OUTBOUND_UNPAID: vehicle % has no full-payment confirmation (STK-OUT-1)', NEW.vin
            USING ERRCODE = 'check_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER inventory_vehicle_delivered_guard
    BEFORE INSERT OR UPDATE OF state, order_id ON inventory_vehicle
    FOR EACH ROW EXECUTE FUNCTION inventory_vehicle_delivered_guard();
"""
PG_REVERSE = """
DROP TRIGGER IF EXISTS inventory_vehicle_delivered_guard ON inventory_vehicle;
DROP FUNCTION IF EXISTS inventory_vehicle_delivered_guard();
"""


def forward(apps, schema_editor):
    _run(schema_editor, PG_FORWARD)


def reverse(apps, schema_editor):
    _run(schema_editor, PG_REVERSE)


def _run(schema_editor, pg_sql):
    # SQLite's triggers are created after migrate instead, where a later
    # migration's table rebuild cannot trip over them or drop them
    # (dealership.sqlite_triggers).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(pg_sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("inventory", "0003_defaults")]

    operations = [migrations.RunPython(forward, reverse)]
