"""The business calendar: the opening hours and the closure days (open cases' deadlines follow)."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import clock
from app.errors_domain import DomainError, NotFound, show_on_form
from app.extensions import db
from app.sla import admin, services
from app.sla.forms import ClosureDayForm, HoursForm


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


def calendar_page():
    return _calendar_page()


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
