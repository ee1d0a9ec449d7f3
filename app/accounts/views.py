"""Organisation accounts: the members page, invitations, removing colleagues, accepting an invitation."""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user
from sqlalchemy import func, select

from app import paging
from app.accounts import services
from app.accounts.forms import AcceptForm, InviteForm, OrganisationSearchForm
from app.accounts.models import Invitation
from app.auth import permissions
from app.auth import sessions as login_sessions
from app.auth.models import Role, User
from app.errors_domain import DomainError, show_on_form
from app.extensions import db, limiter
from app.register.models import Organisation

bp = Blueprint("accounts", __name__)
PER_PAGE = 50


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


@bp.get("/organisatie")
@login_required
def own():
    if current_user.is_staff:
        return redirect(url_for("accounts.organisations"))
    if current_user.organisation is None:
        abort(404)
    return _render(current_user.organisation)


@bp.get("/beheer/organisaties")
@login_required
def organisations():
    if not permissions.can_create_first_user(current_user):
        abort(404)
    form = OrganisationSearchForm(formdata=request.args)
    query = select(Organisation).order_by(Organisation.name)
    if form.validate() and form.q.data:
        query = query.where(Organisation.name.ilike(f"%{form.q.data.strip()}%"))
    pagination = paging.paginate(query, PER_PAGE)
    ids = [organisation.id for organisation in pagination.items]
    counts = db.session.execute(
        select(User.organisation_id, func.count(User.id), func.count(User.id).filter(User.is_org_admin.is_(True)))
        .where(User.organisation_id.in_(ids or [-1]), User.active.is_(True), User.role == Role.PARTICIPANT.value)
        .group_by(User.organisation_id)
    )
    return render_template(
        "accounts/organisations.html",
        form=form,
        pagination=pagination,
        counts={org_id: (users, admins) for org_id, users, admins in counts},
    )


@bp.get("/beheer/organisaties/<int:organisation_id>")
@login_required
def organisation(organisation_id: int):
    if not current_user.is_staff:
        abort(404)
    return _render(_organisation(organisation_id))


@bp.post("/organisaties/<int:organisation_id>/uitnodigen")
@login_required
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


@bp.post("/organisaties/<int:organisation_id>/leden/<int:user_id>/verwijderen")
@login_required
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


@bp.post("/organisaties/<int:organisation_id>/uitnodigingen/<int:invitation_id>/intrekken")
@login_required
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


@bp.route("/uitnodiging/<token>", methods=["GET", "POST"])
@limiter.limit(lambda: current_app.config["LOGIN_RATE_LIMIT"], methods=["POST"])
def accept(token: str):
    try:
        invitation = services.usable_invitation(token)
    except DomainError as refusal:
        return render_template("accounts/invitation_gone.html", message=refusal.message), refusal.status
    form = AcceptForm()
    if request.method == "GET":
        form.name.data = invitation.name
    if form.validate_on_submit():
        try:
            user = services.accept(token, form.name.data, form.password.data)
            login_sessions.start(user, user_agent=request.user_agent.string)
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            login_user(user)
            flash(
                _("Welcome. Your account for %(organisation)s is ready.", organisation=invitation.organisation.name),
                "info",
            )
            return redirect(url_for("portal.cases"))
    return render_template("accounts/accept.html", form=form, invitation=invitation), 422 if form.errors else 200
