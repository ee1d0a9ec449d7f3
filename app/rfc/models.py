"""RFC tables: the request for change, its append-only events (hash-chained) and the releases it goes into."""

from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.auth.models import User
from app.cases.models import Case
from app.crypto import EncryptedText
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db
from app.register.models import GEGEVENSDIENSTEN, Organisation
from app.rfc import planning, workflow

# Every kind of RFC event (app/rfc/labels.py has their words).
EVENT_KINDS = (
    "submitted",
    "acknowledged",
    "status",
    "analysis",
    "cab_advice",
    "planned",
    "incident_linked",
    "redaction",
    "deadline_breached",
    "deadlines_recomputed",
)
# Who reads an event: the foundation, also the submitter's organisation, or everyone (the register).
VISIBILITIES = ("internal", "submitter", "public")


class Release(db.Model):
    """A named release (hot fix, feature, patch) that carries RFCs; its page drafts the release notes."""

    __tablename__ = "rfc_releases"
    __table_args__ = (one_of("kind", planning.RELEASE_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    planned_on: Mapped[date] = mapped_column(Date)
    summary: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    rfcs: Mapped[list["Rfc"]] = relationship(back_populates="release", order_by="Rfc.id")


class Rfc(db.Model):
    """A request for change to an agreement, a data service or the framework (domain.md)."""

    __tablename__ = "rfcs"
    __table_args__ = (
        # The register lists the newest first, filtered by these columns; the staff desk by status and due.
        Index("ix_rfcs_status_created", "status", "created_at"),
        Index("ix_rfcs_next_due", "next_due_at", "id"),
        one_of("status", workflow.STATUSES),
        one_of("type", workflow.TYPES),
        one_of("priority", workflow.PRIORITIES),
        one_of("proposed_type", workflow.TYPES),
        one_of("proposed_priority", workflow.PRIORITIES),
        one_of("variant", workflow.VARIANTS),
        one_of("side", workflow.SIDES),
        one_of("held_from", workflow.STATUSES),
        one_of("gegevensdienst", GEGEVENSDIENSTEN),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    status: Mapped[str] = mapped_column(String(20), default="requested")
    title: Mapped[str] = mapped_column(String(200))
    variant: Mapped[str] = mapped_column(String(20))
    type: Mapped[str] = mapped_column(String(20))
    priority: Mapped[str] = mapped_column(String(20), index=True)
    proposed_type: Mapped[str] = mapped_column(String(20))
    proposed_priority: Mapped[str] = mapped_column(String(20))
    # What it is about: the agreement (a name or link), the data service and reference component.
    agreement: Mapped[str] = mapped_column(String(300))
    gegevensdienst: Mapped[str | None] = mapped_column(String(40), index=True)
    reference_component: Mapped[str | None] = mapped_column(String(200))
    product: Mapped[str | None] = mapped_column(String(200))
    side: Mapped[str | None] = mapped_column(String(10))
    description: Mapped[str] = mapped_column(Text)
    example: Mapped[str | None] = mapped_column(Text)
    rationale: Mapped[str] = mapped_column(Text)
    desired_moment: Mapped[date | None] = mapped_column(Date)

    # The submitter: never published; the contact details encrypted at rest (app/crypto.py), as a reporter's.
    submitter_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    contact_name: Mapped[str] = mapped_column(EncryptedText)
    contact_email: Mapped[str] = mapped_column(EncryptedText)

    # Handling: analyst, reviewer, workgroup and the dates of its bodies.
    analyst_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    workgroup: Mapped[str | None] = mapped_column(String(200))
    workgroup_on: Mapped[date | None] = mapped_column(Date)
    council_on: Mapped[date | None] = mapped_column(Date)
    cab_on: Mapped[date | None] = mapped_column(Date)
    # Impact analysis (technical, implementation, risks, fit with the roadmap, practice).
    impact_technical: Mapped[str | None] = mapped_column(Text)
    impact_implementation: Mapped[str | None] = mapped_column(Text)
    impact_risks: Mapped[str | None] = mapped_column(Text)
    impact_roadmap: Mapped[str | None] = mapped_column(Text)
    impact_practice: Mapped[str | None] = mapped_column(Text)
    advice_workgroup: Mapped[str | None] = mapped_column(Text)
    advice_council: Mapped[str | None] = mapped_column(Text)
    advice_cab: Mapped[str | None] = mapped_column(Text)
    rejection_reason: Mapped[str | None] = mapped_column(Text)
    rejection_advice: Mapped[str | None] = mapped_column(Text)  # where another body is competent
    hold_reason: Mapped[str | None] = mapped_column(Text)
    held_from: Mapped[str | None] = mapped_column(String(20))  # the status an RFC on hold returns to
    # Names in the public texts that the register shows as "[geredigeerd]" (marked by the analyst).
    redacted_names: Mapped[list] = mapped_column(JSON, default=list)

    release_id: Mapped[int | None] = mapped_column(ForeignKey("rfc_releases.id"), index=True)
    freeze_reason: Mapped[str | None] = mapped_column(Text)
    # The incident case a blocker on a live data service started (or was linked to).
    incident_case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)

    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    submitter: Mapped[User | None] = relationship(foreign_keys=[submitter_id])
    organisation: Mapped[Organisation | None] = relationship()
    analyst: Mapped[User | None] = relationship(foreign_keys=[analyst_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    release: Mapped[Release | None] = relationship(back_populates="rfcs")
    incident_case: Mapped[Case | None] = relationship()
    attachments: Mapped[list["RfcAttachment"]] = relationship(back_populates="rfc", order_by="RfcAttachment.id")

    @property
    def is_open(self) -> bool:
        return self.status in workflow.OPEN

    @property
    def clock_variant(self) -> str:
        return workflow.clock_variant(self.type, self.priority)

    @property
    def is_technical(self) -> bool:
        return workflow.is_technical(self.variant)

    def public(self, value: str | None) -> str:
        """A text as the public register shows it: the marked names redacted."""
        return planning.redact(value, self.redacted_names or ())


class RfcEvent(db.Model):
    """One append-only event on an RFC (who, when, why), chained to the previous one by hash."""

    __tablename__ = "rfc_events"
    __table_args__ = (
        UniqueConstraint("rfc_id", "seq"),
        # The public feed reads the latest status changes of every RFC.
        Index("ix_rfc_events_kind_at", "kind", "at"),
        one_of("kind", EVENT_KINDS),
        one_of("visibility", VISIBILITIES),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    rfc_id: Mapped[int] = mapped_column(ForeignKey("rfcs.id"))
    seq: Mapped[int]
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    actor_label: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(30))
    visibility: Mapped[str] = mapped_column(String(20))
    text: Mapped[str] = mapped_column(Text, default="")
    data: Mapped[dict] = mapped_column(JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))

    rfc: Mapped[Rfc] = relationship()
    actor: Mapped[User | None] = relationship()


class RfcAttachment(db.Model):
    """A file sent with an RFC; the bytes live encrypted in the storage folder under a random key, as a
    case's attachments do. Read by the submitting organisation and the foundation, never the register."""

    __tablename__ = "rfc_attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    rfc_id: Mapped[int] = mapped_column(ForeignKey("rfcs.id"), index=True)
    storage_key: Mapped[str] = mapped_column(String(64), unique=True)
    filename: Mapped[str] = mapped_column(EncryptedText)
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_by_label: Mapped[str] = mapped_column(EncryptedText)

    rfc: Mapped[Rfc] = relationship(back_populates="attachments")
