"""E-mails to the parties of a case when something visible to them is added: a link, never the content."""

import hashlib
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app.auth.models import Role, User
from app.cases import access, links
from app.cases.models import Case, TimelineEvent
from app.extensions import db
from app.notify import services as outbox
from app.register.models import Organisation


def organisation_recipients(organisation: Organisation) -> list[str]:
    """The organisation's active users; its contact address when it has none."""
    emails = list(
        db.session.scalars(
            select(User.email)
            .where(User.organisation_id == organisation.id, User.role == Role.PARTICIPANT.value, User.active.is_(True))
            .order_by(User.email)
        )
    )
    if not emails and organisation.contact_email:
        emails = [organisation.contact_email]
    return emails


def reporter_verified(case: Case) -> bool:
    """Whether the reporter's address is the filer's own account address (verified by its
    invitation and login). Anyone can file with any address: mail to an address nobody verified
    carries no text the filer chose (name, title, description), so the desk is no relay for it."""
    user = case.reporter_user
    return user is not None and user.email.lower() == (case.reporter_email or "").lower()


def _latest_event(case: Case) -> TimelineEvent:
    return db.session.scalar(
        select(TimelineEvent).where(TimelineEvent.case_id == case.id).order_by(TimelineEvent.seq.desc()).limit(1)
    )


def _addressees(case: Case, visibility: str, actor) -> dict[str, tuple[str, bool]]:
    """Address -> (link, verified), for everyone outside the acting organisation who may read
    `visibility`. Organisation addresses are accounts (or the register's contact address)."""
    found: dict[str, tuple[str, bool]] = {}
    own = getattr(actor, "organisation_id", None)
    portal = links.organisation_url(case)
    for organisation in {p.organisation_id: p.organisation for p in case.parties}.values():
        if organisation.id != own and visibility in access.organisation_scopes(case, organisation.id):
            for address in organisation_recipients(organisation):
                found.setdefault(address, (portal, True))
    # The reporter's own address too: a guest follows the case with reference and code.
    reporter_acts = actor is not None and "reporter" in access.party_roles(access.Viewer(user=actor), case)
    if visibility in ("parties", "reporter") and not reporter_acts:
        found.setdefault(case.reporter_email, (links.reporter_url(case), reporter_verified(case)))
    return found


def notify_parties(case: Case, visibility: str, what: str, *, actor=None) -> int:
    """Mails every party that may read an item of `visibility` just added to the case.

    `what` says in a few words what happened ("a new message", "the status changed to ..."),
    never the content. Call it after the item's timeline event is written: that event makes the
    outbox key unique, so a repeated call sends nothing twice. The actor's own organisation (and
    a reporter acting themselves) is not mailed. Returns the number of addresses written to.
    """
    if visibility == "internal":
        return 0
    event = _latest_event(case)
    addressees = _addressees(case, visibility, actor)
    hold = timedelta(minutes=current_app.config["NOTICE_DIGEST_MINUTES"])
    # Written to other people: in the desk's language, not in the one the actor chose.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        subject = _("News on %(reference)s", reference=case.reference)
        for address, (link, verified) in sorted(addressees.items()):
            # A digest names the address: an e-mail address can be longer than the key allows.
            digest = hashlib.sha256(address.encode()).hexdigest()[:16]
            # Changes in quick succession reach each recipient as one e-mail (NOTICE_DIGEST_MINUTES).
            outbox.enqueue_bundled(
                f"news:{case.id}:{digest}",
                f"parties:{event.id}:{digest}",
                address,
                subject,
                "party_update",
                str(what),
                hold=hold,
                case=case,
                case_url=link,
                verified=verified,
            )
    return len(addressees)
