"""The access log's one table: rows are only ever added (a database trigger refuses the rest)."""

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from app import clock, db_setup
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db

# What was done: a staff view of a data-breach case (page or API), a file download, an export.
ACTIONS = ("view_case", "view_case_api", "print_case", "download", "export")


class AccessLogEntry(db.Model):
    __tablename__ = "access_log"
    __table_args__ = (
        # Coordinators read it per case and per user, newest first (keyset paging on id).
        Index("ix_access_log_case", "case_id", "id"),
        Index("ix_access_log_user", "user_id", "id"),
        one_of("action", ACTIONS),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The name at the time, so the entry still reads right when the account is renamed or gone.
    user_label: Mapped[str] = mapped_column(String(200))
    action: Mapped[str] = mapped_column(String(20))
    # No foreign key: the log outlives what it names (an erased case keeps its reference).
    case_id: Mapped[int | None] = mapped_column()
    case_reference: Mapped[str | None] = mapped_column(String(20))
    # What exactly: a file's id and name, an export's subject; never a person's data.
    detail: Mapped[str] = mapped_column(String(300), default="")


db_setup.append_only(AccessLogEntry.__table__)
