"""The handlers' own settings pages: standard texts (coordinators), being on duty and conflicts of interest."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.cases import access
from app.cases.forms import CannedReplyForm, ConflictForm, DutyForm
from app.cases.services import handler_settings
from app.errors_domain import DomainError, NotFound
from app.extensions import db
from app.register.models import Organisation


def _coordinator() -> None:
    if not access.can_manage_replies(access.Viewer(user=current_user)):
        abort(403)


def _handler() -> None:
    if not access.is_handler(current_user):
        abort(403)


@login_required
def canned_replies():
    _coordinator()
    form = CannedReplyForm()
    if form.validate_on_submit():
        handler_settings.save_reply(current_user, form.title.data, form.body.data)
        db.session.commit()
        flash(_("The standard text is saved."), "info")
        return redirect(url_for("cases.canned_replies"))
    return render_template(
        "cases/canned_replies.html", form=form, replies=handler_settings.replies()
    ), 422 if form.errors else 200


@login_required
def canned_reply(reply_id: int):
    _coordinator()
    try:
        item = handler_settings.reply(reply_id)
    except NotFound:
        abort(404)
    form = CannedReplyForm(obj=item)
    if form.validate_on_submit():
        handler_settings.save_reply(current_user, form.title.data, form.body.data, existing=item)
        db.session.commit()
        flash(_("The standard text is saved."), "info")
        return redirect(url_for("cases.canned_replies"))
    return render_template("cases/canned_reply.html", form=form, item=item), 422 if form.errors else 200


@login_required
def delete_canned_reply(reply_id: int):
    _coordinator()
    try:
        handler_settings.delete_reply(current_user, handler_settings.reply(reply_id))
    except NotFound:
        abort(404)
    db.session.commit()
    flash(_("The standard text is deleted."), "info")
    return redirect(url_for("cases.canned_replies"))


def _organisation_choices() -> list[tuple[str, str]]:
    rows = db.session.execute(select(Organisation.id, Organisation.name).order_by(Organisation.name))
    return [("", _("Choose…"))] + [(str(org_id), name) for org_id, name in rows]


def _availability(duty=None, conflict=None, status: int = 200):
    if conflict is None:
        conflict = ConflictForm(formdata=None)
        conflict.organisation.choices = _organisation_choices()
    if duty is None:
        duty = DutyForm(formdata=None, on_duty=current_user.on_duty)
    return render_template(
        "cases/availability.html",
        duty=duty,
        conflict=conflict,
        conflicts=handler_settings.conflicts_of(current_user),
    ), status


@login_required
def availability():
    _handler()
    return _availability()


@login_required
def set_duty():
    _handler()
    form = DutyForm()
    if not form.validate_on_submit():
        return _availability(duty=form, status=422)
    handler_settings.set_on_duty(current_user, form.on_duty.data)
    db.session.commit()
    flash(
        _("You are on duty.")
        if form.on_duty.data
        else _("You are off duty: no cases are assigned to you automatically."),
        "info",
    )
    return redirect(url_for("cases.availability"))


@login_required
def declare_conflict():
    _handler()
    form = ConflictForm()
    form.organisation.choices = _organisation_choices()
    if form.validate_on_submit():
        try:
            handler_settings.declare_conflict(current_user, form.organisation.data, form.note.data)
        except DomainError as error:
            db.session.rollback()
            form.organisation.errors.append(error.message)
        else:
            db.session.commit()
            flash(_("Your conflict of interest is recorded."), "info")
            return redirect(url_for("cases.availability"))
    return _availability(conflict=form, status=422)


@login_required
def withdraw_conflict(conflict_id: int):
    _handler()
    try:
        handler_settings.withdraw_conflict(current_user, conflict_id)
    except NotFound:
        abort(404)
    db.session.commit()
    flash(_("The declaration is withdrawn."), "info")
    return redirect(url_for("cases.availability"))
