"""The built-in interval jobs: the deadline sweep, outbox and webhook delivery, measures ending by date, old
idempotency keys, retention."""

from flask import current_app

from app import clock
from app.extensions import db
from app.scheduler.runner import register_job


def sweep_deadlines() -> object:
    # Imported at run time, so a missing or broken domain fails (and logs) only its own job.
    from app.sla.sweep import sweep_until_done

    # A commit per batch: a killed scheduler loses one batch, which the next sweep redoes.
    return sweep_until_done(clock.now(), current_app.config["SWEEP_BATCH_SIZE"], db.session.commit)


def deliver_outbox() -> object:
    from app.notify.delivery import deliver_due

    return deliver_due(clock.now())


def deliver_webhooks() -> object:
    from app.cases.event_feed import FAN_OUT_BATCH, fan_out
    from app.notify.webhooks import deliver_due

    # New events become deliveries (one commit per batch), then due deliveries are POSTed.
    while fan_out() == FAN_OUT_BATCH:
        db.session.commit()
    db.session.commit()
    return deliver_due(clock.now())


def end_measures() -> object:
    from app.compliance.services.measures import end_expired

    ended = end_expired(clock.now())
    db.session.commit()
    return ended


def purge_idempotency_keys() -> object:
    from app.idempotency.services import purge

    purged = purge(clock.now())
    db.session.commit()
    return purged


def apply_retention() -> object:
    from app.privacy.services.retention import run

    counts = run(clock.now())
    db.session.commit()
    return counts


register_job("sla-sweep", sweep_deadlines, "SWEEP_INTERVAL_SECONDS")
register_job("outbox-delivery", deliver_outbox, "OUTBOX_INTERVAL_SECONDS")
register_job("webhook-delivery", deliver_webhooks, "WEBHOOK_INTERVAL_SECONDS")
register_job("measure-ends", end_measures, "MEASURE_END_INTERVAL_SECONDS")
register_job("idempotency-purge", purge_idempotency_keys, "IDEMPOTENCY_PURGE_INTERVAL_SECONDS")
register_job("retention", apply_retention, "RETENTION_INTERVAL_SECONDS")
