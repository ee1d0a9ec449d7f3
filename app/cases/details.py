"""The complaint and dispute fields of a case, beside the incident's in app/cases/models.py."""

from datetime import date

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, backref, mapped_column, relationship

from app.cases.models import Case
from app.crypto import EncryptedText
from app.extensions import db


class ComplaintDetails(db.Model):
    """A complaint about a participant; the complainant is the case's reporter."""

    __tablename__ = "complaint_details"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    occurred_on: Mapped[date]
    raised_with_participant: Mapped[bool]
    desired_outcome: Mapped[str | None] = mapped_column(EncryptedText)
    # Hoor en wederhoor: the participant reads the complaint, but the complainant's name and
    # contact details only with this consent.
    contact_shared: Mapped[bool] = mapped_column(default=False)

    case: Mapped[Case] = relationship(backref=backref("complaint", uselist=False, cascade="all, delete-orphan"))


class DisputeDetails(db.Model):
    """A dispute: the claimant is the filing user's organisation, the respondent the case's participant."""

    __tablename__ = "dispute_details"

    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), primary_key=True)
    agreement: Mapped[str | None] = mapped_column(String(300))
    prior_attempt: Mapped[str] = mapped_column(EncryptedText)
    desired_outcome: Mapped[str | None] = mapped_column(EncryptedText)

    case: Mapped[Case] = relationship(backref=backref("dispute", uselist=False, cascade="all, delete-orphan"))

    @property
    def claimant_user_id(self) -> int | None:
        # The filing user is the case's reporter user; a second column could drift from it.
        return self.case.reporter_user_id

    @property
    def claimant(self):
        """The claimant's organisation (its party row), None only for a case built by hand."""
        return next((p.organisation for p in self.case.parties if p.role == "claimant"), None)
