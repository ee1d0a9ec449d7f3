"""The reporter's follow-up pages: reference and code or a lost-code link, the case as the reporter
sees it, adding information, a data leak's later answers, closing it on this device, its files."""

from flask import abort, current_app, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.cases import access
from app.cases.downloads import send_attachment
from app.cases.form_uploads import checked_files
from app.cases.services import hearing, queries
from app.cases.timeline_fold import whole_timeline
from app.compliance.services import outcome as outcomes
from app.errors_domain import DomainError, NotFound
from app.extensions import db
from app.intake import access_links
from app.intake.followed import acting_user, follows, forget, remember, viewer
from app.intake.forms.breach_update import breach_forms
from app.intake.forms.follow_up import (
    AddInformationForm,
    FollowUpForm,
    OpenLinkForm,
    RequestLinkForm,
)
from app.intake.services import breach_updates
from app.intake.services.follow_up import (
    FollowUpEnded,
    add_reporter_information,
    ended_message,
    find_for_follow_up,
    follow_up_ended,
)


def follow_up():
    form = FollowUpForm()
    if request.method == "GET" and request.args.get("reference"):
        form.reference.data = request.args["reference"][:20]
    if form.validate_on_submit():
        try:
            case = find_for_follow_up(form.reference.data, form.code.data)
        except NotFound:
            form.form_errors.append(
                _("This combination of reference and code is not known to us. Check both and try again.")
            )
        except FollowUpEnded as ended:
            form.form_errors.append(ended.message)
        else:
            remember(case)
            return redirect(url_for("intake.case", reference=case.reference))
    return render_template("intake/follow_up.html", form=form, link_form=RequestLinkForm(formdata=None))


def request_link():
    """A lost code: the answer is the same whether the reference exists, opted in, or matches."""
    form = RequestLinkForm()
    if form.validate_on_submit():
        access_links.request_link(form.reference.data, form.email.data)
        db.session.commit()
        flash(
            _(
                "If this matches a report that asked for links, a link is on its way. It works once, for "
                "%(minutes)s minutes.",
                minutes=current_app.config["ACCESS_LINK_VALID_MINUTES"],
            ),
            "info",
        )
        return redirect(url_for("intake.follow_up"))
    return render_template("intake/follow_up.html", form=FollowUpForm(formdata=None), link_form=form), 422


def open_link(token: str):
    """GET shows a button (a mail scanner's fetch spends nothing); POST spends the link and opens the report."""
    form = OpenLinkForm()
    try:
        if form.validate_on_submit():
            case = access_links.use(token[:100])
            db.session.commit()
            remember(case)
            return redirect(url_for("intake.case", reference=case.reference))
        link = access_links.find(token[:100])
    except DomainError as gone:
        return render_template("intake/link_gone.html", message=gone.message), gone.status
    return render_template("intake/open_link.html", form=form, reference=link.case.reference)


def case(reference: str):
    case, case_viewer = _visible_case(reference)
    return _render_case(case, case_viewer, AddInformationForm())


def print_case(reference: str):
    """The report as filed, on a page of its own to print or save (e.g. for the AP's form)."""
    case, case_viewer = _visible_case(reference)
    return render_template(
        "cases/print.html",
        case=case,
        back_url=url_for("intake.case", reference=reference),
        show_contact=access.can_see_reporter_contact(case_viewer, case),
        outcome=outcomes.for_viewer(case_viewer, case),
    )


def add_information(reference: str):
    case, case_viewer = _visible_case(reference)
    if not access.can_contribute(case_viewer, case):
        abort(403)
    form = AddInformationForm()
    if form.validate_on_submit():
        files = checked_files(request.files.getlist(form.attachments.name), form.attachments.errors)
        if not form.attachments.errors:
            add_reporter_information(case, form.body.data.strip(), files, actor=acting_user())
            db.session.commit()
            return redirect(url_for("intake.case", reference=case.reference, _anchor="timeline"))
    return _render_case(case, case_viewer, form, status=422)


def ap_notification(reference: str):
    """The reporter told the AP: the AP clock stops."""
    case, case_viewer = _visible_case(reference)
    if not access.can_update_breach(case_viewer, case):
        abort(404)
    forms = breach_forms(case, submitted="ap")
    form = forms["ap_form"]
    if form.validate_on_submit():
        breach_updates.record_ap_notification(case, **form.to_notification(), actor=acting_user())
        db.session.commit()
        flash(_("Recorded: you reported the leak to the AP. The AP deadline is met."), "info")
        return redirect(url_for("intake.case", reference=case.reference))
    return _render_case(case, case_viewer, AddInformationForm(formdata=None), 422, **forms)


def update_breach(reference: str):
    """Updated answers to the breach questions, kept as a new version."""
    case, case_viewer = _visible_case(reference)
    if not access.can_update_breach(case_viewer, case):
        abort(404)
    forms = breach_forms(case, submitted="breach")
    form = forms["breach_form"]
    if form.validate_on_submit():
        breach_updates.update_answers(case, form.to_answers(), actor=acting_user())
        db.session.commit()
        flash(_("Your updated answers are saved; the earlier ones stay on the timeline."), "info")
        return redirect(url_for("intake.case", reference=case.reference))
    return _render_case(case, case_viewer, AddInformationForm(formdata=None), 422, **forms)


def close(reference: str):
    """Ends this browser's access to the case: the next user of a shared computer needs the code."""
    forget(queries.find_by_reference(reference))
    flash(_("The report is closed on this device. To open it again, enter its reference and code."), "info")
    return redirect(url_for("intake.follow_up"))


def attachment(reference: str, attachment_id: int):
    case, case_viewer = _visible_case(reference)
    item = queries.attachment(case, attachment_id)
    if item is None or not access.can_see_item(case_viewer, case, item.visibility):
        abort(404)
    return send_attachment(case, item)


def _visible_case(reference: str):
    """The case if this visitor may see it; 404 otherwise, exactly as for an unknown one."""
    case = queries.find_by_reference(reference)
    if case is None:
        abort(404)
    case_viewer = viewer(case)
    if not access.can_view(case_viewer, case):
        if follows(case) and follow_up_ended(case):
            forget(case)
            abort(make_response(render_template("intake/link_gone.html", message=ended_message(case)), 410))
        abort(404)
    return case, case_viewer


def _render_case(case, case_viewer, form, status=200, **forms):
    if access.can_update_breach(case_viewer, case):
        forms = {**breach_forms(case), **forms}
    return render_template(
        "intake/case.html",
        case=case,
        form=form,
        events=queries.timeline(case, access.visible_scopes(case_viewer, case), whole=whole_timeline()),
        deadlines=hearing.visible_deadlines(case_viewer, case),
        can_add=access.can_contribute(case_viewer, case),
        show_contact=access.can_see_reporter_contact(case_viewer, case),
        outcome=outcomes.for_viewer(case_viewer, case),
        **forms,
    ), status
