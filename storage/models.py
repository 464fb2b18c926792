"""The tables: typed SQLAlchemy 2 rows; columns holding personal data carry info["personal_data"]."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from storage.types import UTCDateTime

# Export, backup and erasure code find personal data through this marker (Art. 15, 17, 20).
PERSONAL = {"personal_data": True}

# Named constraints keep Alembic's batch mode on SQLite and later migrations predictable.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)
    type_annotation_map = {datetime: UTCDateTime(), dict[str, Any]: JSON, list[str]: JSON}


def personal_columns(metadata: MetaData | None = None) -> dict[str, list[str]]:
    """Table name -> names of the columns marked as personal data."""
    tables = (metadata or Base.metadata).sorted_tables
    found = {t.name: [c.name for c in t.columns if c.info.get("personal_data")] for t in tables}
    return {name: cols for name, cols in found.items() if cols}


def _text(**kwargs: Any) -> Any:
    """A free-text column; free text may name people, so it is personal data."""
    return mapped_column(Text, info=PERSONAL, **kwargs)


class IncidentRow(Base):
    """One incident with every register field (Art. 33(5)); enums are stored as their values."""

    __tablename__ = "incidents"
    __table_args__ = (UniqueConstraint("case_year", "case_seq"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    case_number: Mapped[str] = mapped_column(String(16), unique=True)
    case_year: Mapped[int] = mapped_column(Integer)
    case_seq: Mapped[int] = mapped_column(Integer)
    idempotency_key: Mapped[str | None] = mapped_column(String(255), unique=True)
    title: Mapped[str] = _text()
    description: Mapped[str] = _text()
    unit_id: Mapped[str] = mapped_column(String(255))
    reporter_id: Mapped[str] = mapped_column(String(255), index=True)
    reporter_name: Mapped[str] = mapped_column(String(255), info=PERSONAL)
    reporter_email: Mapped[str | None] = mapped_column(String(320), info=PERSONAL)
    source: Mapped[str] = mapped_column(String(32))
    discovered_at: Mapped[datetime]
    reported_at: Mapped[datetime]
    kind: Mapped[str] = mapped_column(String(32))
    classification: Mapped[str | None] = mapped_column(String(32))
    step: Mapped[str] = mapped_column(String(32), index=True)
    outcome: Mapped[str | None] = mapped_column(String(32))
    aware_at: Mapped[datetime | None]
    aware_basis: Mapped[str | None] = _text()
    aware_changed_by: Mapped[str | None] = mapped_column(String(255))
    aware_change_reason: Mapped[str | None] = _text()
    started_at: Mapped[datetime | None]
    ended_at: Mapped[datetime | None]
    ongoing: Mapped[str] = mapped_column(String(16))
    how_discovered: Mapped[str | None] = _text()
    nature: Mapped[list[str]]
    personal_data_categories: Mapped[list[str]]
    special_categories: Mapped[str] = mapped_column(String(16))
    special_category_kinds: Mapped[list[str]]
    data_subject_groups: Mapped[list[str]]
    subjects_count: Mapped[int | None] = mapped_column(BigInteger)
    subjects_count_max: Mapped[int | None] = mapped_column(BigInteger)
    records_count: Mapped[int | None] = mapped_column(BigInteger)
    vulnerable_subjects: Mapped[str] = mapped_column(String(16))
    encrypted: Mapped[str] = mapped_column(String(16))
    protection_details: Mapped[str | None] = _text()
    exfiltration: Mapped[str] = mapped_column(String(16))
    malicious: Mapped[str] = mapped_column(String(16))
    measures_taken: Mapped[str | None] = _text()
    measures_proposed: Mapped[str | None] = _text()
    consequences: Mapped[str | None] = _text()
    severity: Mapped[str | None] = mapped_column(String(64))
    risk_decision: Mapped[str | None] = mapped_column(String(64))
    risk_reasoning: Mapped[str | None] = _text()
    notify_authority: Mapped[bool | None] = mapped_column(Boolean)
    no_notification_reason: Mapped[str | None] = _text()
    # Art. 34: people_recorded tells "nothing recorded" (None) from an empty record.
    people_recorded: Mapped[bool] = mapped_column(Boolean, default=False)
    people_informed_at: Mapped[datetime | None]
    people_plan: Mapped[str | None] = _text()
    people_channel: Mapped[str | None] = mapped_column(String(255))
    people_count: Mapped[int | None] = mapped_column(BigInteger)
    people_exception: Mapped[str | None] = mapped_column(String(32))
    people_exception_evidence: Mapped[str | None] = _text()
    sa_instruction: Mapped[str | None] = _text()
    other_organisations: Mapped[str | None] = _text()
    root_cause: Mapped[str | None] = _text()
    improvement_measures: Mapped[str | None] = _text()
    liability: Mapped[str | None] = _text()
    confidential: Mapped[bool] = mapped_column(Boolean, default=False)
    reporter_language: Mapped[str | None] = mapped_column(String(16))
    extra: Mapped[dict[str, Any]] = mapped_column(JSON, info=PERSONAL)

    checklist_items: Mapped[list[ChecklistItemRow]] = relationship(
        lazy="raise",
        order_by="ChecklistItemRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )
    notifications: Mapped[list[AuthorityNotificationRow]] = relationship(
        lazy="raise",
        order_by="AuthorityNotificationRow.position",
        cascade="all, delete-orphan",
        passive_deletes=True,
    )


class ChecklistItemRow(Base):
    """One item of the IRT checklist of an incident."""

    __tablename__ = "checklist_items"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(32), primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = _text()
    actor: Mapped[str | None] = mapped_column(String(255))
    at: Mapped[datetime | None]


class AuthorityNotificationRow(Base):
    """One notification to the supervisory authority (Art. 33(1), 33(4)), in order sent."""

    __tablename__ = "authority_notifications"
    __table_args__ = (UniqueConstraint("incident_id", "position"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    sent_at: Mapped[datetime]
    reference: Mapped[str] = mapped_column(String(255))
    delay_reason: Mapped[str | None] = _text()
    recorded_by: Mapped[str] = mapped_column(String(255))


class TimelineEntryRow(Base):
    """Append-only history of an incident; never updated, so it can back the register."""

    __tablename__ = "timeline_entries"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), index=True
    )
    at: Mapped[datetime]
    actor: Mapped[str] = mapped_column(String(255))
    what: Mapped[str] = mapped_column(String(64))
    details: Mapped[dict[str, Any]] = mapped_column(JSON, info=PERSONAL)


class CaseCounterRow(Base):
    """The last case number handed out per year; its row lock keeps numbering gap-free."""

    __tablename__ = "case_counters"

    year: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last: Mapped[int] = mapped_column(Integer, default=0)


class ProcessedEventRow(Base):
    """Incoming platform events already handled, so a redelivery is recognised and skipped."""

    __tablename__ = "processed_events"

    source: Mapped[str] = mapped_column(String(32), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    received_at: Mapped[datetime] = mapped_column(server_default=func.now())


class OutboxRow(Base):
    """A message to deliver after commit; `key` lets a redelivery update rather than re-post."""

    __tablename__ = "outbox"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str | None] = mapped_column(String(255), unique=True)
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(64))
    case_number: Mapped[str] = mapped_column(String(16))
    recipient: Mapped[str] = mapped_column(String(255), default="")
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, info=PERSONAL)
    incident_id: Mapped[int | None] = mapped_column(
        ForeignKey("incidents.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime]
    due_at: Mapped[datetime] = mapped_column(index=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str | None] = mapped_column(Text)
    status: Mapped[str] = mapped_column(String(16), default="pending", index=True)
    sent_at: Mapped[datetime | None]
    external_ref: Mapped[str | None] = mapped_column(String(255))
    claimed_until: Mapped[datetime | None]
    claimed_by: Mapped[str | None] = mapped_column(String(255))


class MessageRefRow(Base):
    """Where a platform message or conversation about a case lives, so it is updated in place."""

    __tablename__ = "message_refs"

    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    case_number: Mapped[str] = mapped_column(String(16), primary_key=True)
    purpose: Mapped[str] = mapped_column(String(32), primary_key=True)
    recipient: Mapped[str] = mapped_column(String(255), primary_key=True)
    conversation: Mapped[str] = mapped_column(String(255))
    message_id: Mapped[str] = mapped_column(String(255), default="")


class ReminderScheduleRow(Base):
    """When an incident's next reminder or nudge falls due: the sweep reads only rows due now."""

    __tablename__ = "reminder_schedule"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True, autoincrement=False
    )
    next_due_at: Mapped[datetime | None] = mapped_column(index=True)


class ReminderSentRow(Base):
    """A reminder rung sent for an incident; the primary key makes every rung exactly-once."""

    __tablename__ = "reminders_sent"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    rung: Mapped[str] = mapped_column(String(64), primary_key=True)
    sent_at: Mapped[datetime]
