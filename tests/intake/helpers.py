"""Helpers to fill in the incident form as a browser would."""

import re
from datetime import timedelta

from app import clock
from tests.helpers.pages import csrf_token


def local_input(moment) -> str:
    """The value a datetime-local input sends: Amsterdam wall-clock time."""
    return clock.local(moment).strftime("%Y-%m-%dT%H:%M")


def breach_form(participant_id, **overrides) -> dict:
    discovered = clock.now() - timedelta(hours=3)
    data = {
        "category": "data_breach",
        "severity": "calamity",
        "title": "Cijferlijsten zichtbaar voor andere scholen",
        "description": "Leerlingen van een andere school zagen onze cijferlijsten in de toetsomgeving.",
        "discovered_at": local_input(discovered),
        "participant_id": str(participant_id),
        "impact": ["confidentiality"],
        "nature": ["read"],
        "data_categories": ["contact", "results"],
        "affected_min": "120",
        "affected_max": "250",
        "affected_groups": ["pupils"],
        "minors_involved": "yes",
        "encrypted": "no",
        "ap_notified": "no",
        "reporter_name": "Anna de Vries",
        "reporter_email": "Anna@Example-School.nl",
        "reporter_organisation": "Basisschool De Linde",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def submit_form(client, url: str, data: dict, files=None):
    """Posts a report form with its CSRF token and any attachments, as the browser sends it."""
    payload = {"csrf_token": csrf_token(client, url), **data}
    if files:
        payload["attachments"] = files
    return client.post(url, data=payload, content_type="multipart/form-data")


def submit_incident(client, data: dict, files=None):
    return submit_form(client, "/melden/incident", data, files)


def receipt(client) -> tuple[str, str]:
    html = client.get("/melden/ontvangen").get_data(as_text=True)
    reference = re.search(r'class="reference">([^<]+)<', html).group(1)
    code = re.search(r'id="follow-up-code">([^<]+)<', html).group(1)
    return reference, code


def field_error(html: str, field_id: str) -> str | None:
    match = re.search(rf'<p class="field-error" id="{field_id}-error">(.*?)</p>', html, re.S)
    return match.group(1).strip() if match else None


def follow(client, reference: str, code: str):
    """Opens a report by its reference and follow-up code, as the follow-up form does."""
    token = csrf_token(client, "/volgen")
    return client.post("/volgen", data={"csrf_token": token, "reference": reference, "code": code})
