"""Notify fixtures: test-only e-mail templates and a helper that queues one mail."""

import pytest
from flask_babel import force_locale
from jinja2 import ChoiceLoader, DictLoader

from app.extensions import db
from app.notify import services

# Templates that exist only in the tests, so no probe template ships with the app.
TEST_TEMPLATES = {
    "emails/probe.txt": "Beste {{ name }},\n\n{{ _('Your report %(ref)s was received.', ref=ref) }}\n"
    "{{ moment | localdt('d MMMM yyyy') if moment }}\n{{ link }}\n",
    "emails/probe.html": "<p>Beste {{ name }},</p><p>{{ ref }}</p>",
    "emails/plain_only.txt": "Alleen tekst voor {{ name }}.\n",
}


@pytest.fixture()
def email_templates(app):
    original = app.jinja_env.loader
    app.jinja_env.loader = ChoiceLoader([DictLoader(TEST_TEMPLATES), original])
    try:
        yield TEST_TEMPLATES
    finally:
        app.jinja_env.loader = original
        app.jinja_env.cache.clear()


@pytest.fixture()
def queue_mail(app, email_templates):
    """Enqueues and commits one probe mail, as a service plus its calling view would."""

    def _queue(
        key: str = "probe:1",
        recipient: str = "school@example.org",
        subject: str = "Melding",
        template: str = "probe",
        locale: str = "nl",
        **context,
    ):
        context = {"name": "Zoë", "ref": "MP-2026-0001", "link": "http://localhost/x", **context}
        with force_locale(locale):
            message = services.enqueue(key, recipient, subject, template, **context)
        db.session.commit()
        return message

    return _queue
