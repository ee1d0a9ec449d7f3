"""The outbox pages for administrators: what was sent, what waits, what failed, and a retry."""

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext
from sqlalchemy import func, select

from app import clock, paging
from app.extensions import db
from app.notify import services
from app.notify.delivery import delivery_state
from app.notify.models import OutboxMessage

PER_PAGE = 50
STATUS_LABELS = {"pending": _l("Pending"), "sent": _l("Sent"), "failed": _l("Failed")}


def outbox():
    status = request.args.get("status", "")
    if status not in STATUS_LABELS:
        status = ""
    # Webhook deliveries have their own history, on their endpoint's page.
    email = OutboxMessage.channel == "email"
    query = select(OutboxMessage).where(email).order_by(OutboxMessage.id.desc())  # ids grow with time
    if status:
        query = query.where(OutboxMessage.status == status)
    pagination = paging.paginate(query, PER_PAGE)
    counts = dict(
        db.session.execute(select(OutboxMessage.status, func.count()).where(email).group_by(OutboxMessage.status)).all()
    )
    state = delivery_state()
    return render_template(
        "notify/outbox.html",
        pagination=pagination,
        status=status,
        counts=counts,
        status_labels=STATUS_LABELS,
        pause=state if state is not None and state.paused(clock.now()) else None,
    )


def message(message_id: int):
    return render_template(
        "notify/message.html",
        message=db.get_or_404(OutboxMessage, message_id),
        status_labels=STATUS_LABELS,
    )


def retry(message_id: int):
    message = db.get_or_404(OutboxMessage, message_id)
    if services.requeue(message):
        db.session.commit()
        flash(_("The message will be sent again at the next delivery run."), "info")
    else:
        flash(_("Only a failed message can be sent again."), "error")
    return redirect(url_for("notify.message", message_id=message.id))


def retry_all():
    count = services.requeue_failed()
    db.session.commit()
    if count:
        flash(
            ngettext(
                "%(num)d failed message will be sent again at the next delivery run.",
                "%(num)d failed messages will be sent again at the next delivery run.",
                count,
            ),
            "info",
        )
    else:
        flash(_("There are no failed messages."), "info")
    return redirect(url_for("notify.outbox"))
