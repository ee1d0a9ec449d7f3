"""Privacy tests' helpers: a data breach full of personal data and how to look for it; a breach filed with a
file and closed by a handler, for the retention tests."""

import base64
import io
import json
from datetime import timedelta
from urllib.parse import quote, quote_plus

from sqlalchemy import select

from app import clock
from app.auth.models import Role
from app.cases.models import Case
from app.cases.services import handling
from app.extensions import db
from tests.helpers.clock import NOW
from tests.helpers.files import PDF
from tests.helpers.pages import csrf_token
from tests.intake.helpers import breach_form, follow, receipt, submit_incident

# Every value below is personal or confidential, and none occurs anywhere else in the suite.
PERSONAL = {
    "name": "Anneke Zoëtmulder-Kwakkel",
    "email": "anneke.zoetmulder@obs-de-wilg.example",
    "phone": "+31 6 48 27 19 53",
    "description": "Dossiers van leerling Jesse Brakeboer stonden open voor alle ouders.",
    "consequences": "Zorgnotities over Jesse Brakeboer zijn door ouders gelezen.",
    "measures_taken": "Wachtwoord van juf Marloes Tiggelaar ingetrokken.",
    "affected_schools": "OBS De Wilg te Kwakkelstad",
    "contact_person": "Marloes Tiggelaar",
    "message": "Ook het dossier van Fenna Brakeboer was zichtbaar.",
    "filename": "overzicht-brakeboer.txt",
    "file": "MARKER-7f3c-leerlingdossier-Brakeboer-vertrouwelijk",
}


def file_with_personal_data(client, participant_id) -> tuple[str, str]:
    """Files the report with a file and adds a message with the code; returns reference and code."""
    data = breach_form(
        participant_id,
        reporter_name=PERSONAL["name"],
        reporter_email=PERSONAL["email"],
        reporter_phone=PERSONAL["phone"],
        description=PERSONAL["description"],
        consequences=PERSONAL["consequences"],
        measures_taken=PERSONAL["measures_taken"],
        affected_schools=PERSONAL["affected_schools"],
        contact_person=PERSONAL["contact_person"],
    )
    document = (io.BytesIO(PERSONAL["file"].encode()), PERSONAL["filename"])
    response = submit_incident(client, data, files=[document])
    assert response.status_code == 302, response.get_data(as_text=True)
    reference, code = receipt(client)
    follow(client, reference, code)
    token = csrf_token(client, f"/volgen/{reference}")
    added = client.post(f"/volgen/{reference}/aanvullen", data={"csrf_token": token, "body": PERSONAL["message"]})
    assert added.status_code == 302
    return reference, code


def encodings(value: str) -> set[bytes]:
    """The value as bytes the way a database or file could hold it: UTF-8, UTF-16, escaped as JSON or
    in a URL, lower case, hex, and base64 at each of its three alignments."""
    data = value.encode()
    found = {
        data,
        value.lower().encode(),
        value.encode("utf-16-le"),
        json.dumps(value).strip('"').encode(),
        quote(value).encode(),
        quote_plus(value).encode(),
        data.hex().encode(),
    }
    for shift in range(3):
        encoded = base64.b64encode(bytes(shift) + data + bytes(3))
        found.add(encoded[4 if shift else 0 : -8])
    return found


def leaks(haystack: bytes) -> list[str]:
    """The personal values found in the bytes, in any of their encodings."""
    return [name for name, value in PERSONAL.items() if any(form in haystack for form in encodings(value))]


REPORTER_NAME = "Anna de Vries"
REPORTER_EMAIL = "anna@example-school.nl"


def file_breach(client, participant_id, **overrides) -> tuple[Case, str]:
    """A data breach as a school files it, with one PDF; returns the case and its follow-up code."""
    files = [(io.BytesIO(PDF), "verslag-anna.pdf")]
    response = submit_incident(client, breach_form(participant_id, **overrides), files=files)
    assert response.status_code == 302, response.get_data(as_text=True)
    reference, code = receipt(client)
    return db.session.scalar(select(Case).where(Case.reference == reference)), code


def close(case: Case, actor) -> None:
    for step in ("triage", "in_progress", "decided", "closed"):
        handling.transition(case, step, f"stap {step}", actor=actor)
    db.session.commit()


def desk(make_user, make_org):
    """A participant, a supervisor, two coordinators and an administrator."""
    return {
        "vodix": make_org("Vodix"),
        "sam": make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor"),
        "cora": make_user("cora@edu-v.example", Role.COORDINATOR, name="Cora Coordinator"),
        "coen": make_user("coen@edu-v.example", Role.COORDINATOR, name="Coen Coordinator"),
        "ada": make_user("ada@edu-v.example", Role.ADMIN, name="Ada Admin"),
    }


def later(days: int) -> None:
    """Moves the frozen clock `days` past the tests' NOW."""
    clock.freeze(NOW + timedelta(days=days))
