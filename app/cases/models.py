"""Case tables: the case, its parties, its type details, the reference counters."""

from datetime import datetime

from sqlalchemy import (
    CheckConstraint,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    false,
    text,
)
from sqlalchemy import event as sa_event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.auth.models import User
from app.cases import workflow
from app.cases.visibility import check_sql
from app.crypto import (
    EncryptedJSON,
    EncryptedText,
    blind_index,
    blind_index_of,
    matches,
    normalised_email,
    normalised_name,
)
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db
from app.register.models import Organisation, Product

CASE_TYPES = ("incident", "complaint", "dispute", "objection")
REFERENCE_PREFIXES = {"incident": "INC", "complaint": "KLA", "dispute": "GES", "objection": "BEZ", "rfc": "RFC"}
# What the reference counters number: the case types, and the RFC desk's requests for change (app/rfc).
NUMBERED = (*CASE_TYPES, "rfc")
# The statuses are the workflow's (app/cases/workflow.py); the tables store them.
STATUSES = workflow.STATUSES
OPEN_STATUSES = workflow.OPEN
INCIDENT_CATEGORIES = ("data_breach", "security", "outage", "non_compliance")
SEVERITIES = ("incident", "calamity", "crisis")
PARTY_ROLES = ("reporter", "subject", "claimant", "respondent")
# Every kind of timeline event, the compliance steps' among them (app/cases/labels.py has their words).
# The measure steps on a case's timeline that change a measure (its words are in app/cases/labels.py).
MEASURE_CHANGES = (
    "measure_taken",
    "measure_proposed",
    "measure_approved",
    "measure_rejected",
    "measure_met",
    "measure_ended",
    "measure_breached",
    "participant_heard",
)
EVENT_KINDS = (
    "received",
    "acknowledged",
    "message",
    "attachment",
    "note",
    "status",
    "assigned",
    "term_extended",
    "linked",
    "report_linked",
    "deadline_breached",
    "deadlines_recomputed",
    "party_informed",
    "party_not_informed",
    "response_requested",
    "claimed",
    "decision",
    *MEASURE_CHANGES,
    "measure_evidence",
    "objection_filed",
    "ap_notified",
    "breach_updated",
    "legal_hold",
    "legal_hold_lifted",
    "erased",
)
RESPONSE_REQUESTED = "response_requested"  # a case handler asks one party to answer by a deadline
IS_RESPONSE_REQUEST = f"kind = '{RESPONSE_REQUESTED}'"


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        # The staff queue sorts open cases by their nearest deadline, filtered by these columns.
        Index("ix_cases_queue", "next_due_at", "id"),
        # The default queue (open cases): a partial index, so its cost follows the open cases only.
        # Queries must spell the condition with literals (app/cases/queue.py) for SQLite to use it.
        Index(
            "ix_cases_open_queue",
            "next_due_at",
            "id",
            sqlite_where=text(f"status IN ({', '.join(repr(s) for s in OPEN_STATUSES)})"),
            postgresql_where=text(f"status IN ({', '.join(repr(s) for s in OPEN_STATUSES)})"),
        ),
        Index("ix_cases_status_due", "status", "next_due_at"),
        Index("ix_cases_type_due", "type", "next_due_at"),
        Index("ix_cases_category_due", "category", "next_due_at", "id"),
        Index("ix_cases_participant_due", "participant_id", "next_due_at", "id"),
        Index("ix_cases_assignee_due", "assignee_id", "next_due_at", "id"),
        # Full-text search (PostgreSQL only; app/cases/queue.py queries this very expression) over the
        # columns kept in plain text: the description is encrypted (app/crypto.py).
        # Parenthesised as PostgreSQL prints it back, so Alembic's compare sees no difference.
        Index(
            "ix_cases_search",
            text("to_tsvector('dutch', ((title || ' ') || coalesce(reporter_organisation, '')))"),
            postgresql_using="gin",
        ).ddl_if(dialect="postgresql"),
        # Few reports are linked to a lead case: only those are indexed.
        Index(
            "ix_cases_lead_case_id",
            "lead_case_id",
            sqlite_where=text("lead_case_id IS NOT NULL"),
            postgresql_where=text("lead_case_id IS NOT NULL"),
        ),
        one_of("type", CASE_TYPES),
        one_of("status", STATUSES),
        one_of("category", INCIDENT_CATEGORIES),
        one_of("severity", SEVERITIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    type: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default="received")
    category: Mapped[str | None] = mapped_column(String(30))
    severity: Mapped[str | None] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(EncryptedText)
    participant_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"))

    # Encrypted at rest; found through their blind indexes (app/crypto.py matches()), kept in step below.
    reporter_name: Mapped[str] = mapped_column(EncryptedText)
    reporter_email: Mapped[str] = mapped_column(EncryptedText)
    reporter_phone: Mapped[str | None] = mapped_column(EncryptedText)
    reporter_name_index: Mapped[str | None] = mapped_column(
        String(64), index=True, info=blind_index_of("reporter_name")
    )
    reporter_email_index: Mapped[str | None] = mapped_column(
        String(64), index=True, info=blind_index_of("reporter_email", email=True)
    )
    reporter_organisation: Mapped[str | None] = mapped_column(String(200))
    reporter_user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    follow_up_code_hash: Mapped[str] = mapped_column(String(256))
    # The reporter may ask for a one-time access link by e-mail when the code is lost.
    access_links_opt_in: Mapped[bool] = mapped_column(default=False, server_default=false())

    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now, index=True)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # The nearest running deadline, kept in step with the deadline rows for the queue order.
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lead_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))

    participant: Mapped[Organisation | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    reporter_user: Mapped[User | None] = relationship(foreign_keys=[reporter_user_id])
    incident: Mapped["IncidentDetails | None"] = relationship(
        back_populates="case", uselist=False, cascade="all, delete-orphan"
    )
    parties: Mapped[list["CaseParty"]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseParty.id"
    )

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


def reported_by_email(address: str):
    """A condition: the cases whose reporter gave this e-mail address (its blind index)."""
    return matches(Case.reporter_email_index, normalised_email(address))


def reported_by_name(name: str):
    """A condition: the cases whose reporter gave this name (case and spacing aside; its blind index)."""
    return matches(Case.reporter_name_index, normalised_name(name))


@sa_event.listens_for(Case.reporter_email, "set")
def _index_reporter_email(case: Case, value, _old, _initiator) -> None:
    case.reporter_email_index = blind_index(normalised_email(value)) if value is not None else None


@sa_event.listens_for(Case.reporter_name, "set")
def _index_reporter_name(case: Case, value, _old, _initiator) -> None:
    case.reporter_name_index = blind_index(normalised_name(value)) if value is not None else None


class CaseParty(db.Model):
    """An organisation's role in a case; visibility and 'my cases' follow from it."""

    __tablename__ = "case_parties"
    # The unique constraint's index serves lookups by case_id too.
    __table_args__ = (UniqueConstraint("case_id", "organisation_id", "role"), one_of("role", PARTY_ROLES))

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))

    case: Mapped[Case] = relationship(back_populates="parties")
    organisation: Mapped[Organisation] = relationship()


