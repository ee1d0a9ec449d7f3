"""Organisation accounts: invite (the first user by staff), accept with a password, remove a colleague;
the organisation's webhook endpoints."""

import ipaddress
from datetime import timedelta
from urllib.parse import urlsplit

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import select

from app import clock, links
from app.accounts.models import Invitation, hash_invitation
from app.auth import permissions
from app.auth import services as auth
from app.auth.models import Role, User
from app.errors_domain import Conflict, DomainError, NotAllowed, NotFound
from app.extensions import db
from app.notify import services as outbox
from app.notify import webhooks
from app.notify.models import WebhookEndpoint
from app.register.models import Organisation


def members(organisation_id: int) -> list[User]:
    """The organisation's active users, administrators first."""
    query = select(User).where(
        User.organisation_id == organisation_id, User.active.is_(True), User.role == Role.PARTICIPANT.value
    )
    return list(db.session.scalars(query.order_by(User.is_org_admin.desc(), User.name)))


def pending_invitations(organisation_id: int) -> list[Invitation]:
    query = select(Invitation).where(
        Invitation.organisation_id == organisation_id,
        Invitation.used_at.is_(None),
        Invitation.withdrawn_at.is_(None),
        Invitation.expires_at > clock.now(),
    )
    return list(db.session.scalars(query.order_by(Invitation.created_at)))


def has_admin(organisation_id: int) -> bool:
    return any(member.is_org_admin for member in members(organisation_id))


def _user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def invite(
    organisation: Organisation, email: str, name: str, *, actor, grants_admin: bool = False
) -> tuple[Invitation, str]:
    """An invitation mailed to `email`; returns it with the link's token (stored only hashed)."""
    if not permissions.can_manage_members(actor, organisation.id):
        raise NotAllowed(_("Only your organisation's administrators invite colleagues."))
    email = auth.normalise_email(email)
    existing = _user_by_email(email)
    if existing is not None and existing.active:
        raise DomainError(_("This e-mail address already has an account."), field="email")
    now = clock.now()
    # A new invitation replaces an earlier one to the same address: only the newest link works.
    for earlier in pending_invitations(organisation.id):
        if earlier.email == email:
            earlier.withdrawn_at = now
    token = Invitation.new_token()
    invitation = Invitation(
        token_hash=hash_invitation(token),
        organisation=organisation,
        email=email,
        name=name.strip(),
        grants_admin=grants_admin,
        invited_by=actor,
        created_at=now,
        expires_at=now + timedelta(hours=current_app.config["INVITATION_VALID_HOURS"]),
    )
    db.session.add(invitation)
    db.session.flush()
    # Written to someone else: in the desk's language, not in the one the inviter chose.
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        outbox.enqueue(
            f"invitation:{invitation.id}",
            email,
            _("Your account for %(organisation)s at the Edu-V Meldpunt", organisation=organisation.name),
            "invitation",
            secret=True,
            invitation=invitation,
            inviter=actor,
            accept_url=links.current().invitation_url(token),
        )
    return invitation, token


def create_first_user(organisation: Organisation, email: str, name: str, *, actor) -> tuple[Invitation, str]:
    """Staff give an organisation its first user, who administers its accounts from then on."""
    if not permissions.can_create_first_user(actor):
        raise NotAllowed(_("Only coordinators and administrators create an organisation's first user."))
    if has_admin(organisation.id):
        raise Conflict(_("This organisation already has an administrator, who invites colleagues."))
    return invite(organisation, email, name, actor=actor, grants_admin=True)


def usable_invitation(token: str, *, lock: bool = False) -> Invitation:
    """The invitation behind a link, or a clear refusal: unknown, used, withdrawn or expired."""
    query = select(Invitation).where(Invitation.token_hash == hash_invitation(token or ""))
    invitation = db.session.scalar(query.with_for_update() if lock else query)
    if invitation is None:
        raise NotFound(_("This invitation link is not valid. Check that you copied the whole link."))
    state = invitation.state(clock.now())
    if state == "used":
        raise Conflict(_("This invitation has already been used. Log in with the account you made."))
    if state == "withdrawn":
        raise Conflict(_("This invitation was withdrawn or replaced by a newer one. Use the newest link."))
    if state == "expired":
        raise Conflict(_("This invitation has expired. Ask your organisation's administrator for a new one."))
    return invitation


