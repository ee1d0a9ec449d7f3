"""The foundation's list of organisations, searchable, with each one's active users and administrators."""

from flask import abort, render_template, request
from flask_login import current_user
from sqlalchemy import func, select

from app import paging
from app.accounts.forms import OrganisationSearchForm
from app.auth import permissions
from app.auth.models import Role, User
from app.extensions import db
from app.register.models import Organisation

PER_PAGE = 50


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
