"""API events: the case and RFC events an organisation's system cares about, stored once with a stable id that
the event feed lists and webhooks deliver (`webhook-id`)."""

import secrets
from datetime import datetime

from sqlalchemy import CheckConstraint, ForeignKey, Index, String, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.cases.models import MEASURE_CHANGES, Case, TimelineEvent
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db

# Which timeline kind is which API event.
TYPES_BY_KIND = {
    "received": "case.filed",
    "status": "case.status_changed",
    "message": "case.message",
    "response_requested": "case.response_requested",
    "decision": "case.decided",
    **dict.fromkeys(MEASURE_CHANGES, "measure.changed"),
}
# An RFC's status change (app/rfc): its event row points at the RFC's event, not at a case's.
RFC_STATUS_CHANGED = "rfc.status_changed"
EVENT_TYPES = (*dict.fromkeys(TYPES_BY_KIND.values()), RFC_STATUS_CHANGED)


def new_public_id() -> str:
    return "evt_" + secrets.token_hex(12)


class ApiEvent(db.Model):
    __tablename__ = "api_events"
    __table_args__ = (
        # The delivery job fans out the events not yet handed to the webhook endpoints: few at any time.
        Index(
            "ix_api_events_pending",
            "id",
            sqlite_where=text("fanned_out = 0"),
            postgresql_where=text("fanned_out = false"),
        ),
        one_of("type", EVENT_TYPES),
        # A case event or an RFC event, never both nor neither (named after the column it mostly guards).
        CheckConstraint("(case_id IS NULL) <> (rfc_event_id IS NULL)", name="case_id"),
    )

    # The order of the feed (its cursor); `public_id` is what callers and receivers see.
    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[str] = mapped_column(String(40), unique=True, default=new_public_id)
    type: Mapped[str] = mapped_column(String(40))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    timeline_event_id: Mapped[int | None] = mapped_column(ForeignKey("timeline_events.id"), unique=True)
    # An RFC event (app/rfc/models.py, named by its table: `cases` imports nothing of the RFC desk), and
    # the organisation that submitted the RFC, whose systems receive it besides the foundation's.
    rfc_event_id: Mapped[int | None] = mapped_column(ForeignKey("rfc_events.id"), unique=True)
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisations.id"), index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    fanned_out: Mapped[bool] = mapped_column(default=False, server_default=false())

    case: Mapped[Case | None] = relationship()
    timeline_event: Mapped[TimelineEvent | None] = relationship()
