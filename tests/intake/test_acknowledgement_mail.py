"""The acknowledgement travels from the intake transaction through the outbox to a real SMTP server."""

from app.extensions import db
from app.notify.delivery import deliver_due
from tests.intake.helpers import breach_form, receipt, submit_incident


def test_reporter_receives_the_acknowledgement_without_the_code(app, client, smtp_server, register_with_keurmerk):
    submit_incident(client, breach_form(register_with_keurmerk.id))
    reference, code = receipt(client)

    report = deliver_due()
    db.session.commit()

    assert report.sent == 1
    [mail] = smtp_server.received
    assert mail.rcpt_tos == ["anna@example-school.nl"]
    assert reference in mail.message["Subject"]
    body = mail.message.get_body(("plain",)).get_content()
    assert reference in body and f"/volgen?reference={reference}" in body
    assert code not in body and code.replace("-", "") not in body
    assert "72" in body  # the AP clock of a data leak


def test_nothing_is_sent_twice(app, client, smtp_server, register_with_keurmerk):
    submit_incident(client, breach_form(register_with_keurmerk.id))
    deliver_due()
    db.session.commit()
    deliver_due()
    db.session.commit()
    assert len(smtp_server.received) == 1
