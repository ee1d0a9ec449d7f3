"""The case handlers' actions on the staff case page: status, triage, assignment, notes, messages."""
from flask import abort, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from flask_login import current_user, login_required

from app.cases import access, labels
from app.cases.services import handler_settings, handling, major_incidents, queries
from app.cases.forms import (AssignForm, CloseLinkedForm, ExtensionForm, LinkedMessageForm, LinkForm,
                                      MessageForm, NoteForm, TransitionForm, TriageForm)
from app.cases.views import bp, detail, refuse_if_conflicted
from app.errors_domain import DomainError, NotFound, show_on_form
from app.extensions import db

# The prefix keeps the page's many forms apart (field names, ids); the API posts them unprefixed.
PANEL = {
    "status": TransitionForm, "triage": TriageForm, "assign": AssignForm, "note": NoteForm,
    "message": MessageForm, "linked": LinkedMessageForm, "extension": ExtensionForm, "link": LinkForm,
}


def handled_case(reference: str):
    """The case for a handler's action: 404 as on the case page, 403 for staff who do not handle."""
    viewer = access.Viewer(user=current_user)
    case = queries.find_by_reference(reference)
    if case is None or not viewer.is_staff:
        abort(404)
    refuse_if_conflicted(viewer, case)
    if not access.can_handle(viewer, case):
        abort(403)
    return case


def audience_choices(case) -> list[tuple[str, str]]:
    names = {p.organisation_id: p.organisation.name for p in case.parties}
    words = {"parties": _("All parties"), "reporter": _("The reporter")}
    return [(code, words.get(code) or names[int(code.removeprefix("party:"))]) for code in handling.audiences(case)]


def _assignee_choices(case) -> list[tuple[str, str]]:
    choices = [("", _("Choose…"))]
    for user in handler_settings.handlers():
        notes = [] if user.on_duty else [_("not on duty")]
        if handling.has_conflict(user, case):
            notes.append(_("conflict of interest"))
        choices.append((user.email, f"{user.name} ({', '.join(notes)})" if notes else user.name))
    return choices


def _dress(name: str, form, case):
    """Gives the form the choices the page offers for this case."""
    if name == "status":
        form.narrow(case.status)
        form.waiting_on.choices = audience_choices(case)
    elif name == "assign":
        form.assignee.choices = _assignee_choices(case)
    elif name == "message":
        form.visibility.choices = audience_choices(case)
        form.canned.choices = [("", _("None"))] + [(str(r.id), r.title) for r in handler_settings.replies()]
    return form


@bp.app_template_global()
def handling_panel(case) -> dict:
    """The actions panel's forms; one that just failed keeps what was typed and its errors."""
    if not access.can_handle(access.Viewer(user=current_user), case):
        return {"can_handle": False}
    failed = g.get("handling_failed")
    forms = {}
    for name, form_class in PANEL.items():
        keep = failed is not None and failed[0] == name
        forms[name] = _dress(name, failed[1] if keep else form_class(formdata=None, prefix=name), case)
    # The open action: the one whose form just failed, else the admissibility question of a new case.
    opened = failed[0] if failed is not None else ("triage" if case.status in ("received", "triage") else None)
    return {"forms": forms, "can_handle": True, "open": opened,
            "can_manage_replies": access.can_manage_replies(access.Viewer(user=current_user)),
            "linked": major_incidents.linked(case), "linked_open": major_incidents.linked_open(case),
            "extended": handling.was_extended(case)}


def _again(reference: str, name: str, form, error: DomainError | None = None):
    """The case page again with this form's errors next to its fields; nothing was stored."""
    if error is not None:
        show_on_form(form, error)
    g.handling_failed = (name, form)
    return detail(reference), 422


