"""Claiming a report: with its reference and code an organisation user adds a case to the organisation's."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors_domain import DomainError, NotFound
from app.extensions import db
from app.intake.forms.follow_up import FollowUpForm
from app.portal import services


def claim():
    form = FollowUpForm()
    if form.validate_on_submit():
        try:
            case = services.claim(form.reference.data, form.code.data, actor=current_user)
        except NotFound:
            form.form_errors.append(
                _("This combination of reference and code is not known to us. Check both and try again.")
            )
        except DomainError as refusal:
            form.form_errors.append(refusal.message)
        else:
            db.session.commit()
            flash(_("%(reference)s is now among your organisation's cases.", reference=case.reference), "info")
            return redirect(url_for("portal.case", reference=case.reference))
    return render_template("portal/claim.html", form=form), 422 if form.errors else 200
