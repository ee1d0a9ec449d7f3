"""The webhooks page: an organisation administrator's endpoints (a coordinator's: the foundation's own), adding
one (its secret shown once), removing one, an endpoint's delivery history, resuming a paused one."""

from flask import abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.accounts import services
from app.accounts.forms import WebhookForm
from app.errors_domain import DomainError, NotAllowed, show_on_form
from app.extensions import db
from app.notify import webhooks as delivery


def _owner():
    try:
        return services.webhook_owner(current_user)
    except NotAllowed:
        abort(404)


def _endpoint(endpoint_id: int):
    _owner()
    try:
        return services.webhook_endpoint(endpoint_id, actor=current_user)
    except DomainError:
        abort(404)


def _render(form: WebhookForm | None = None, secret: str | None = None, status: int = 200):
    endpoints = services.webhook_endpoints(actor=current_user)
    return render_template(
        "accounts/webhooks.html",
        endpoints=endpoints,
        pending={endpoint.id: delivery.pending_count(endpoint.id) for endpoint in endpoints},
        form=form or WebhookForm(),
        new_secret=secret,
        for_foundation=current_user.is_staff,
    ), status


def webhooks():
    _owner()
    return _render()


def add_webhook():
    _owner()
    form = WebhookForm()
    if form.validate_on_submit():
        try:
            endpoint, secret = services.add_webhook(form.url.data, form.events.data, actor=current_user)
        except DomainError as refusal:
            show_on_form(form, refusal)
        else:
            db.session.commit()
            # The secret is shown on this answer only; a reload or the list never shows it again.
            return _render(WebhookForm(formdata=None), secret=secret)
    return _render(form, status=422)


def webhook(endpoint_id: int):
    endpoint = _endpoint(endpoint_id)
    return render_template(
        "accounts/webhook.html",
        endpoint=endpoint,
        attempts=delivery.history(endpoint.id),
        pending=delivery.pending_count(endpoint.id),
    )


def remove_webhook(endpoint_id: int):
    endpoint = _endpoint(endpoint_id)
    url = endpoint.url
    services.remove_webhook(endpoint, actor=current_user)
    db.session.commit()
    flash(_("%(url)s no longer receives events.", url=url), "info")
    return redirect(url_for("accounts.webhooks"))


def resume_webhook(endpoint_id: int):
    endpoint = _endpoint(endpoint_id)
    try:
        services.resume_webhook(endpoint, actor=current_user)
    except DomainError as refusal:
        flash(refusal.message, "error")
    else:
        db.session.commit()
        flash(_("Deliveries to %(url)s resume.", url=endpoint.url), "info")
    return redirect(url_for("accounts.webhook", endpoint_id=endpoint.id))
