"""GET /api/v1/cases reads a page of cases in bulk: each item is the case's own answer, at a fixed cost."""

import hashlib
from datetime import date

import pytest

from app.auth.models import Role
from app.cases import timeline
from app.cases.details import ComplaintDetails
from app.cases.models import CaseParty
from app.cases.services import case_records, hearing
from app.cases.uploads import CheckedFile
from app.compliance.services import decisions
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from tests.api.helpers import token_for
from tests.cases.helpers import add_deadline, hours, new_case
from tests.helpers.files import PDF
from tests.helpers.statements import counted_statements

LIST = "/api/v1/cases"
SCOPES = ("internal", "parties", "reporter", "subject", "claimant")

pytestmark = pytest.mark.usefixtures("frozen_clock")


def _pdf(name: str) -> CheckedFile:
    return CheckedFile(name, "application/pdf", PDF, hashlib.sha256(PDF).hexdigest())


def _dispute(number: int, orgs: dict, supervisor) -> None:
    """A dispute with a message and a file in every visibility, a question to the subject only, and a
    decision with a measure taken and one proposed (the parties read only the one taken)."""
    case = new_case(number, case_type="dispute", status="in_progress", due=hours(number))
    case.parties.extend(
        [
            CaseParty(organisation_id=orgs["claimant"].id, role="claimant"),
            CaseParty(organisation_id=orgs["subject"].id, role="respondent"),
        ]
    )
    db.session.flush()
    real = {"subject": f"party:{orgs['subject'].id}", "claimant": f"party:{orgs['claimant'].id}"}
    for scope in SCOPES:
        visibility = real.get(scope, scope)
        timeline.append(case, "message", f"item-{scope}", actor_label="x", visibility=visibility)
        case_records.attach(case, _pdf(f"file-{scope}.pdf"), visibility=visibility, label="x")
    add_deadline(case, "substantiation", hours(number + 24))
    add_deadline(case, "response", hours(number + 48), met=True)
    hearing.request_response(case, orgs["subject"].id, "question-for-subject", 5, actor=supervisor)
    subject = orgs["subject"].id
    decisions.decide(
        case,
        "advice",
        "Advies.",
        [MeasureInput(kind="warning", participant_id=subject), MeasureInput(kind="suspension", participant_id=subject)],
        actor=supervisor,
    )


def _complaint(number: int, orgs: dict) -> None:
    """A complaint by the school about the subject; the complainant did not share their details."""
    case = new_case(number, case_type="complaint", participant_id=orgs["subject"].id, due=hours(number))
    case.parties.extend(
        [
            CaseParty(organisation_id=orgs["school"].id, role="reporter"),
            CaseParty(organisation_id=orgs["subject"].id, role="subject"),
        ]
    )
    db.session.add(ComplaintDetails(case=case, occurred_on=date(2026, 1, 15), raised_with_participant=True))
    timeline.append(case, "message", "item-reporter", actor_label="x", visibility="reporter")
    timeline.append(case, "message", "item-parties", actor_label="x", visibility="parties")
    add_deadline(case, "first_response", hours(number + 12))


@pytest.fixture()
def desk(app, make_org, make_user):
    """Disputes and complaints in turn, each with its rows; one user of each organisation and staff."""
    orgs = {role: make_org(f"Org {role}") for role in ("subject", "claimant", "school")}
    users = {role: make_user(f"{role}@example.org", Role.PARTICIPANT, organisation=org) for role, org in orgs.items()}
    users["supervisor"] = make_user("sup@edu-v.example", Role.SUPERVISOR)

    def grow(count: int) -> None:
        """Adds `count` more cases."""
        start = len(grow.numbers)
        for number in range(start + 1, start + count + 1):
            (_dispute if number % 2 else _complaint)(number, orgs, *([users["supervisor"]] if number % 2 else []))
            grow.numbers.append(number)
        db.session.commit()

    grow.numbers = []
    return {"users": users, "grow": grow}


@pytest.mark.parametrize("role", ["supervisor", "subject", "claimant", "school"])
def test_each_listed_case_is_the_cases_own_answer(client, desk, role):
    desk["grow"](4)
    headers = token_for(desk["users"][role])
    items = client.get(LIST, headers=headers).get_json()["items"]
    assert len(items) == {"supervisor": 4, "subject": 4, "claimant": 2, "school": 2}[role]
    for item in items:
        assert item == client.get(f"{LIST}/{item['reference']}", headers=headers).get_json()
    # The rows the answers are built from, as each role may read them.
    texts = {text for item in items for text in (e["text"] for e in item["timeline"]) if text.startswith("item-")}
    expected = {
        "supervisor": {f"item-{scope}" for scope in SCOPES},
        "subject": {"item-parties", "item-subject"},
        "claimant": {"item-parties", "item-claimant"},
        "school": {"item-parties", "item-reporter"},
    }[role]
    assert texts == expected
    disputes = [item for item in items if item["type"] == "dispute"]
    for item in disputes:
        asked = [d for d in item["deadlines"] if d["kind"] == "response" and d["state"] == "running"]
        assert len(asked) == (0 if role == "claimant" else 1)
        measures = [m["kind"] for m in item["decision"]["measures"]]
        assert measures == (["warning", "suspension"] if role == "supervisor" else ["warning"])
    complainant = {party["organisation"] for item in items if item["type"] == "complaint" for party in item["parties"]}
    assert ("klager" in complainant) == (role == "subject")


@pytest.mark.parametrize("role", ["supervisor", "subject"])
def test_a_longer_page_costs_no_more_statements(client, desk, role):
    headers = token_for(desk["users"][role])
    desk["grow"](2)
    client.get(LIST, headers=headers)  # the token's first use writes; count a use like every later one
    with counted_statements() as short:
        assert len(client.get(LIST, headers=headers).get_json()["items"]) == 2
    desk["grow"](8)
    with counted_statements() as long:
        assert len(client.get(LIST, headers=headers).get_json()["items"]) == 10
    assert len(long) == len(short)
    assert len(short) <= 20
