"""One case as a party sees it: the page, its print view, replies, a data leak's AP report and updated
answers, its files. A case the user's organisation is not party to is a 404, as an unknown one."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases import access, labels
from app.cases.downloads import send_attachment
from app.cases.form_uploads import checked_files
from app.cases.services import hearing, queries
from app.cases.services import queue as work_queue
from app.cases.timeline_fold import whole_timeline
from app.compliance import measure_lookup
from app.compliance.services import outcome as outcomes
from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.intake.forms.breach_update import breach_forms
from app.intake.services import breach_updates
from app.portal.forms import ReplyForm


def _party_case(reference: str):
    """The case if the user's organisation is party to it; 404 otherwise, as for an unknown one."""
    viewer = access.Viewer(user=current_user)
    case = queries.find_by_reference(reference)
    if case is None or not access.can_view(viewer, case):
        abort(404)
    return case, viewer


def _reply_form(case, viewer, **kwargs) -> ReplyForm:
    return ReplyForm(scopes=access.message_scopes(viewer, case), **kwargs)


def _render_case(case, viewer, form: ReplyForm, status: int = 200, **forms):
    if access.can_update_breach(viewer, case):
        forms = {**breach_forms(case), **forms}
    return render_template(
        "portal/case.html",
        case=case,
        objection=measure_lookup.objection_notice(case, "compliance.my_measure"),
        form=form,
        role_labels=labels.PARTY_ROLE,
        roles=sorted(access.party_roles(viewer, case)),
        parties=[(party.role, access.party_name(viewer, case, party)) for party in case.parties],
        events=queries.timeline(case, access.visible_scopes(viewer, case), whole=whole_timeline()),
        deadlines=hearing.visible_deadlines(viewer, case),
        asks=hearing.asks([case.id], viewer.organisation_id).get(case.id, []),
        documents=[
            item for item in work_queue.attachments_of(case) if access.can_see_item(viewer, case, item.visibility)
        ],
        can_reply=access.can_contribute(viewer, case),
        show_contact=access.can_see_reporter_contact(viewer, case),
        outcome=outcomes.for_viewer(viewer, case),
        **forms,
    ), status


def print_case(reference: str):
    """The report as filed, as this organisation may read it, on a page of its own to print."""
    case, viewer = _party_case(reference)
    return render_template(
        "cases/print.html",
        case=case,
        back_url=url_for("portal.case", reference=reference),
        show_contact=access.can_see_reporter_contact(viewer, case),
        outcome=outcomes.for_viewer(viewer, case),
    )


def case_page(reference: str):
    case, viewer = _party_case(reference)
    return _render_case(case, viewer, _reply_form(case, viewer, formdata=None))


def reply(reference: str):
    case, viewer = _party_case(reference)
    form = _reply_form(case, viewer)
    if not access.can_contribute(viewer, case):
        form.form_errors.append(_("This case is closed; information can no longer be added."))
        return _render_case(case, viewer, form, 409)
    if form.validate_on_submit():
        files = checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)
        if not form.attachments.errors:
            try:
                hearing.reply(case, form.body.data, form.visibility.data, files, actor=current_user)
            except DomainError as refusal:
                show_on_form(form, refusal)
            else:
                db.session.commit()
                flash(_("Your reply is added to the case."), "info")
                return redirect(url_for("portal.case", reference=case.reference, _anchor="timeline"))
    return _render_case(case, viewer, form, 422)


def ap_notification(reference: str):
    """The organisation told the AP: the AP clock stops."""
    case, viewer = _party_case(reference)
    if not access.can_update_breach(viewer, case):
        abort(404)
    forms = breach_forms(case, submitted="ap")
    if forms["ap_form"].validate_on_submit():
        breach_updates.record_ap_notification(case, **forms["ap_form"].to_notification(), actor=current_user)
        db.session.commit()
        flash(_("Recorded: you reported the leak to the AP. The AP deadline is met."), "info")
        return redirect(url_for("portal.case", reference=case.reference))
    return _render_case(case, viewer, _reply_form(case, viewer, formdata=None), 422, **forms)


def update_breach(reference: str):
    """Updated answers to the breach questions, kept as a new version."""
    case, viewer = _party_case(reference)
    if not access.can_update_breach(viewer, case):
        abort(404)
    forms = breach_forms(case, submitted="breach")
    if forms["breach_form"].validate_on_submit():
        breach_updates.update_answers(case, forms["breach_form"].to_answers(), actor=current_user)
        db.session.commit()
        flash(_("Your updated answers are saved; the earlier ones stay on the timeline."), "info")
        return redirect(url_for("portal.case", reference=case.reference))
    return _render_case(case, viewer, _reply_form(case, viewer, formdata=None), 422, **forms)


def attachment(reference: str, attachment_id: int):
    case, viewer = _party_case(reference)
    item = queries.attachment(case, attachment_id)
    if item is None or not access.can_see_item(viewer, case, item.visibility):
        abort(404)
    return send_attachment(case, item)
