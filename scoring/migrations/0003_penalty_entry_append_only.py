"""PTS-1: the ledger is append-only. A database trigger refuses every UPDATE
and DELETE of scoring_penaltyentry, whatever path the statement comes from
(service, admin, shell, raw SQL). Corrections are reversing entries.

TRUNCATE is left alone: the test runner empties tables with it between
transactional tests."""

from django.db import migrations

PG_FORWARD = """
CREATE OR REPLACE FUNCTION scoring_penaltyentry_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'scoring_penaltyentry is append-only (PTS-1): % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS scoring_penaltyentry_append_only ON scoring_penaltyentry;
CREATE TRIGGER scoring_penaltyentry_append_only
    BEFORE UPDATE OR DELETE ON scoring_penaltyentry
    FOR EACH ROW EXECUTE FUNCTION scoring_penaltyentry_append_only();
"""
PG_BACKWARD = """
DROP TRIGGER IF EXISTS scoring_penaltyentry_append_only ON scoring_penaltyentry;
DROP FUNCTION IF EXISTS scoring_penaltyentry_append_only();
"""


def forward(apps, schema_editor):
    _run(schema_editor, PG_FORWARD)


def backward(apps, schema_editor):
    _run(schema_editor, PG_BACKWARD)


def _run(schema_editor, postgres_sql):
    # SQLite's triggers are created after migrate instead, where a later
    # migration's table rebuild cannot trip over them or drop them
    # (dealership.sqlite_triggers).
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(postgres_sql, params=None)


class Migration(migrations.Migration):
    dependencies = [("scoring", "0002_penalty_rule_catalogue")]

    operations = [migrations.RunPython(forward, backward)]
