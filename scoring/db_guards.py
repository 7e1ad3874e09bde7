"""PTS-1 in the embedded SQLite database: the penalty ledger is append-only
(the PostgreSQL trigger is migration 0003; dealership.sqlite_triggers says
why SQLite's are kept apart)."""

from dealership.sqlite_triggers import Trigger

SQLITE_TRIGGERS = (
    Trigger(
        "scoring_penaltyentry_no_update",
        ("scoring_penaltyentry",),
        """CREATE TRIGGER IF NOT EXISTS scoring_penaltyentry_no_update
           BEFORE UPDATE ON scoring_penaltyentry
           BEGIN SELECT RAISE(ABORT, 'scoring_penaltyentry is append-only (PTS-1)'); END""",
    ),
    Trigger(
        "scoring_penaltyentry_no_delete",
        ("scoring_penaltyentry",),
        """CREATE TRIGGER IF NOT EXISTS scoring_penaltyentry_no_delete
           BEFORE DELETE ON scoring_penaltyentry
           BEGIN SELECT RAISE(ABORT, 'scoring_penaltyentry is append-only (PTS-1)'); END""",
    ),
)