def _act(reference: str, name: str, action):
    """Validates the panel form `name`, runs `action(case, form)` and commits once.

    The action returns the message to show, or (message, url) to go elsewhere than the case page.
    """
    case = handled_case(reference)
    form = PANEL[name](prefix=name)  # choices are given when the panel is drawn: validation keeps them open
    if not form.validate_on_submit():
        return _again(reference, name, form)
    try:
        outcome = action(case, form)
    except DomainError as error:
        return _again(reference, name, form, error)
    db.session.commit()
    message, url = outcome if isinstance(outcome, tuple) else (outcome, None)
    flash(message, "info")
    return redirect(url or url_for("cases.detail", reference=reference))  # back to the case, its actions folded


@bp.post("/behandelen/<reference>/status")
@login_required
def change_status(reference: str):
    def action(case, form):
        handling.transition(case, form.to.data, form.reason.data, actor=current_user,
                            waiting_on=form.waiting_on.data or None)
        done = _("The status is now: %(status)s.", status=labels.label(labels.STATUS, case.status))
        if case.status == "closed" and major_incidents.linked_open(case):
            return done, url_for("cases.close_linked", reference=case.reference)
        return done
    return _act(reference, "status", action)


@bp.post("/behandelen/<reference>/ontvankelijkheid")
@login_required
def triage(reference: str):
    def action(case, form):
        handling.triage(case, form.admissible.data == "yes", form.reason.data, actor=current_user)
        return _("The status is now: %(status)s.", status=labels.label(labels.STATUS, case.status))
    return _act(reference, "triage", action)


@bp.post("/behandelen/<reference>/toewijzen")
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


@bp.post("/behandelen/<reference>/notitie")
@login_required
def add_note(reference: str):
    def action(case, form):
        handling.add_note(case, form.body.data, actor=current_user)
        return _("The note is added.")
    return _act(reference, "note", action)


@bp.post("/behandelen/<reference>/bericht")
@login_required
def send_message(reference: str):
    handled_case(reference)
    form = MessageForm(prefix="message")
    if form.insert.data and form.validate_on_submit():
        # Fills in the standard text and shows the form again: the handler reads it before sending.
        try:
            canned = form.canned.data or ""
            form.body.data = handler_settings.reply(int(canned) if canned.isdigit() else 0).body
        except NotFound:
            form.canned.errors.append(_("Choose a standard text."))
        g.handling_failed = ("message", form)
        return detail(reference)

    def action(case, form):
        handling.send_message(case, form.body.data, form.visibility.data, actor=current_user)
        return _("The message is sent.")
    return _act(reference, "message", action)


@bp.post("/behandelen/<reference>/verdagen")
@login_required
def extend(reference: str):
    def action(case, form):
        handling.extend_complaint_term(case, form.weeks.data, form.reason.data, actor=current_user)
        return _("The decision term is extended; both sides are informed.")
    return _act(reference, "extension", action)


@bp.post("/behandelen/<reference>/koppelen")
@login_required
def link(reference: str):
    def action(case, form):
        lead = queries.find_by_reference(form.lead.data)
        if lead is None:
            raise DomainError(_("No case has this reference."), field="lead")
        major_incidents.link_to_lead(case, lead, actor=current_user)
        return _("%(reference)s is linked to the major incident %(lead)s.", reference=case.reference,
                 lead=lead.reference)
    return _act(reference, "link", action)


@bp.post("/behandelen/<reference>/bericht-aan-gekoppelde")
@login_required
def message_linked(reference: str):
    def action(case, form):
        count = major_incidents.message_all_linked(case, form.body.data, actor=current_user)
        return ngettext("The update is sent to the reporter of %(num)d linked report.",
                        "The update is sent to the reporters of %(num)d linked reports.", count)
    return _act(reference, "linked", action)


@bp.route("/behandelen/<reference>/gekoppelde-sluiten", methods=["GET", "POST"])
@login_required
def close_linked(reference: str):
    lead = handled_case(reference)
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


from app.cases import handler_views  # noqa: E402,F401  (standard texts, duty and conflicts pages)
