"""The application's logs name no one: no e-mail address, name, report text or IP address."""

import logging

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.cases.models import Case
from app.extensions import db
from app.notify import delivery
from tests.api.helpers import token_for
from tests.helpers.login import login
from tests.privacy.helpers import PERSONAL, file_with_personal_data

STAFF = {"name": "Corrie Verhagen-Blom", "email": "corrie.verhagen@edu-v.example"}
CLIENT_IP = "203.0.113.47"


# The test's own mail server (aiosmtpd) logs the conversation it has with the desk; it is not the desk.
MAIL_SERVER_LOGGER = "mail.log"


@pytest.fixture()
def all_logs(caplog):
    """Every record at DEBUG: the root logger's and each of the app's and its libraries' loggers."""
    caplog.set_level(logging.DEBUG)
    for name in ("app", "flask-limiter", "werkzeug", "emails"):
        caplog.set_level(logging.DEBUG, logger=name)
    return caplog


def logged(caplog) -> str:
    lines = []
    for record in caplog.records:
        if record.name == MAIL_SERVER_LOGGER:
            continue
        lines.append(record.getMessage())
        if record.exc_info:
            lines.append(logging.Formatter().formatException(record.exc_info))
    return "\n".join(lines)


def test_filing_following_up_logging_in_deciding_and_delivering_log_no_personal_data(
    app, register_with_keurmerk, make_user, smtp_server, all_logs
):
    reporter = app.test_client()
    reporter.environ_base["REMOTE_ADDR"] = CLIENT_IP
    reference, _code = file_with_personal_data(reporter, register_with_keurmerk.id)

    coordinator = make_user(STAFF["email"], Role.COORDINATOR, name=STAFF["name"])
    staff = app.test_client()
    staff.environ_base["REMOTE_ADDR"] = CLIENT_IP
    assert login(staff, STAFF["email"]).status_code == 302
    assert staff.get(f"/behandelen/{reference}").status_code == 200
    headers = token_for(coordinator)
    for status in ("triage", "in_progress"):
        moved = staff.post(f"/api/v1/cases/{reference}/transition", json={"to": status}, headers=headers)
        assert moved.status_code == 200, moved.get_json()
    decided = staff.post(
        f"/api/v1/cases/{reference}/decision",
        json={"outcome": "resolved", "reasoning": "Opgelost.", "measures": [], "confirmMissingHearing": True},
        headers=headers,
    )
    assert decided.status_code == 200, decided.get_json()
    # The mail server refuses the reporter's address: its reply quotes it, the log must not.
    smtp_server.refuse_rcpt.add(PERSONAL["email"])
    report = delivery.deliver_due()
    assert report.failed or report.retry
    # A client over its budget: Flask-Limiter logs the limit's key, the client's address.
    logging.getLogger("flask-limiter").info("ratelimit %s (%s) exceeded at endpoint: %s", "5/minute", CLIENT_IP, "x")

    text = logged(all_logs)
    assert "outbox: message" in text and "ratelimit" in text  # the logs were captured
    for value in [*PERSONAL.values(), *STAFF.values(), CLIENT_IP]:
        assert value not in text, f"{value!r} is in the log"
    assert db.session.scalar(select(Case.status).where(Case.reference == reference)) == "decided"
