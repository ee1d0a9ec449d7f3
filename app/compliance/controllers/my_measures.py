"""The participant's measures: what is asked and by when, the reasons, evidence, and an objection."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.cases import access
from app.cases.form_uploads import checked_files
from app.compliance.forms import EvidenceForm, ObjectionForm
from app.compliance.measure_lookup import visible_measure
from app.compliance.models import Measure
from app.compliance.services import evidence, objections, queries
from app.errors_domain import DomainError, show_on_form
from app.extensions import db


def _own_measure(measure_id: int) -> Measure:
    """A measure against the user's organisation; the foundation reads it on its own page."""
    if current_user.is_staff:
        abort(redirect(url_for("compliance.measure", measure_id=measure_id)))
    return visible_measure(measure_id)


@login_required
def my_measures():
    if current_user.is_staff:
        return redirect(url_for("compliance.measures"))
    if current_user.organisation_id is None:
        abort(404)
    return render_template(
        "compliance/my_measures.html", pagination=queries.for_participant(current_user.organisation_id)
    )


def _render(measure: Measure, evidence_form=None, objection_form=None, status: int = 200):
    viewer = access.Viewer(user=current_user)
    return render_template(
        "compliance/my_measure.html",
        measure=measure,
        evidence_form=evidence_form or EvidenceForm(formdata=None, prefix="evidence"),
        objection_form=objection_form or ObjectionForm(formdata=None, prefix="objection"),
        can_send_evidence=access.can_submit_evidence(viewer, measure),
        can_object=access.can_object(viewer, measure) and objections.can_still_object(measure),
        objection=objections.of_measure(measure),
        window_ends=objections.window_ends(measure),
        evidence=evidence.evidence_of(measure),
    ), status


@login_required
def my_measure_page(measure_id: int):
    return _render(_own_measure(measure_id))


@login_required
def send_evidence(measure_id: int):
    measure = _own_measure(measure_id)
    form = EvidenceForm(prefix="evidence")
    if form.validate_on_submit():
        files = checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)
        if not form.attachments.errors:
            try:
                evidence.submit_evidence(measure, form.body.data, files, actor=current_user)
            except DomainError as refusal:
                show_on_form(form, refusal)
            else:
                db.session.commit()
                flash(_("Your evidence is sent to the foundation."), "info")
                return redirect(url_for("compliance.my_measure", measure_id=measure_id, _anchor="evidence"))
    return _render(measure, evidence_form=form, status=422)


@login_required
def file_objection(measure_id: int):
    measure = _own_measure(measure_id)
    form = ObjectionForm(prefix="objection")
    if form.validate_on_submit():
        try:
            case = objections.file_objection(measure, form.grounds.data, actor=current_user)
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            flash(_("Your objection %(reference)s is received.", reference=case.reference), "info")
            return redirect(url_for("portal.case", reference=case.reference))
    return _render(measure, objection_form=form, status=422)
