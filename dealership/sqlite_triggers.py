"""Guard triggers on the embedded SQLite database (`make run` without
DATABASE_URL).

On PostgreSQL the guards come from migrations (inventory 0004 STK-OUT-1,
scoring 0003 PTS-1). SQLite cannot keep them through later migrations: to
alter a table it builds a new one, copies the rows, drops the old table (and
with it the table's own triggers) and renames the new one, and the rename
fails while another table's trigger names the table ("error in trigger ...:
no such table"). So on SQLite each app's triggers are dropped before
`migrate` runs and created again once it has finished (pre_migrate and
post_migrate), from the app's list of them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connections
from django.db.models.signals import post_migrate, pre_migrate


@dataclass(frozen=True)
class Trigger:
    name: str
    tables: tuple[str, ...]  # every table its body names: created once all exist
    sql: str  # CREATE TRIGGER IF NOT EXISTS <name> ...


def keep_sqlite_triggers(app_config, triggers: tuple[Trigger, ...]) -> None:
    """Connect the app's triggers to migrate (AppConfig.ready)."""

    def drop(using: str = "default", **_kwargs) -> None:
        connection = connections[using]
        if connection.vendor != "sqlite":
            return
        with connection.cursor() as cursor:
            for trigger in triggers:
                cursor.execute(f'DROP TRIGGER IF EXISTS "{trigger.name}"')

    def install(using: str = "default", **_kwargs) -> None:
        connection = connections[using]
        if connection.vendor != "sqlite":
            return
        tables = set(connection.introspection.table_names())
        with connection.cursor() as cursor:
            for trigger in triggers:
                if tables.issuperset(trigger.tables):
                    cursor.execute(trigger.sql)

    uid = f"sqlite_triggers:{app_config.label}"
    pre_migrate.connect(drop, sender=app_config, dispatch_uid=uid, weak=False)
    post_migrate.connect(install, sender=app_config, dispatch_uid=uid, weak=False)
