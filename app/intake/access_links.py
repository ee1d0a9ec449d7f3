"""A lost code is not a lost report: a reporter who opted in at filing may ask for a one-time link
by e-mail, sent only to the address given at filing. The link is stored hashed, works once and
expires (ACCESS_LINK_VALID_MINUTES); asking never reveals whether a reference exists."""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import ForeignKey, String, select
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock, links
from app.cases.models import Case
from app.dbtypes import UTCDateTime
from app.errors_domain import DomainError, NotFound
from app.extensions import db
from app.intake.services.follow_up import ended_message, follow_up_ended
from app.notify import services as outbox


class AccessLink(db.Model):
    __tablename__ = "access_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship()


class LinkGone(DomainError):
    """A link that was used already or has expired: it says which."""

    status = 410


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def request_link(reference: str, email: str) -> None:
    """Mails a link when the reference exists, its reporter opted in and the address is the one
    given at filing; otherwise does nothing. The caller answers alike in every case."""
    case = db.session.scalar(select(Case).where(Case.reference == (reference or "").strip().upper()))
    given = (email or "").strip().lower()
    stored = case.reporter_email.lower() if case is not None else ""
    if case is None or not case.access_links_opt_in or not hmac.compare_digest(stored.encode(), given.encode()):
        return
    if follow_up_ended(case):  # the same answer: a link would not open it any more
        return
    now = clock.now()
    token = secrets.token_urlsafe(32)
    minutes = current_app.config["ACCESS_LINK_VALID_MINUTES"]
    link = AccessLink(
        case_id=case.id, token_hash=_hash(token), created_at=now, expires_at=now + timedelta(minutes=minutes)
    )
    db.session.add(link)
    db.session.flush()
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        # The address was given by the filer, not verified: the mail repeats nothing the filer typed.
        outbox.enqueue(
            f"access-link:{link.id}",
            case.reporter_email,
            _("A link to your report %(reference)s", reference=case.reference),
            "access_link",
            secret=True,
            case=case,
            minutes=minutes,
            url=links.current().access_link_url(token),
        )


def find(token: str) -> AccessLink:
    """The link for a token; unknown: NotFound; used or expired: LinkGone saying which."""
    link = db.session.scalar(select(AccessLink).where(AccessLink.token_hash == _hash(token or "")))
    if link is None:
        raise NotFound(_("This link is not known to us."))
    if link.used_at is not None:
        raise LinkGone(_("This link has been used already. Ask for a new one, or enter your reference and code."))
    if clock.as_utc(link.expires_at) <= clock.now():
        raise LinkGone(_("This link has expired. Ask for a new one, or enter your reference and code."))
    if follow_up_ended(link.case):
        raise LinkGone(ended_message(link.case))
    return link


def use(token: str) -> Case:
    """Spends the link (once) and returns its case; the caller lets this browser follow it."""
    link = find(token)
    link.used_at = clock.now()
    db.session.flush()
    return link.case
