"""The foundation's measure pages: the list, and one measure with its actions (four eyes, met, lifted, next step)."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from app.cases import access
from app.compliance import ladder
from app.compliance.forms import MeasureFilterForm, NextStepForm, NoteForm, ReasonForm
from app.compliance.measure_lookup import visible_measure
from app.compliance.models import MEASURE_SUBJECT, Measure
from app.compliance.services import decisions, evidence, measures, objections, queries
from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.sla import services as sla

ACTIONS = {
    "approve": FlaskForm,
    "reject": ReasonForm,
    "met": NoteForm,
    "heard": NoteForm,
    "lift": ReasonForm,
    "next": NextStepForm,
}


def _staff_measure(measure_id: int) -> Measure:
    if not current_user.is_staff:
        abort(404)
    return visible_measure(measure_id)


@login_required
def measure_list():
    if not current_user.is_staff:
        abort(404)
    args, viewer = request.args, access.Viewer(user=current_user)
    if "status" not in args and access.can_approve_measures(viewer):
        args = MultiDict({"status": "proposed"})  # what waits for a coordinator's second pair of eyes
    form = MeasureFilterForm(formdata=args)
    status = form.status.data if form.validate() else None
    return render_template(
        "compliance/measures.html",
        form=form,
        status=status or "",
        pagination=queries.for_staff(status or None, viewer.conflict_organisation_ids),
    )


def _hearing_open(measure: Measure, clocks) -> bool:
    return (
        measure.kind == "emergency_suspension"
        and measure.status == "in_force"
        and any(d.kind == measures.HEARING and d.met_at is None for d in clocks)
    )


def _next_step_form(measure: Measure) -> NextStepForm:
    """Prefilled with the ladder's next step against the same participant and keurmerk."""
    return NextStepForm(
        formdata=None,
        prefix="next",
        kind=ladder.next_step(measure.kind) or "",
        participant_id=measure.participant_id,
        keurmerk_id=measure.keurmerk_id,
        publish=measure.publish,
    )


def _panel(measure: Measure, failed: tuple[str, object] | None) -> dict:
    """The actions the viewer may take now, each with its form; a failed one keeps its input and errors."""
    viewer = access.Viewer(user=current_user)
    clocks = sla.for_subject(MEASURE_SUBJECT, measure.id)
    handles = access.can_handle_measure(viewer, measure)
    offered = {
        "approve": measure.status == "proposed"
        and access.can_approve_measures(viewer)
        and measure.proposed_by_id != current_user.id,
        "met": handles and measure.status == "in_force" and measure.kind in measures.CAN_BE_MET,
        "heard": handles and _hearing_open(measure, clocks),
        "lift": handles and measure.status in ("in_force", "met") and measure.kind != "revocation",
        "next": handles and measure.status not in access.UNDECIDED_MEASURE,
    }
    offered["reject"] = offered["approve"]
    forms = {}
    for name, shown in offered.items():
        if not shown:
            continue
        if failed is not None and failed[0] == name:
            forms[name] = failed[1]
        elif name == "next":
            forms[name] = _next_step_form(measure)
        else:
            forms[name] = ACTIONS[name](formdata=None, prefix=name)
    if "next" in forms:
        forms["next"].offer([measure.participant])
    refused = failed[1] if failed is not None and failed[0] not in forms else None
    return {
        "forms": forms,
        "refused": refused,
        "clocks": clocks,
        "objection": objections.of_measure(measure),
        "evidence": evidence.evidence_of(measure),
        "own_proposal": measure.status == "proposed" and measure.proposed_by_id == current_user.id,
    }


def _render(measure: Measure, failed=None, status: int = 200):
    return render_template("compliance/measure.html", measure=measure, **_panel(measure, failed)), status


@login_required
def measure_page(measure_id: int):
    return _render(_staff_measure(measure_id))


def _act(measure_id: int, name: str, allowed, action):
    """Validates the action's form, runs `action(measure, form)` and commits once; a refusal changes nothing."""
    measure = _staff_measure(measure_id)
    if not allowed(access.Viewer(user=current_user), measure):
        abort(403)
    form = ACTIONS[name](prefix=name)
    if name == "next":
        form.offer([measure.participant])
    if form.validate_on_submit():
        try:
            message = action(measure, form)
        except DomainError as error:
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(message, "info")
            return redirect(url_for("compliance.measure", measure_id=measure_id, _anchor="actions"))
    return _render(measure, (name, form), 422)


def _coordinator(viewer, _measure) -> bool:
    return access.can_approve_measures(viewer)


@login_required
def approve(measure_id: int):
    def action(measure, _form):
        measures.approve(measure, actor=current_user)
        return _("The measure is approved and in force; the participant is informed.")

    return _act(measure_id, "approve", _coordinator, action)


@login_required
def reject(measure_id: int):
    def action(measure, form):
        measures.reject(measure, form.reason.data, actor=current_user)
        return _("The proposed measure is rejected; it never took effect.")

    return _act(measure_id, "reject", _coordinator, action)


@login_required
def record_met(measure_id: int):
    def action(measure, form):
        measures.record_met(measure, form.note.data, actor=current_user)
        return _("The measure is recorded as met.")

    return _act(measure_id, "met", access.can_handle_measure, action)


@login_required
def record_heard(measure_id: int):
    def action(measure, form):
        measures.record_heard(measure, form.note.data, actor=current_user)
        return _("The hearing is recorded; the suspension stays in force.")

    return _act(measure_id, "heard", access.can_handle_measure, action)


@login_required
def lift(measure_id: int):
    def action(measure, form):
        measures.lift(measure, form.reason.data, actor=current_user)
        return _("The measure is lifted; the participant is informed.")

    return _act(measure_id, "lift", access.can_handle_measure, action)


@login_required
def next_step(measure_id: int):
    def action(measure, form):
        added = decisions.add_measure(measure.case, form.to_input(), actor=current_user, follows=measure)
        if added.status == "proposed":
            return _("The measure is proposed; a second coordinator must approve it.")
        return _("The measure is taken; the participant is informed.")

    return _act(measure_id, "next", access.can_handle_measure, action)
