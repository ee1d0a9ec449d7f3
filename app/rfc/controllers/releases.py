"""Releases: the list with the form that adds one, and a release's page with its RFCs and draft notes."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.rfc import access, page_access, planning
from app.rfc.forms import ReleaseForm
from app.rfc.services import releases


def release_list():
    page_access.staff_only()
    form = ReleaseForm() if access.can_handle(current_user) else None
    status = 200
    if form is not None and form.validate_on_submit():
        try:
            release = releases.create(
                form.name.data, form.kind.data, form.planned_on.data, form.summary.data, actor=current_user
            )
        except DomainError as refusal:
            show_on_form(form, refusal)
            status = 409 if refusal.status == 409 else 422
        else:
            db.session.commit()
            flash(_("The release %(name)s is added.", name=release.name), "info")
            return redirect(url_for("rfc.release", release_id=release.id))
    elif form is not None and form.errors:
        status = 422
    start, end = planning.freeze_of(clock.local(clock.now()).year)
    return render_template(
        "rfc/releases.html", releases=releases.all_releases(), form=form, freeze_start=start, freeze_end=end
    ), status


def release(release_id: int):
    page_access.staff_only()
    try:
        found = releases.find(release_id)
    except DomainError:
        abort(404)
    return render_template(
        "rfc/release.html", release=found, notes=releases.notes(found), in_freeze=releases.in_freeze(found)
    )
