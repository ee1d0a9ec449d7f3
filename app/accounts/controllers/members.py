"""An organisation's members page: its members and pending invitations, inviting (the first user or a
colleague), removing a colleague, withdrawing an invitation."""

from flask import abort, current_app, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import services
from app.accounts.forms import InviteForm
from app.accounts.models import Invitation
from app.auth import permissions
from app.auth.models import User
from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.register.models import Organisation


def _organisation(organisation_id: int) -> Organisation:
    """The organisation if the user may see its members; 404 otherwise, as for an unknown one."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None or not permissions.can_see_members(current_user, organisation.id):
        abort(404)
    return organisation


def _page_url(organisation: Organisation) -> str:
    if current_user.is_staff:
        return url_for("accounts.organisation", organisation_id=organisation.id)
    return url_for("accounts.own")


def _render(organisation: Organisation, form: InviteForm | None = None, status: int = 200):
    can_manage = permissions.can_manage_members(current_user, organisation.id)
    return render_template(
        "accounts/organisation.html",
        organisation=organisation,
        members=services.members(organisation.id),
        invitations=services.pending_invitations(organisation.id) if can_manage else [],
        form=form or InviteForm(),
        can_manage=can_manage,
        needs_first=not services.has_admin(organisation.id),
        hours=current_app.config["INVITATION_VALID_HOURS"],
    ), status


def own():
    if current_user.is_staff:
        return redirect(url_for("accounts.organisations"))
    if current_user.organisation is None:
        abort(404)
    return _render(current_user.organisation)


def organisation(organisation_id: int):
    if not current_user.is_staff:
        abort(404)
    return _render(_organisation(organisation_id))


def invite(organisation_id: int):
    organisation = _organisation(organisation_id)
    if not permissions.can_manage_members(current_user, organisation.id):
        abort(403)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            if services.has_admin(organisation.id):
                services.invite(
                    organisation,
                    form.email.data,
                    form.name.data,
                    actor=current_user,
                    grants_admin=form.grants_admin.data,
                )
            else:
                services.create_first_user(organisation, form.email.data, form.name.data, actor=current_user)
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            flash(
                _(
                    "The invitation is on its way to %(email)s. The link works once, within %(hours)s hours.",
                    email=form.email.data.strip(),
                    hours=current_app.config["INVITATION_VALID_HOURS"],
                ),
                "info",
            )
            return redirect(_page_url(organisation))
    return _render(organisation, form, 422)


def remove(organisation_id: int, user_id: int):
    organisation = _organisation(organisation_id)
    member = db.session.get(User, user_id)
    if member is None or member.organisation_id != organisation.id:
        abort(404)
    return _act(
        organisation,
        lambda: services.remove_member(member, actor=current_user),
        _("%(name)s no longer has access.", name=member.name),
    )


def withdraw(organisation_id: int, invitation_id: int):
    organisation = _organisation(organisation_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != organisation.id:
        abort(404)
    return _act(
        organisation,
        lambda: services.withdraw(invitation, actor=current_user),
        _("The invitation to %(email)s is withdrawn.", email=invitation.email),
    )


def _act(organisation, action, done: str):
    """Runs a member action: a refusal is flashed (or a 403/404 page), success committed and flashed."""
    try:
        action()
    except DomainError as refusal:
        if refusal.status in (403, 404):
            abort(refusal.status)
        flash(refusal.message, "error")
    else:
        db.session.commit()
        flash(done, "info")
    return redirect(_page_url(organisation))
