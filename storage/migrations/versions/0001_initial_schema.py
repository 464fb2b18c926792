"""Initial schema: incidents and their children, timeline, counters, processed events, outbox."""

# Created 2026-12-04 17:40:14.445179
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "case_counters",
        sa.Column("year", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("last", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("year", name=op.f("pk_case_counters")),
    )
    op.create_table(
        "incidents",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_number", sa.String(length=16), nullable=False),
        sa.Column("case_year", sa.Integer(), nullable=False),
        sa.Column("case_seq", sa.Integer(), nullable=False),
        sa.Column("idempotency_key", sa.String(length=255), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("unit_id", sa.String(length=255), nullable=False),
        sa.Column("reporter_id", sa.String(length=255), nullable=False),
        sa.Column("reporter_name", sa.String(length=255), nullable=False),
        sa.Column("reporter_email", sa.String(length=320), nullable=True),
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("discovered_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reported_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("classification", sa.String(length=32), nullable=True),
        sa.Column("step", sa.String(length=32), nullable=False),
        sa.Column("outcome", sa.String(length=32), nullable=True),
        sa.Column("aware_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("aware_basis", sa.Text(), nullable=True),
        sa.Column("aware_changed_by", sa.String(length=255), nullable=True),
        sa.Column("aware_change_reason", sa.Text(), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("ongoing", sa.String(length=16), nullable=False),
        sa.Column("how_discovered", sa.Text(), nullable=True),
        sa.Column("nature", sa.JSON(), nullable=False),
        sa.Column("personal_data_categories", sa.JSON(), nullable=False),
        sa.Column("special_categories", sa.String(length=16), nullable=False),
        sa.Column("special_category_kinds", sa.JSON(), nullable=False),
        sa.Column("data_subject_groups", sa.JSON(), nullable=False),
        sa.Column("subjects_count", sa.BigInteger(), nullable=True),
        sa.Column("subjects_count_max", sa.BigInteger(), nullable=True),
        sa.Column("records_count", sa.BigInteger(), nullable=True),
        sa.Column("vulnerable_subjects", sa.String(length=16), nullable=False),
        sa.Column("encrypted", sa.String(length=16), nullable=False),
        sa.Column("protection_details", sa.Text(), nullable=True),
        sa.Column("exfiltration", sa.String(length=16), nullable=False),
        sa.Column("malicious", sa.String(length=16), nullable=False),
        sa.Column("measures_taken", sa.Text(), nullable=True),
        sa.Column("measures_proposed", sa.Text(), nullable=True),
        sa.Column("consequences", sa.Text(), nullable=True),
        sa.Column("severity", sa.String(length=64), nullable=True),
        sa.Column("risk_decision", sa.String(length=64), nullable=True),
        sa.Column("risk_reasoning", sa.Text(), nullable=True),
        sa.Column("notify_authority", sa.Boolean(), nullable=True),
        sa.Column("no_notification_reason", sa.Text(), nullable=True),
        sa.Column("people_recorded", sa.Boolean(), nullable=False),
        sa.Column("people_informed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("people_plan", sa.Text(), nullable=True),
        sa.Column("people_channel", sa.String(length=255), nullable=True),
        sa.Column("people_count", sa.BigInteger(), nullable=True),
        sa.Column("people_exception", sa.String(length=32), nullable=True),
        sa.Column("people_exception_evidence", sa.Text(), nullable=True),
        sa.Column("sa_instruction", sa.Text(), nullable=True),
        sa.Column("other_organisations", sa.Text(), nullable=True),
        sa.Column("root_cause", sa.Text(), nullable=True),
        sa.Column("improvement_measures", sa.Text(), nullable=True),
        sa.Column("liability", sa.Text(), nullable=True),
        sa.Column("confidential", sa.Boolean(), nullable=False),
        sa.Column("reporter_language", sa.String(length=16), nullable=True),
        sa.Column("extra", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_incidents")),
        sa.UniqueConstraint("case_number", name=op.f("uq_incidents_case_number")),
        sa.UniqueConstraint("case_year", "case_seq", name=op.f("uq_incidents_case_year_case_seq")),
        sa.UniqueConstraint("idempotency_key", name=op.f("uq_incidents_idempotency_key")),
    )
    op.create_index(op.f("ix_incidents_reporter_id"), "incidents", ["reporter_id"], unique=False)
    op.create_index(op.f("ix_incidents_step"), "incidents", ["step"], unique=False)

    op.create_table(
        "message_refs",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("case_number", sa.String(length=16), nullable=False),
        sa.Column("purpose", sa.String(length=32), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("conversation", sa.String(length=255), nullable=False),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.PrimaryKeyConstraint(
            "platform", "case_number", "purpose", "recipient", name=op.f("pk_message_refs")
        ),
    )
    op.create_table(
        "processed_events",
        sa.Column("source", sa.String(length=32), nullable=False),
        sa.Column("event_id", sa.String(length=255), nullable=False),
        sa.Column(
            "received_at", sa.DateTime(timezone=True), server_default=sa.func.now(), nullable=False
        ),
        sa.PrimaryKeyConstraint("source", "event_id", name=op.f("pk_processed_events")),
    )
    op.create_table(
        "authority_notifications",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reference", sa.String(length=255), nullable=False),
        sa.Column("delay_reason", sa.Text(), nullable=True),
        sa.Column("recorded_by", sa.String(length=255), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_authority_notifications_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_authority_notifications")),
        sa.UniqueConstraint(
            "incident_id", "position", name=op.f("uq_authority_notifications_incident_id_position")
        ),
    )
    op.create_index(
        op.f("ix_authority_notifications_incident_id"),
        "authority_notifications",
        ["incident_id"],
        unique=False,
    )

    op.create_table(
        "checklist_items",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("actor", sa.String(length=255), nullable=True),
        sa.Column("at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_checklist_items_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("incident_id", "key", name=op.f("pk_checklist_items")),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=255), nullable=True),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("kind", sa.String(length=64), nullable=False),
        sa.Column("case_number", sa.String(length=16), nullable=False),
        sa.Column("recipient", sa.String(length=255), nullable=False),
        sa.Column("payload", sa.JSON(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("due_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("external_ref", sa.String(length=255), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_by", sa.String(length=255), nullable=True),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_outbox_incident_id_incidents"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
        sa.UniqueConstraint("key", name=op.f("uq_outbox_key")),
    )
    op.create_index(op.f("ix_outbox_due_at"), "outbox", ["due_at"], unique=False)
    op.create_index(op.f("ix_outbox_incident_id"), "outbox", ["incident_id"], unique=False)
    op.create_index(op.f("ix_outbox_status"), "outbox", ["status"], unique=False)

    op.create_table(
        "timeline_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=255), nullable=False),
        sa.Column("what", sa.String(length=64), nullable=False),
        sa.Column("details", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["incident_id"],
            ["incidents.id"],
            name=op.f("fk_timeline_entries_incident_id_incidents"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_timeline_entries")),
    )
    op.create_index(
        op.f("ix_timeline_entries_incident_id"), "timeline_entries", ["incident_id"], unique=False
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_timeline_entries_incident_id"), table_name="timeline_entries")

    op.drop_table("timeline_entries")
    op.drop_index(op.f("ix_outbox_status"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_incident_id"), table_name="outbox")
    op.drop_index(op.f("ix_outbox_due_at"), table_name="outbox")

    op.drop_table("outbox")
    op.drop_table("checklist_items")
    op.drop_index(
        op.f("ix_authority_notifications_incident_id"), table_name="authority_notifications"
    )

    op.drop_table("authority_notifications")
    op.drop_table("processed_events")
    op.drop_table("message_refs")
    op.drop_index(op.f("ix_incidents_step"), table_name="incidents")
    op.drop_index(op.f("ix_incidents_reporter_id"), table_name="incidents")

    op.drop_table("incidents")
    op.drop_table("case_counters")
