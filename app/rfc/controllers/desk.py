"""The handlers' RFC desk: the queue, one RFC's page and the actions on it (status, type and priority,
analysis, CAB advice, release planning, redaction)."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.rfc import downloads, labels, page_access, staff_page, workflow
from app.rfc.forms import ACTION_FORMS
from app.rfc.services import handling, queries


def queue():
    page_access.staff_only()
    status = request.args.get("status") or None
    if status not in (None, *workflow.STATUSES):
        status = None
    return render_template("rfc/queue.html", rfcs=queries.queue(status), status=status, statuses=labels.STATUS)


def detail(reference: str):
    page_access.staff_only()
    return staff_page.render(page_access.viewed_rfc(reference), current_user)


def file(reference: str, attachment_id: int):
    """A file sent with the RFC, for the foundation's staff: always a download, put in the access log."""
    page_access.staff_only()
    return downloads.send_rfc_file(page_access.viewed_rfc(reference), attachment_id, current_user)


def _act(reference: str, name: str, action):
    """Validates the form `name`, runs `action(rfc, form)` and commits once; a refusal shows the page again
    with the message at its field, and nothing is stored."""
    page_access.staff_only()
    rfc = page_access.handled_rfc(reference)
    if name not in staff_page.forms_for(rfc, current_user):
        # A form of another state (a finished RFC, one no longer on the CAB's agenda): the page as it is now.
        flash(_("This action is not available for this RFC now."), "error")
        return staff_page.render(rfc, current_user), 409
    form = staff_page.dress(name, ACTION_FORMS[name](prefix=name), rfc)
    error = None
    if form.validate_on_submit():
        try:
            message = action(rfc, form)
        except DomainError as refusal:
            error = refusal
        else:
            db.session.commit()
            flash(message, "info")
            return redirect(url_for("rfc.detail", reference=reference))
    if error is not None:
        show_on_form(form, error)
        if error.status == 409:
            return staff_page.render(rfc, current_user, staff_page.FormInUse(name, form)), 409
    return staff_page.render(rfc, current_user, staff_page.FormInUse(name, form)), 422


def change_status(reference: str):
    def action(rfc, form):
        handling.transition(rfc, form.to.data, form.reason.data, actor=current_user, advice=form.advice.data)
        return _("The status is now: %(status)s.", status=labels.label(labels.STATUS, rfc.status))

    return _act(reference, "status", action)


def classify(reference: str):
    def action(rfc, form):
        case = handling.classify(rfc, form.type.data, form.priority.data, actor=current_user)
        return _incident_note(case) or _("The type and priority are saved.")

    return _act(reference, "classify", action)


def analysis(reference: str):
    def action(rfc, form):
        values = {name: form[name].data for name in handling.ANALYSIS_FIELDS}
        handling.record_analysis(rfc, values, actor=current_user)
        return _("The handling details are saved.")

    return _act(reference, "analysis", action)


def cab_advice(reference: str):
    def action(rfc, form):
        case = handling.record_cab_advice(
            rfc, form.cab_on.data, form.priority.data, form.advice_cab.data, actor=current_user
        )
        return _incident_note(case) or _("The CAB's advice is recorded.")

    return _act(reference, "cab", action)


def plan(reference: str):
    def action(rfc, form):
        release = handling.plan(rfc, form.release_id.data, form.freeze_reason.data, actor=current_user)
        return _("The RFC is planned into %(release)s.", release=release.name)

    return _act(reference, "plan", action)


def redaction(reference: str):
    def action(rfc, form):
        handling.redact(rfc, form.to_names(), actor=current_user)
        return _("The public register shows the marked names as [geredigeerd].")

    return _act(reference, "redaction", action)


def _incident_note(case) -> str | None:
    if case is None:
        return None
    return _(
        "A blocker on a live data service: incident management started with %(reference)s.", reference=case.reference
    )
