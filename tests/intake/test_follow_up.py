"""Following a report with reference and code: the reporter's view, additions, guessing."""

import io
import re

from sqlalchemy import select

from app.cases import timeline
from app.cases.models import Attachment, Case, TimelineEvent
from app.extensions import db
from tests.helpers.pages import csrf_token, nl
from tests.intake.helpers import breach_form, follow, receipt, submit_incident

NOT_KNOWN = "This combination of reference and code is not known to us. Check both and try again."


def file_report(client, participant_id) -> tuple[str, str]:
    submit_incident(client, breach_form(participant_id))
    return receipt(client)


def test_reference_and_code_open_the_reporters_view(app, register_with_keurmerk):
    reference, code = file_report(app.test_client(), register_with_keurmerk.id)
    visitor = app.test_client()
    assert visitor.get(f"/volgen/{reference}").status_code == 404
    response = follow(visitor, reference.lower(), code.replace("-", "").lower())
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/volgen/{reference}")
    html = visitor.get(f"/volgen/{reference}").get_data(as_text=True)
    assert reference in html and "Cijferlijsten zichtbaar" in html
    assert 'class="countdown"' in html  # the AP clock counts down
    assert 'id="timeline"' in html


def test_wrong_code_and_unknown_reference_get_the_same_answer(app, register_with_keurmerk):
    reference, code = file_report(app.test_client(), register_with_keurmerk.id)
    visitor = app.test_client()
    wrong_code = follow(visitor, reference, "AAAAA-BBBBB-CCCCC-DDDDD").get_data(as_text=True)
    unknown = follow(visitor, "INC-2026-99999", code).get_data(as_text=True)
    strip = lambda html: re.sub(r'value="[^"]*"', "", html)  # noqa: E731
    assert nl(NOT_KNOWN) in wrong_code
    assert strip(wrong_code) == strip(unknown)
    assert visitor.get(f"/volgen/{reference}").status_code == 404


def test_reporter_sees_only_what_is_shared_with_them(app, register_with_keurmerk):
    client = app.test_client()
    reference, _code = file_report(client, register_with_keurmerk.id)
    case = db.session.scalar(select(Case))
    timeline.append(case, "note", "Interne inschatting: waarschijnlijk configuratiefout", visibility="internal")
    db.session.commit()
    html = client.get(f"/volgen/{reference}").get_data(as_text=True)
    assert "Interne inschatting" not in html


def test_reporter_adds_information_and_a_file(app, register_with_keurmerk):
    client = app.test_client()
    reference, _code = file_report(client, register_with_keurmerk.id)
    token = csrf_token(client, f"/volgen/{reference}")
    response = client.post(
        f"/volgen/{reference}/aanvullen",
        data={
            "csrf_token": token,
            "body": "Ook de toetsresultaten van groep 8 waren zichtbaar.",
            "attachments": [(io.BytesIO(b"09:12 ontdekt\n09:30 gemeld\n"), "tijdlijn.txt")],
        },
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    html = client.get(f"/volgen/{reference}").get_data(as_text=True)
    assert "groep 8" in html and "tijdlijn.txt" in html
    attachment = db.session.scalar(select(Attachment))
    download = client.get(f"/volgen/{reference}/bijlagen/{attachment.id}")
    assert download.status_code == 200 and download.data == b"09:12 ontdekt\n09:30 gemeld\n"
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    # Another visitor, without the code, gets nothing.
    assert app.test_client().get(f"/volgen/{reference}/bijlagen/{attachment.id}").status_code == 404


def test_empty_addition_is_refused_with_a_message(app, register_with_keurmerk):
    client = app.test_client()
    reference, _code = file_report(client, register_with_keurmerk.id)
    before = db.session.scalar(select(TimelineEvent.seq).order_by(TimelineEvent.seq.desc()).limit(1))
    token = csrf_token(client, f"/volgen/{reference}")
    response = client.post(f"/volgen/{reference}/aanvullen", data={"csrf_token": token, "body": "  "})
    assert response.status_code == 422
    assert 'id="body-error"' in response.get_data(as_text=True)
    after = db.session.scalar(select(TimelineEvent.seq).order_by(TimelineEvent.seq.desc()).limit(1))
    assert before == after


def test_guessing_codes_is_rate_limited(app, register_with_keurmerk):
    from tests.api.helpers import rate_limited_app

    reference, _code = file_report(app.test_client(), register_with_keurmerk.id)
    with rate_limited_app(app, FOLLOW_UP_RATE_LIMIT="3 per minute") as limited:
        guesser = limited.test_client()
        with limited.app_context():
            statuses = [follow(guesser, reference, f"AAAAA-BBBBB-CCCCC-DDDD{i}").status_code for i in range(5)]
    assert statuses[:3] == [200, 200, 200]
    assert statuses[3:] == [429, 429]
