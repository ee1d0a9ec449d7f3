"""The three report forms (incident, complaint, dispute) and the receipt shown once after filing."""

from flask import redirect, render_template, request, session, url_for
from flask_login import current_user

from app.cases import access
from app.cases.form_uploads import checked_files
from app.cases.services import hearing, queries
from app.db_setup import reads_first, writes
from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.intake import receipts
from app.intake.followed import acting_user, remember, viewer
from app.intake.forms.complaint import ComplaintForm
from app.intake.forms.dispute import DisputeForm
from app.intake.forms.incident import IncidentForm
from app.intake.services import filing


@reads_first
def incident():
    form = IncidentForm()
    if request.method == "GET":
        _prefill_reporter(form)
    if form.validate_on_submit():
        files = _files(form)
        if not form.attachments.errors:
            return _file(filing.file_incident, form.to_report(), files, acting_user())
    return render_template("intake/incident.html", form=form)


@reads_first
def complaint():
    form = ComplaintForm()
    if request.method == "GET":
        _prefill_reporter(form)
    if form.validate_on_submit():
        files = _files(form)
        if not form.attachments.errors:
            try:
                return _file(filing.file_complaint, form.to_report(), files, acting_user())
            except DomainError as refusal:
                show_on_form(form, refusal)
    return render_template("intake/complaint.html", form=form)


@reads_first
def dispute():
    if not access.can_file_dispute(current_user):
        return render_template("intake/dispute_not_allowed.html"), 403
    form = DisputeForm(claimant_id=current_user.organisation_id)
    if form.validate_on_submit():
        files = _files(form)
        if not form.attachments.errors:
            try:
                return _file(filing.file_dispute, form.to_report(), files, current_user)
            except DomainError as refusal:
                show_on_form(form, refusal)
    return render_template("intake/dispute.html", form=form)


def receipt():
    receipt = session.pop("receipt", None)
    if not isinstance(receipt, dict) or queries.find_by_reference(receipt.get("reference")) is None:
        return render_template("intake/receipt_gone.html")
    case = queries.by_reference(receipt["reference"])
    code = None
    if "code" in receipt:
        code = receipts.take(receipt["code"])
        db.session.commit()
        if code is None:  # shown already, or kept too long
            return render_template("intake/receipt_gone.html")
    return render_template(
        "intake/receipt.html", case=case, code=code, deadlines=hearing.visible_deadlines(viewer(case), case)
    )


def _files(form):
    return checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)


def _prefill_reporter(form) -> None:
    """A logged-in reporter need not type their own details."""
    if acting_user() is None:
        return
    form.reporter_name.data = form.reporter_name.data or current_user.name
    form.reporter_email.data = form.reporter_email.data or current_user.email
    if current_user.organisation is not None:
        form.reporter_organisation.data = current_user.organisation.name


def _file(file_report, report, files, actor):
    """Files the report in its one commit and shows its receipt once; a case without a code (a
    dispute) is followed through the account, no code is shown."""
    setting = filing.clock_setting(report)  # read before the write lock
    with writes():
        filed = file_report(report, files, actor=actor, setting=setting)
        # The code never sits in the session cookie: the cookie holds only a pad for its masked half.
        receipt = {"reference": filed.case.reference}
        if filed.code is not None:
            receipt["code"] = receipts.hold(filed.case.id, filed.code)
    session["receipt"] = receipt
    remember(filed.case)
    return redirect(url_for("intake.receipt"))
