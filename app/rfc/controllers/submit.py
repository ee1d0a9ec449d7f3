"""The submission page (/melden/rfc): the same form and service as POST /api/v1/rfcs."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases.form_uploads import checked_files
from app.db_setup import reads_first, writes
from app.errors_domain import DomainError, show_on_form
from app.rfc import access
from app.rfc.forms import RfcForm
from app.rfc.services import submission


@reads_first
def submit():
    if not access.can_submit(current_user):
        return render_template("rfc/not_allowed.html"), 403
    form = RfcForm()
    valid = form.validate_on_submit()
    # The files are checked as a case's (content, size, number), after the form (which clears its errors);
    # each refusal shows at the field, and nothing is stored.
    attached = _files(form) if form.is_submitted() else ()
    if valid and not form.attachments.errors:
        try:
            with writes():
                submitted = submission.submit(form.to_report(), actor=current_user, attached=attached)
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            flash(
                _(
                    "Your RFC has been received in good order. Its reference is %(reference)s; we have sent you "
                    "an acknowledgement.",
                    reference=submitted.rfc.reference,
                ),
                "info",
            )
            return redirect(url_for("rfc.my_rfc", reference=submitted.rfc.reference))
    return render_template("rfc/submit.html", form=form), 422 if form.errors else 200


def _files(form: RfcForm):
    return checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)
