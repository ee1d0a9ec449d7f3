"""The complaint and dispute pages on the intake blueprint, with the incident's receipt and follow-up."""
from flask import render_template, request
from flask_login import current_user, login_required

from app.cases import access
from app.errors_domain import DomainError, show_on_form
from app.extensions import limiter
from app.intake.services import filing
from app.intake.complaint_forms import ComplaintForm, DisputeForm
from app.intake.uploads import checked_files
from app.intake.views import _actor, _intake_limit, _prefill_reporter, _receipt_redirect, bp


def _files(form):
    return checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)


@bp.route("/melden/klacht", methods=["GET", "POST"])
@limiter.limit(_intake_limit, methods=["POST"])
def complaint():
    form = ComplaintForm()
    if request.method == "GET":
        _prefill_reporter(form)
    if form.validate_on_submit():
        files = _files(form)
        if not form.attachments.errors:
            try:
                filed = filing.file_complaint(form.to_report(), files, actor=_actor())
            except DomainError as refusal:
                show_on_form(form, refusal)
            else:
                return _receipt_redirect(filed)
    return render_template("intake/complaint.html", form=form)


@bp.route("/melden/geschil", methods=["GET", "POST"])
@login_required
@limiter.limit(_intake_limit, methods=["POST"])
def dispute():
    if not access.can_file_dispute(current_user):
        return render_template("intake/dispute_not_allowed.html"), 403
    form = DisputeForm(claimant_id=current_user.organisation_id)
    if form.validate_on_submit():
        files = _files(form)
        if not form.attachments.errors:
            try:
                filed = filing.file_dispute(form.to_report(), files, actor=current_user)
            except DomainError as refusal:
                show_on_form(form, refusal)
            else:
                return _receipt_redirect(filed)
    return render_template("intake/dispute.html", form=form)
