"""Reminders: the schedule (next due time per incident, indexed) and the rungs sent, once each.

Open incidents that exist already get a schedule row that is due at once, so the first sweep
after the upgrade plans their ladders (sending at most the most urgent rung of each, no burst).
"""

# Created 2026-12-04 17:51:37.074658
from collections.abc import Sequence
from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# storage.reminders.SWEEP_NOW, spelled out: revisions never import application code.
SWEEP_NOW = datetime(1970, 1, 1, tzinfo=UTC)


def upgrade() -> None:
    op.create_table(
        "reminder_schedule",
        sa.Column("incident_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("next_due_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_reminder_schedule_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", name=op.f("pk_reminder_schedule")),
    )
    op.create_index(
        op.f("ix_reminder_schedule_next_due_at"), "reminder_schedule", ["next_due_at"], unique=False
    )
    op.create_table(
        "reminders_sent",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("rung", sa.String(length=64), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_reminders_sent_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "rung", name=op.f("pk_reminders_sent")),
    )
    op.execute(
        sa.text(
            "INSERT INTO reminder_schedule (incident_id, next_due_at) "
            "SELECT id, :due FROM incidents WHERE step <> 'closed'"
        ).bindparams(sa.bindparam("due", SWEEP_NOW, type_=sa.DateTime(timezone=True)))
    )


def downgrade() -> None:
    op.drop_table("reminders_sent")
    op.drop_index(op.f("ix_reminder_schedule_next_due_at"), table_name="reminder_schedule")
    op.drop_table("reminder_schedule")
