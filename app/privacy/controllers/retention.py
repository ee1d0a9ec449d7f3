"""The retention overview (cases reaching their term, legal holds) and the coordinators' terms."""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app import clock
from app.errors_domain import DomainError, show_on_form
from app.extensions import db
from app.privacy import retention
from app.privacy.forms import CLASS_LABELS, RetentionForm
from app.privacy.models import CaseRetention
from app.privacy.services import retention as retention_service


def overview():
    now = clock.now()
    held = db.session.scalars(
        select(CaseRetention).where(CaseRetention.hold_since.is_not(None)).order_by(CaseRetention.hold_since)
    )
    return render_template(
        "privacy/retention.html",
        approaching=[item for item in retention_service.approaching(now) if not item.held],
        held=list(held),
        years=retention_service.settings(),
        classes=retention.CLASSES,
        class_labels=CLASS_LABELS,
        warning_days=retention_service.warning_days(),
    )


def settings():
    form = RetentionForm(data=retention_service.settings())
    if form.validate_on_submit():
        try:
            for retention_class in retention.CLASSES:
                years = form[retention_class].data
                retention_service.update_setting(retention_class, years, actor=current_user)
        except DomainError as error:
            show_on_form(form, error)
        else:
            db.session.commit()
            flash(_("The retention terms are saved."), "info")
            return redirect(url_for("privacy.retention_overview"))
    return render_template(
        "privacy/settings.html", form=form, classes=retention.CLASSES, defaults=retention.DEFAULT_YEARS
    ), (422 if form.errors else 200)