class IncidentDetails(db.Model):
    """The incident and data-breach fields (GDPR Art. 33(3) and the AP form)."""

    __tablename__ = "incident_details"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    gegevensdienst: Mapped[str | None] = mapped_column(String(40))
    discovered_at: Mapped[datetime] = mapped_column(UTCDateTime)
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ongoing: Mapped[bool | None]
    # The data-breach answers are encrypted at rest; dates, numbers and yes/no answers are not.
    impact: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    nature: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    data_categories: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    special_categories: Mapped[bool | None]
    bsn_involved: Mapped[bool | None]
    affected_min: Mapped[int | None] = mapped_column(Integer)
    affected_max: Mapped[int | None] = mapped_column(Integer)
    affected_groups: Mapped[list] = mapped_column(EncryptedJSON, default=list)
    minors_involved: Mapped[bool | None]
    encrypted: Mapped[bool | None]
    consequences: Mapped[str | None] = mapped_column(EncryptedText)
    measures_taken: Mapped[str | None] = mapped_column(EncryptedText)
    people_informed: Mapped[bool | None]
    ap_notified: Mapped[bool | None]
    ap_notified_by: Mapped[str | None] = mapped_column(EncryptedText)
    ap_notified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    ap_reference: Mapped[str | None] = mapped_column(EncryptedText)
    affected_schools: Mapped[str | None] = mapped_column(EncryptedText)
    contact_person: Mapped[str | None] = mapped_column(EncryptedText)

    case: Mapped[Case] = relationship(back_populates="incident")
    product: Mapped[Product | None] = relationship()


class ReferenceCounter(db.Model):
    """The last number handed out per case type and year; references are never reused."""

    __tablename__ = "reference_counters"
    __table_args__ = (one_of("case_type", NUMBERED),)

    case_type: Mapped[str] = mapped_column(String(20), primary_key=True)
    year: Mapped[int] = mapped_column(primary_key=True)
    last_number: Mapped[int] = mapped_column(default=0)


class TimelineEvent(db.Model):
    """One append-only event on a case, chained to the previous one by hash."""

    __tablename__ = "timeline_events"
    __table_args__ = (
        UniqueConstraint("case_id", "seq"),
        # What a party is asked to answer (hearing.owed_clocks), read on each of its pages of cases:
        # a case has a few such events among its dozens, and only they are indexed.
        Index(
            "ix_timeline_events_requests",
            "case_id",
            sqlite_where=text(IS_RESPONSE_REQUEST),
            postgresql_where=text(IS_RESPONSE_REQUEST),
        ),
        one_of("kind", EVENT_KINDS),
        CheckConstraint(check_sql("visibility"), name="visibility"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Who, what and the event's facts are encrypted at rest (a reporter's name, a message, breach
    # answers); the hash chain covers their plain text, so a key rotation leaves it intact.
    actor_label: Mapped[str] = mapped_column(EncryptedText)
    kind: Mapped[str] = mapped_column(String(40))
    visibility: Mapped[str] = mapped_column(String(40))  # app/cases/visibility.py
    text: Mapped[str] = mapped_column(EncryptedText, default="")
    data: Mapped[dict] = mapped_column(EncryptedJSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    case: Mapped[Case] = relationship()
    actor: Mapped[User | None] = relationship()
    attachments: Mapped[list["Attachment"]] = relationship(back_populates="event", order_by="Attachment.id")


class Attachment(db.Model):
    """A file on a case; the bytes live encrypted in the storage folder under a random key."""

    __tablename__ = "attachments"
    __table_args__ = (CheckConstraint(check_sql("visibility"), name="visibility"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    event_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_events.id"), index=True)
    filename: Mapped[str] = mapped_column(EncryptedText)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    visibility: Mapped[str] = mapped_column(String(40))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_by_label: Mapped[str] = mapped_column(EncryptedText)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    event: Mapped[TimelineEvent | None] = relationship(back_populates="attachments")