def accept(token: str, name: str, password: str) -> User:
    """Makes (or reopens) the invited user's account with the chosen password; the link is spent."""
    invitation = usable_invitation(token, lock=True)
    user = _user_by_email(invitation.email)
    if user is not None and (user.active or user.role != Role.PARTICIPANT.value):
        raise Conflict(_("This e-mail address already has an account. Log in instead."))
    name = (name or "").strip() or invitation.name
    if user is None:
        try:
            user = auth.create_user(
                invitation.email, name, Role.PARTICIPANT.value, password=password, organisation=invitation.organisation
            )
        except DomainError as refusal:
            raise DomainError(refusal.message, field="password") from None
    else:
        # A colleague removed earlier comes back: the same row keeps their history on the timeline.
        user.name, user.organisation = name, invitation.organisation
        try:
            auth.set_password(user, password, actor=user)
        except DomainError as refusal:
            raise DomainError(refusal.message, field="password") from None
        auth.reactivate(user, actor=user)
    user.is_org_admin = invitation.grants_admin
    invitation.used_at = clock.now()
    db.session.flush()
    return user


def _managed(organisation_id: int, actor) -> None:
    if not permissions.can_manage_members(actor, organisation_id):
        raise NotAllowed(_("Only your organisation's administrators manage its accounts."))


def remove_member(member: User, *, actor) -> None:
    """Ends a colleague's access: no login, no API tokens. The user row stays for the timelines."""
    if member.organisation_id is None or member.is_staff or not member.active:
        raise NotFound(_("This user is not a member of the organisation."))
    _managed(member.organisation_id, actor)
    if member.id == actor.id:
        raise Conflict(_("You cannot remove yourself; ask another administrator."))
    member.is_org_admin = False
    auth.deactivate(member, actor=actor)  # no login, no API tokens, every open session ended


def withdraw(invitation: Invitation, *, actor) -> None:
    _managed(invitation.organisation_id, actor)
    if invitation.state(clock.now()) != "pending":
        raise Conflict(_("Only an invitation that is still open can be withdrawn."))
    invitation.withdrawn_at = clock.now()
    db.session.flush()


# Webhook endpoints: an organisation's administrators manage its own, coordinators the foundation's.


def webhook_owner(actor) -> int | None:
    """The organisation whose endpoints the actor manages (None: the foundation's); NotAllowed otherwise."""
    allowed, organisation_id = permissions.webhook_organisation(actor)
    if not allowed:
        raise NotAllowed(_("Only your organisation's administrators manage its webhooks."))
    return organisation_id


def webhook_endpoints(*, actor) -> list[WebhookEndpoint]:
    owner = webhook_owner(actor)
    query = select(WebhookEndpoint).where(_owned_by(owner)).order_by(WebhookEndpoint.id)
    return list(db.session.scalars(query))


def webhook_endpoint(endpoint_id: int, *, actor) -> WebhookEndpoint:
    """One of the actor's endpoints; another's is unknown (NotFound), as a missing one."""
    owner = webhook_owner(actor)
    endpoint = db.session.get(WebhookEndpoint, endpoint_id)
    if endpoint is None or endpoint.organisation_id != owner:
        raise NotFound(_("No webhook endpoint with this id."))
    return endpoint


def _owned_by(owner: int | None):
    if owner is None:
        return WebhookEndpoint.organisation_id.is_(None)
    return WebhookEndpoint.organisation_id == owner


def add_webhook(url: str, event_types: list[str], *, actor) -> tuple[WebhookEndpoint, str]:
    """Registers an endpoint; returns it with its signing secret, which is shown this once."""
    owner = webhook_owner(actor)
    checked = checked_webhook_url(url, loopback_http=current_app.config["WEBHOOK_LOOPBACK_HTTP"])
    secret = webhooks.new_secret()
    endpoint = WebhookEndpoint(
        organisation_id=owner,
        url=checked,
        event_types=list(dict.fromkeys(event_types)),
        secret=secret,
        contact_email=actor.email,
        created_by_label=actor.name,
        created_at=clock.now(),
        failures=0,
    )
    db.session.add(endpoint)
    db.session.flush()
    return endpoint, secret


def remove_webhook(endpoint: WebhookEndpoint, *, actor) -> None:
    webhooks.remove(webhook_endpoint(endpoint.id, actor=actor))


def resume_webhook(endpoint: WebhookEndpoint, *, actor) -> None:
    if not webhooks.resume(webhook_endpoint(endpoint.id, actor=actor)):
        raise Conflict(_("This endpoint is not paused."))


def checked_webhook_url(url: str, *, loopback_http: bool) -> str:
    """An https URL with a host; plain http only to a loopback address (development and tests)."""
    text = (url or "").strip()
    try:
        parts = urlsplit(text)
        host = parts.hostname
        parts.port  # noqa: B018 - a port that is no number raises here
    except ValueError:
        host = None
    if host is None or parts.username or parts.password:
        raise DomainError(_("Give a full address such as https://example.org/webhooks."), field="url")
    if parts.scheme == "https":
        return text
    if parts.scheme == "http" and loopback_http and _loopback(host):
        return text
    raise DomainError(_("The address must start with https://."), field="url")


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False
