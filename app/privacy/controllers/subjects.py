"""A data subject's request: find everything held about an e-mail address or name, export it, erase it."""

from flask import Response, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.errors_domain import DomainError
from app.extensions import db
from app.privacy.forms import SubjectActionForm, SubjectForm
from app.privacy.services import subjects


def search():
    form = SubjectForm()
    holdings = None
    if form.validate_on_submit() and form.needle.data:
        try:
            holdings = subjects.find_holdings(form.needle.data)
        except DomainError as error:
            form.needle.errors = [error.message]
    action = SubjectActionForm(formdata=None, needle=form.needle.data)
    return render_template("privacy/subject.html", form=form, holdings=holdings, action=action), (
        422 if form.errors else 200
    )


def _confirmed_holdings() -> subjects.Holdings:
    form = SubjectActionForm()
    if not form.validate_on_submit():
        abort(400)
    if not form.confirm.data:
        flash(_("Confirm that you checked the identity of the person asking."), "error")
        abort(redirect(url_for("privacy.subject_search")))
    try:
        return subjects.find_holdings(form.needle.data)
    except DomainError:
        abort(400)


def export():
    holdings = _confirmed_holdings()
    archive = subjects.export(holdings, actor=current_user)
    db.session.commit()  # the export is in the access log before the file leaves
    name = f"inzage-{clock.now():%Y%m%d-%H%M%S}.zip"
    return Response(
        archive,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{name}"', "Cache-Control": "no-store"},
    )


def erase():
    holdings = _confirmed_holdings()
    result = subjects.erase(holdings, actor=current_user)
    db.session.commit()
    return render_template("privacy/subject_erased.html", result=result)
