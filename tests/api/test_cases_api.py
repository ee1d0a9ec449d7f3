"""GET /api/v1/cases and /cases/{reference}: bearer tokens and who may see which case."""

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.cases import timeline
from app.cases.models import Case
from app.extensions import db
from tests.api.helpers import assert_problem, breach, file, outage, token_for

LIST = "/api/v1/cases"


pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def people(make_org, make_user, register_with_keurmerk):
    """Staff, the supplier the case is about, an outsider, and a case with an internal note."""
    other = make_org("Andere BV")
    users = {
        "supervisor": make_user("sup@meldpunt.example", Role.SUPERVISOR),
        "coordinator": make_user("co@meldpunt.example", Role.COORDINATOR),
        "subject": make_user("sec@vodix.example", Role.PARTICIPANT, organisation=register_with_keurmerk),
        "outsider": make_user("it@andere.example", Role.PARTICIPANT, organisation=other),
    }
    return users


@pytest.fixture()
def reference(client, people, register_with_keurmerk):
    view = file(client, breach(register_with_keurmerk.id))
    case = db.session.scalar(select(Case).where(Case.reference == view["reference"]))
    timeline.append(case, "note", "Intern", actor_label="Sam", visibility="internal")
    db.session.commit()
    return view["reference"]


def _get(client, path, user=None):
    return client.get(path, headers=token_for(user) if user else {})


def test_no_token_or_a_bad_one_is_a_401_with_a_challenge(client, reference):
    response = client.get(f"{LIST}/{reference}")
    assert_problem(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    for header in ("Bearer mp_unknown", "Basic dXNlcjpwdw==", "Bearer "):
        bad = client.get(f"{LIST}/{reference}", headers={"Authorization": header})
        assert_problem(bad, 401)
        assert "error=" in bad.headers["WWW-Authenticate"]


def test_a_revoked_token_no_longer_works(client, people, reference):
    from app.auth.services import revoke_token

    user = people["supervisor"]
    headers = token_for(user)
    assert client.get(f"{LIST}/{reference}", headers=headers).status_code == 200
    revoke_token(user, user.tokens[0].id)
    db.session.commit()
    assert_problem(client.get(f"{LIST}/{reference}", headers=headers), 401)


@pytest.mark.parametrize(
    "role, sees, internal",
    [
        ("supervisor", True, True),
        ("coordinator", True, True),
        ("subject", True, False),
        ("outsider", False, False),
    ],
)
def test_who_sees_the_case(client, people, reference, role, sees, internal):
    response = _get(client, f"{LIST}/{reference}", people[role])
    if not sees:
        unknown = _get(client, f"{LIST}/INC-2026-99999", people[role])
        assert assert_problem(response, 404) == assert_problem(unknown, 404)
        return
    assert response.status_code == 200 and response.headers["API-Version"] == "1.2.0"
    kinds = [e["kind"] for e in response.get_json()["timeline"]]
    assert ("note" in kinds) is internal


def test_the_list_shows_staff_every_case(client, people, reference):
    file(client, outage())
    body = _get(client, LIST, people["supervisor"]).get_json()
    assert len(body["items"]) == 2 and body["nextCursor"] is None
    assert {item["category"] for item in body["items"]} == {"data_breach", "outage"}


def test_the_list_shows_participants_only_their_cases(client, people, reference):
    file(client, outage())
    mine = _get(client, LIST, people["subject"]).get_json()
    assert [item["reference"] for item in mine["items"]] == [reference]
    assert all(e["kind"] != "note" for e in mine["items"][0]["timeline"])
    assert _get(client, LIST, people["outsider"]).get_json() == {"items": [], "nextCursor": None}


def test_the_list_filters(client, people, register_with_keurmerk, reference):
    file(client, outage(title="Storing roosters"))
    staff = people["supervisor"]
    headers = token_for(staff)

    def refs(query):
        response = client.get(f"{LIST}?{query}", headers=headers)
        assert response.status_code == 200, response.get_json()
        return [item["reference"] for item in response.get_json()["items"]]

    assert refs("type=incident&category=data_breach") == [reference]
    assert refs(f"participantId={register_with_keurmerk.id}") == [reference]
    assert refs("status=received") and refs("status=closed") == []
    assert refs(f"q={reference}") == [reference]
    assert len(refs("q=roosters")) == 1
    assert refs("assignee=none") and refs("assignee=me") == []
    assert refs("breached=true") == [] and len(refs("breached=false")) == 2


@pytest.mark.parametrize("role", ["supervisor", "subject"])
def test_the_list_pages_with_a_cursor(client, people, register_with_keurmerk, role):
    for n in range(5):
        file(client, breach(register_with_keurmerk.id, title=f"Lek {n}"))
    headers = token_for(people[role])
    seen, cursor = [], None
    for _ in range(5):
        query = f"limit=2&cursor={cursor}" if cursor else "limit=2"
        page = client.get(f"{LIST}?{query}", headers=headers).get_json()
        seen += [item["reference"] for item in page["items"]]
        cursor = page["nextCursor"]
        if cursor is None:
            break
    assert len(seen) == 5 == len(set(seen))


@pytest.mark.parametrize(
    "query, key",
    [
        ("type=ticket", "type"),
        ("status=lost", "status"),
        ("limit=0", "limit"),
        ("limit=abc", "limit"),
        ("limit=101", "limit"),
        ("participantId=x", "participantId"),
        ("breached=maybe", "breached"),
        ("cursor=not-a-cursor", "cursor"),
        ("assignee=nobody@example.org", "assignee"),
    ],
)
def test_bad_query_parameters_are_a_400(client, people, query, key):
    problem = assert_problem(_get(client, f"{LIST}?{query}", people["supervisor"]), 400)
    assert key in problem["errors"]


def test_the_list_needs_a_token(client):
    assert_problem(client.get(LIST), 401)
