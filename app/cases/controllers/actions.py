"""The case handlers' actions on the staff case page: status, triage, assignment, notes, messages, major incidents."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.cases import labels, page_access, staff_page
from app.cases.forms import ACTION_FORMS, CloseLinkedForm, MessageForm
from app.cases.services import handler_settings, handling, major_incidents, queries
from app.errors_domain import DomainError, NotFound, show_on_form
from app.extensions import db


def _again(case, viewer, name: str, form, error: DomainError | None = None):
    """The case page again with this form's errors next to its fields; nothing was stored."""
    if error is not None:
        show_on_form(form, error)
    return staff_page.render(case, viewer, staff_page.FormInUse(staff_page.ACTIONS, name, form)), 422


def _act(reference: str, name: str, action):
    """Validates the panel form `name`, runs `action(case, form)` and commits once.

    The action returns the message to show, or (message, url) to go elsewhere than the case page.
    """
    case, viewer = page_access.handled_case(reference)
    form = ACTION_FORMS[name](prefix=name)  # choices are given when the panel is drawn: validation keeps them open
    if not form.validate_on_submit():
        return _again(case, viewer, name, form)
    try:
        outcome = action(case, form)
    except DomainError as error:
        return _again(case, viewer, name, form, error)
    db.session.commit()
    message, url = outcome if isinstance(outcome, tuple) else (outcome, None)
    flash(message, "info")
    return redirect(url or url_for("cases.detail", reference=reference))  # back to the case, its actions folded


@login_required
def change_status(reference: str):
    def action(case, form):
        handling.transition(
            case, form.to.data, form.reason.data, actor=current_user, waiting_on=form.waiting_on.data or None
        )
        done = _("The status is now: %(status)s.", status=labels.label(labels.STATUS, case.status))
        if case.status == "closed" and major_incidents.linked_open(case):
            return done, url_for("cases.close_linked", reference=case.reference)
        return done

    return _act(reference, "status", action)


@login_required
def triage(reference: str):
    def action(case, form):
        handling.triage(case, form.admissible.data == "yes", form.reason.data, actor=current_user)
        return _("The status is now: %(status)s.", status=labels.label(labels.STATUS, case.status))

    return _act(reference, "triage", action)


@login_required
def assign(reference: str):
    def action(case, form):
        if form.automatic.data:
            chosen = handling.auto_assign(case, actor=current_user)
            return _("%(name)s is now the case handler.", name=chosen.name)
        assignee = handling.find_handler(form.assignee.data)
        if not handling.assign(case, assignee, actor=current_user):
            return _("%(name)s already is the case handler.", name=assignee.name)
        return _("%(name)s is now the case handler.", name=assignee.name)

    return _act(reference, "assign", action)


@login_required
def add_note(reference: str):
    def action(case, form):
        handling.add_note(case, form.body.data, actor=current_user)
        return _("The note is added.")

    return _act(reference, "note", action)


@login_required
def send_message(reference: str):
    case, viewer = page_access.handled_case(reference)
    form = MessageForm(prefix="message")
    if form.insert.data and form.validate_on_submit():
        # Fills in the standard text and shows the form again: the handler reads it before sending.
        try:
            canned = form.canned.data or ""
            form.body.data = handler_settings.reply(int(canned) if canned.isdigit() else 0).body
        except NotFound:
            form.canned.errors.append(_("Choose a standard text."))
        return staff_page.render(case, viewer, staff_page.FormInUse(staff_page.ACTIONS, "message", form))

    def action(case, form):
        handling.send_message(case, form.body.data, form.visibility.data, actor=current_user)
        return _("The message is sent.")

    return _act(reference, "message", action)


@login_required
def extend(reference: str):
    def action(case, form):
        handling.extend_complaint_term(case, form.weeks.data, form.reason.data, actor=current_user)
        return _("The decision term is extended; both sides are informed.")

    return _act(reference, "extension", action)


@login_required
def link(reference: str):
    def action(case, form):
        lead = queries.find_by_reference(form.lead.data)
        if lead is None:
            raise DomainError(_("No case has this reference."), field="lead")
        major_incidents.link_to_lead(case, lead, actor=current_user)
        return _(
            "%(reference)s is linked to the major incident %(lead)s.", reference=case.reference, lead=lead.reference
        )

    return _act(reference, "link", action)


@login_required
def message_linked(reference: str):
    def action(case, form):
        count = major_incidents.message_all_linked(case, form.body.data, actor=current_user)
        return ngettext(
            "The update is sent to the reporter of %(num)d linked report.",
            "The update is sent to the reporters of %(num)d linked reports.",
            count,
        )

    return _act(reference, "linked", action)


@login_required
def close_linked(reference: str):
    lead, _viewer = page_access.handled_case(reference)
    reports = major_incidents.linked_open(lead)
    if lead.status != "closed" or not reports:
        flash(_("There are no open linked reports to close."), "info")
        return redirect(url_for("cases.detail", reference=reference))
    form = CloseLinkedForm()
    if not form.is_submitted():
        form.reason.data = _("Handled as part of the major incident %(reference)s.", reference=lead.reference)
    elif form.validate():
        closed = major_incidents.close_linked(lead, form.reason.data, actor=current_user)
        db.session.commit()
        flash(ngettext("%(num)d linked report is closed.", "%(num)d linked reports are closed.", len(closed)), "info")
        return redirect(url_for("cases.detail", reference=reference))
    status = 422 if form.errors else 200
    return render_template("cases/close_linked.html", case=lead, reports=reports, form=form), status
