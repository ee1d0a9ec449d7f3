"""On a shared school computer: the follow-up code never sits in the session cookie, and a
reporter closes the case so the next user of the browser cannot open it."""

from sqlalchemy import func, select

from app.extensions import db
from app.intake.receipts import PendingReceipt
from tests.helpers.pages import csrf_token
from tests.intake.helpers import breach_form, follow, receipt, submit_incident


def session_contents(app, client) -> str:
    """The session cookie as anyone holding it could read it (signed, not encrypted)."""
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    serializer = app.session_interface.get_signing_serializer(app)
    return f"{cookie.value}\n{serializer.loads(cookie.value)}"


def test_the_code_never_sits_in_the_session_cookie(app, register_with_keurmerk):
    client = app.test_client()
    submit_incident(client, breach_form(register_with_keurmerk.id))
    cookie = session_contents(app, client)
    stored = db.session.scalar(select(PendingReceipt))
    reference, code = receipt(client)

    for text in (cookie, stored.masked_code):
        assert code not in text and code.replace("-", "") not in text
    assert reference in cookie  # the cookie says which receipt, the database holds the other half
    # Shown once: the masked half is gone, and the page does not show the code again.
    assert db.session.scalar(select(func.count()).select_from(PendingReceipt)) == 0
    assert 'id="follow-up-code"' not in client.get("/melden/ontvangen").get_data(as_text=True)
    assert code not in session_contents(app, client)


def test_a_forged_or_replayed_receipt_shows_no_code(app, register_with_keurmerk):
    client = app.test_client()
    submit_incident(client, breach_form(register_with_keurmerk.id))
    with client.session_transaction() as session:
        saved = dict(session["receipt"])
    receipt(client)
    with client.session_transaction() as session:
        session["receipt"] = saved  # the same cookie again, after the code was shown
    assert 'id="follow-up-code"' not in client.get("/melden/ontvangen").get_data(as_text=True)
    with client.session_transaction() as session:
        session["receipt"] = {"reference": saved["reference"], "code": {"id": "x", "pad": "zz"}}
    assert client.get("/melden/ontvangen").status_code == 200


def test_closing_the_case_ends_this_browsers_access(app, register_with_keurmerk):
    reporter = app.test_client()
    submit_incident(reporter, breach_form(register_with_keurmerk.id))
    reference, code = receipt(reporter)
    shared = app.test_client()
    follow(shared, reference, code)
    assert shared.get(f"/volgen/{reference}").status_code == 200

    response = shared.post(
        f"/volgen/{reference}/sluiten", data={"csrf_token": csrf_token(shared, f"/volgen/{reference}")}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/volgen")
    assert shared.get(f"/volgen/{reference}").status_code == 404
    # The code opens it again.
    follow(shared, reference, code)
    assert shared.get(f"/volgen/{reference}").status_code == 200


def test_closing_needs_the_forms_csrf_token(app, register_with_keurmerk):
    client = app.test_client()
    submit_incident(client, breach_form(register_with_keurmerk.id))
    reference, _code = receipt(client)
    assert client.post(f"/volgen/{reference}/sluiten").status_code == 400
    assert client.get(f"/volgen/{reference}").status_code == 200
