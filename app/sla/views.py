"""The coordinators' SLA pages: the dashboard, the clock policies and the business calendar."""

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from flask_login import current_user, login_required

from app import clock
from app.errors_domain import DomainError, NotFound, show_on_form
from app.extensions import db
from app.sla import admin, dashboard, services
from app.sla.clocks import Basis, ClockSpec
from app.sla.forms import ClosureDayForm, HoursForm, PolicyForm

bp = Blueprint("sla", __name__, url_prefix="/beheer/sla")
NO_VARIANT = "-"  # the address segment of a policy without a variant
# Policies exist for what `sla` serves beyond case types; the case types have their template filter.
OTHER_SUBJECTS = {"measure": _l("Measure")}


@bp.before_request
@login_required
def _coordinators_only():
    # Policies steer every case's deadlines: others learn nothing, not even that the pages exist.
    if current_user.role != "coordinator":
        abort(404)


def describe(spec: ClockSpec) -> str:
    """A clock's length in words: "8 business hours", "6 weeks"."""
    amount = admin.amount_in_units(spec)
    if spec.basis is Basis.WEEKS:
        return ngettext("%(num)s week", "%(num)s weeks", amount)
    if spec.basis is Basis.BUSINESS:
        return ngettext("%(num)s business hour", "%(num)s business hours", amount)
    return ngettext("%(num)s calendar hour", "%(num)s calendar hours", amount)


@bp.context_processor
def _helpers():
    return {"describe": describe, "no_variant": NO_VARIANT, "other_subjects": OTHER_SUBJECTS}


@bp.get("", endpoint="dashboard")
def dashboard_page():
    now = clock.now()
    this_month = dashboard.month_start(now)
    types, months = dashboard.monthly_share(now)
    risk, risk_count = dashboard.at_risk(now)
    return render_template(
        "sla/dashboard.html",
        states=dashboard.open_by_state(),
        month_start=this_month,
        breaches=dashboard.breaches_since(this_month),
        types=types,
        months=months,
        chart=dashboard.bar_chart(types, months),
        risk=risk,
        risk_count=risk_count,
    )


@bp.get("/beleid")
def policies():
    return render_template("sla/policies.html", rows=admin.policy_rows())


def _policy_row(case_type: str, variant: str, kind: str) -> admin.PolicyRow:
    try:
        return admin.find_policy(case_type, None if variant == NO_VARIANT else variant, kind)
    except NotFound:
        abort(404)


@bp.route("/beleid/<case_type>/<variant>/<kind>", methods=["GET", "POST"])
def edit_policy(case_type: str, variant: str, kind: str):
    row = _policy_row(case_type, variant, kind)
    spec = row.effective
    form = PolicyForm(
        data={
            "basis": spec.basis.value,
            "amount": admin.amount_in_units(spec),
            "warn_percent": round(spec.warn_fraction * 100),
        }
    )
    if form.validate_on_submit():
        try:
            admin.update_policy(
                row.case_type,
                row.variant,
                row.kind,
                basis=form.basis.data,
                amount=form.amount.data,
                warn_percent=form.warn_percent.data,
                actor=current_user,
            )
        except DomainError as error:
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(_("The clock policy is saved; the deadlines of open cases were recalculated."), "info")
            return redirect(url_for("sla.policies"))
    status = 422 if form.is_submitted() else 200
    return render_template("sla/policy_form.html", form=form, row=row), status


def _calendar_page(hours_form=None, closure_form=None, status=200):
    calendar = services.current_calendar()
    hours_form = hours_form or HoursForm(data={"day_start": calendar.day_start, "day_end": calendar.day_end})
    return render_template(
        "sla/calendar.html",
        hours_form=hours_form,
        closure_form=closure_form or ClosureDayForm(),
        closure_days=admin.closure_days(),
        today=clock.local(clock.now()).date(),
    ), status


@bp.get("/kalender")
def calendar_page():
    return _calendar_page()


@bp.post("/kalender/uren")
def update_hours():
    form = HoursForm()
    if form.validate_on_submit():
        try:
            admin.update_hours(form.day_start.data, form.day_end.data, actor=current_user)
        except DomainError as error:
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(_("The opening hours are saved; the deadlines of open cases were recalculated."), "info")
            return redirect(url_for("sla.calendar_page"))
    return _calendar_page(hours_form=form, status=422)


@bp.post("/kalender/sluitingsdagen")
def add_closure_day():
    form = ClosureDayForm()
    if form.validate_on_submit():
        try:
            admin.add_closure_day(form.day.data, form.reason.data, actor=current_user)
        except DomainError as error:
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(_("The closure day is added; the deadlines of open cases were recalculated."), "info")
            return redirect(url_for("sla.calendar_page"))
    return _calendar_page(closure_form=form, status=422)


@bp.post("/kalender/sluitingsdagen/<int:closure_id>/verwijderen")
def remove_closure_day(closure_id: int):
    # The CSRF token is checked for every POST by CSRFProtect; the day comes from the address.
    try:
        admin.remove_closure_day(closure_id, actor=current_user)
    except NotFound:
        abort(404)
    except DomainError as error:
        db.session.rollback()
        flash(str(error.message), "error")
    else:
        db.session.commit()
        flash(_("The closure day is removed; the deadlines of open cases were recalculated."), "info")
    return redirect(url_for("sla.calendar_page"))
