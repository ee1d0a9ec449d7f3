"""Every role against every case page, message, document and API endpoint, and the RFC desk's: who may do what.

One case has an organisation in each party role (reporter, subject, claimant, respondent); its
timeline holds a message and a file in every visibility. Each role sees exactly its scopes; a case
it may not see answers 404, exactly as an unknown one.
"""

import hashlib
import io
import json
import re

import pytest

from app.auth.models import Role
from app.cases import followup_codes, timeline
from app.cases.handling_models import ConflictOfInterest
from app.cases.models import CaseParty
from app.cases.services import case_records, hearing
from app.cases.uploads import CheckedFile
from app.compliance.services import decisions
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from tests.api.helpers import token_for
from tests.helpers.files import PDF
from tests.helpers.login import login
from tests.helpers.pages import csrf_of, english, without_csrf_tokens

from .helpers import new_case

CODE = "ABCDE-FGHJK-LMNPQ-RSTUV"
REFERENCE = "GES-2026-00001"
PARTY_ROLES = {"reporter_org": "reporter", "subject": "subject", "claimant": "claimant", "respondent": "respondent"}
STAFF = ("supervisor", "coordinator", "admin")
# A supervisor who declared a conflict of interest with the subject; a user who filed the case for
# the reporter organisation and has since moved to an organisation that is no party to it.
ROLES = ("anonymous", "reporter_code", *PARTY_ROLES, "unrelated", *STAFF, "conflicted", "moved_reporter")
ALL = {"internal", "parties", "reporter", "party:reporter_org", "party:subject", "party:claimant", "party:respondent"}
SCOPES = {
    "anonymous": set(),
    "unrelated": set(),
    "conflicted": set(),
    "moved_reporter": set(),
    "reporter_code": {"parties", "reporter"},
    "reporter_org": {"parties", "reporter", "party:reporter_org"},
    "subject": {"parties", "party:subject"},
    "claimant": {"parties", "party:claimant"},
    "respondent": {"parties", "party:respondent"},
    **{role: ALL for role in STAFF},
}
# Per role: the staff case page, the party page, the reporter's follow-up page, the API case view.
PAGES = {
    "anonymous": ("login", "login", 404, 401),
    "reporter_code": ("login", "login", 200, None),
    **{role: (404, 200, 200, 200) for role in PARTY_ROLES},
    "unrelated": (404, 404, 404, 404),
    "moved_reporter": (404, 404, 404, 404),
    **{role: (200, "staff", 200, 200) for role in STAFF},
    "conflicted": (403, "staff", 404, 404),
}
# Per role: reply on the party page, API message, API file, ask a party for a response, add on the follow-up page.
ACTIONS = {
    "anonymous": ("login", 401, 401, "login", 404),
    "reporter_code": ("login", None, None, "login", "ok"),
    **{role: ("ok", "ok", "ok", 404, "ok") for role in PARTY_ROLES},
    "unrelated": (404, 404, 404, 404, 404),
    "supervisor": ("staff", "ok", "ok", "ok", "ok"),
    "coordinator": ("staff", "ok", "ok", "ok", "ok"),
    "admin": ("staff", 403, 403, 403, 403),
    "conflicted": ("staff", 404, 404, 403, 404),
    "moved_reporter": (404, 404, 404, 404, 404),
}


@pytest.fixture()
def world(app, make_org, make_user):
    """The case, its items in every visibility (text `item-<scope>`), and one user per role."""
    orgs = {role: make_org(f"Org {role}") for role in (*PARTY_ROLES, "unrelated")}
    users = {role: make_user(f"{role}@example.org", Role.PARTICIPANT, organisation=org) for role, org in orgs.items()}
    users.update({role: make_user(f"{role}@edu-v.example", role) for role in STAFF})
    users["conflicted"] = make_user("conflicted@edu-v.example", Role.SUPERVISOR)
    db.session.add(ConflictOfInterest(user_id=users["conflicted"].id, organisation_id=orgs["subject"].id))
    users["moved_reporter"] = make_user("moved@example.org", Role.PARTICIPANT, organisation=make_org("Org moved"))
    case = new_case(
        1,
        case_type="dispute",
        status="in_progress",
        follow_up_code_hash=followup_codes.hash_code(CODE),
        reporter_user_id=users["moved_reporter"].id,
    )
    case.parties.extend(CaseParty(organisation_id=orgs[role].id, role=party) for role, party in PARTY_ROLES.items())
    other = new_case(2, case_type="dispute")
    other_file = case_records.attach(other, _pdf("other.pdf"), visibility="parties", label="x")
    real = {scope: f"party:{orgs[scope[6:]].id}" if scope.startswith("party:") else scope for scope in ALL}
    files = {}
    for scope, visibility in real.items():
        timeline.append(case, "message", f"item-{scope}", actor_label="x", visibility=visibility)
        files[scope] = case_records.attach(
            case, _pdf(f"file-{scope.replace(':', '-')}.pdf"), visibility=visibility, label="x"
        )
    hearing.request_response(case, orgs["subject"].id, "question-for-subject", 5, actor=users["supervisor"])
    db.session.commit()
    return {
        "case": case,
        "users": users,
        "orgs": orgs,
        "files": {s: f.id for s, f in files.items()},
        "other_file": other_file.id,
        "real": real,
    }


def _pdf(name: str) -> CheckedFile:
    return CheckedFile(name, "application/pdf", PDF, hashlib.sha256(PDF).hexdigest())


def client_as(app, world, role: str):
    client = app.test_client()
    if role == "reporter_code":
        english(client)
        token = csrf_of(client.get("/volgen").get_data(as_text=True))
        client.post("/volgen", data={"csrf_token": token, "reference": REFERENCE, "code": CODE})
    elif role != "anonymous":
        login(client, world["users"][role].email)
    english(client)
    return client


def outcome(response) -> object:
    """What a request came to: "login", "staff" (sent to the staff pages), "ok" (done) or its status code.

    Pages redirect after success with an anchor to what was added; an API answers 201.
    """
    location = response.headers.get("Location", "")
    if response.status_code == 302:
        if "/inloggen" in location:
            return "login"
        return "ok" if "#" in location else "staff"
    return "ok" if response.status_code == 201 else response.status_code


def seen_items(html: str) -> set[str]:
    return set(re.findall(r"item-((?:party:)?[a-z_]+)", html))


@pytest.mark.parametrize("role", ROLES)
def test_pages_show_exactly_the_roles_scopes(app, world, role):
    client = client_as(app, world, role)
    staff_page, party_page, guest_page, api = PAGES[role]
    for path, expected in (
        (f"/behandelen/{REFERENCE}", staff_page),
        (f"/mijn/zaken/{REFERENCE}", party_page),
        (f"/volgen/{REFERENCE}", guest_page),
    ):
        response = client.get(path)
        assert outcome(response) == expected, (role, path, response.status_code)
        if response.status_code == 200:
            html = response.get_data(as_text=True)
            assert seen_items(html) == SCOPES[role], (role, path)
            assert ("question-for-subject" in html) == ("party:subject" in SCOPES[role])
    if api is not None:
        user = world["users"].get(role)
        response = client.get(f"/api/v1/cases/{REFERENCE}", headers=token_for(user) if user else {})
        assert response.status_code == api, role
        if api == 200:
            view = response.get_json()
            assert seen_items(" ".join(e["text"] for e in view["timeline"])) == SCOPES[role]
            asked = [d for d in view["deadlines"] if d["kind"] == "response"]
            assert len(asked) == (1 if "party:subject" in SCOPES[role] else 0), role


@pytest.mark.parametrize("role", ROLES)
def test_documents_download_only_where_visible(app, world, role):
    client = client_as(app, world, role)
    prefix = {
        "reporter_code": "volgen",
        "anonymous": "volgen",
        **{r: "behandelen" for r in (*STAFF, "conflicted")},
    }.get(role, "mijn/zaken")
    refused = (403,) if role == "conflicted" else (302, 404)  # a conflict is told, not hidden
    for scope, file_id in world["files"].items():
        response = client.get(f"/{prefix}/{REFERENCE}/bijlagen/{file_id}")
        if scope in SCOPES[role]:
            assert response.status_code == 200 and response.data == PDF, (role, scope)
            assert response.headers["Content-Disposition"].startswith("attachment")
            assert response.headers["X-Content-Type-Options"] == "nosniff"
        else:
            assert response.status_code in refused, (role, scope)
            assert response.data != PDF
    # Another case's file through this case's address: nothing, whoever asks.
    assert client.get(f"/{prefix}/{REFERENCE}/bijlagen/{world['other_file']}").status_code in refused
    # A participant never downloads through the foundation's address.
    if role in PARTY_ROLES:
        for file_id in world["files"].values():
            assert client.get(f"/behandelen/{REFERENCE}/bijlagen/{file_id}").status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_may_do(app, world, role):
    client = client_as(app, world, role)
    reply, api_message, api_file, ask, add = ACTIONS[role]
    token = csrf_of(client.get("/").get_data(as_text=True))
    user = world["users"].get(role)
    headers = token_for(user) if user else {}

    response = client.post(
        f"/mijn/zaken/{REFERENCE}/reageren",
        data={"csrf_token": token, "body": "reply", "visibility": "parties"},
        content_type="multipart/form-data",
    )
    assert outcome(response) == reply, (role, "reply", response.status_code)
    if api_message is not None:
        response = client.post(
            f"/api/v1/cases/{REFERENCE}/messages", headers=headers, json={"body": "api", "visibility": "parties"}
        )
        assert outcome(response) == api_message, (role, "api message", response.status_code)
        response = client.post(
            f"/api/v1/cases/{REFERENCE}/attachments",
            headers=headers,
            data={"file": (io.BytesIO(PDF), "x.pdf"), "visibility": "parties"},
            content_type="multipart/form-data",
        )
        assert outcome(response) == api_file, (role, "api file", response.status_code)
    response = client.post(
        f"/behandelen/{REFERENCE}/reactie-vragen",
        data={"csrf_token": token, "organisation": str(world["orgs"]["claimant"].id), "question": "q", "days": "5"},
    )
    assert outcome(response) == ask, (role, "ask", response.status_code)
    response = client.post(
        f"/volgen/{REFERENCE}/aanvullen", data={"csrf_token": token, "body": "more"}, content_type="multipart/form-data"
    )
    assert outcome(response) == add, (role, "add", response.status_code)


# Per role, on measures against the subject: the staff measure page and list, the participant's measure page
# (in force, proposed), approving on the page, evidence on the participant's page; the API's decision (on
# another case in progress), approve and reject.
MEASURES = {
    "anonymous": ("login", "login", "login", "login", "login", "login", 401, 401, 401),
    "reporter_code": ("login", "login", "login", "login", "login", "login", None, None, None),
    **{role: (404, 404, 404, 404, 404, 404, 403, 404, 404) for role in PARTY_ROLES},
    "subject": (404, 404, 200, 404, 404, "ok", 403, 404, 404),
    "unrelated": (404, 404, 404, 404, 404, 404, 403, 404, 404),
    "supervisor": (200, 200, "staff", "staff", 403, "staff", 200, 403, 403),
    "coordinator": (200, 200, "staff", "staff", "ok", "staff", 200, 200, 200),
    "admin": (200, 200, "staff", "staff", 403, "staff", 403, 403, 403),
    "conflicted": (404, 200, "staff", "staff", 404, "staff", 404, 404, 404),
    "moved_reporter": (404, 404, 404, 404, 404, 404, 403, 404, 404),
}


@pytest.mark.parametrize("role", ROLES)
def test_measures_for_every_role(app, world, role):
    orgs, users = world["orgs"], world["users"]
    suspension = MeasureInput(kind="suspension", participant_id=orgs["subject"].id)
    # One proposal each for approving on the page, and approving and rejecting through the API.
    taken, proposed, for_api, for_reject = decisions.decide(
        world["case"],
        "advice",
        "Advies.",
        [MeasureInput(kind="warning", participant_id=orgs["subject"].id), suspension, suspension, suspension],
        actor=users["supervisor"],
    ).measures
    another = new_case(3, case_type="dispute", status="in_progress")
    another.parties.append(CaseParty(organisation_id=orgs["subject"].id, role="respondent"))
    db.session.commit()
    client = client_as(app, world, role)
    token = csrf_of(client.get("/").get_data(as_text=True))
    staff_page, staff_list, own, own_proposed, approve, evidence, api_decide, api_approve, api_reject = MEASURES[role]
    for path, expected in (
        (f"/zaken/maatregelen/{taken.id}", staff_page),
        ("/zaken/maatregelen", staff_list),
        (f"/mijn/maatregelen/{taken.id}", own),
        (f"/mijn/maatregelen/{proposed.id}", own_proposed),
    ):
        response = client.get(path)
        assert outcome(response) == expected, (role, path, response.status_code)
    response = client.post(f"/zaken/maatregelen/{proposed.id}/goedkeuren", data={"approve-csrf_token": token})
    assert outcome(response) == approve, (role, "approve", response.status_code)
    response = client.post(
        f"/mijn/maatregelen/{taken.id}/bewijs",
        data={"evidence-csrf_token": token, "evidence-body": "Gedaan."},
        content_type="multipart/form-data",
    )
    assert outcome(response) == evidence, (role, "evidence", response.status_code)
    if api_decide is None:
        return
    user = users.get(role)
    headers = token_for(user) if user else {}
    response = client.post(
        f"/api/v1/cases/{another.reference}/decision",
        headers=headers,
        # Who may decide is asked here, not whether both sides were heard.
        json={"outcome": "advice", "reasoning": "Advies.", "measures": [], "confirmMissingHearing": True},
    )
    assert response.status_code == api_decide, (role, "api decide")
    response = client.post(f"/api/v1/measures/{for_reject.id}/reject", headers=headers, json={"reason": "Nee."})
    assert response.status_code == api_reject, (role, "api reject")
    response = client.post(f"/api/v1/measures/{for_api.id}/approve", headers=headers)
    assert response.status_code == api_approve, (role, "api approve")


@pytest.mark.parametrize("role", ["unrelated", "subject"])
def test_guessing_references_and_ids_reveals_nothing(app, world, role):
    client = client_as(app, world, role)
    unknown = "GES-2026-99999"
    target = REFERENCE if role == "unrelated" else "GES-2026-00002"  # the subject is no party to case 2
    for path in ("/mijn/zaken/{}", "/volgen/{}", "/behandelen/{}", "/mijn/zaken/{}/bijlagen/1"):
        hidden, missing = client.get(path.format(target)), client.get(path.format(unknown))
        assert hidden.status_code == missing.status_code == 404
        # The same page, but for the address itself (in the language switch's return path).
        assert without_csrf_tokens(hidden.get_data(as_text=True).replace(target, unknown)) == without_csrf_tokens(
            missing.get_data(as_text=True)
        )
    headers = token_for(world["users"][role])
    hidden = client.get(f"/api/v1/cases/{target}", headers=headers)
    missing = client.get(f"/api/v1/cases/{unknown}", headers=headers)
    assert hidden.status_code == missing.status_code == 404 and hidden.get_json() == missing.get_json()
    listed = client.get("/api/v1/cases", headers=headers).get_json()["items"]
    assert [item["reference"] for item in listed] == ([] if role == "unrelated" else [REFERENCE])
    # Walking the ids of files on the own case yields only the visible ones.
    if role == "subject":
        found = {i for i in range(1, 20) if client.get(f"/mijn/zaken/{REFERENCE}/bijlagen/{i}").status_code == 200}
        assert found == {world["files"][s] for s in SCOPES["subject"]}


@pytest.mark.parametrize("role", ROLES)
def test_print_pages_answer_as_the_case_pages(app, world, role):
    """The printable report follows its case page: who may not read the page gets 404 (or the login)."""
    client = client_as(app, world, role)
    _staff_page, party_page, guest_page, _api = PAGES[role]
    for path, expected in (
        (f"/mijn/zaken/{REFERENCE}/afdrukken", party_page),
        (f"/volgen/{REFERENCE}/afdrukken", guest_page),
    ):
        response = client.get(path)
        assert outcome(response) == expected, (role, path, response.status_code)
        if response.status_code == 200:
            assert "<form" not in response.get_data(as_text=True).split("<main")[1].split("</main>")[0]


@pytest.mark.parametrize("role", [role for role in ROLES if role not in ("anonymous", "reporter_code")])
def test_the_event_feed_lists_exactly_the_roles_scopes(app, world, role):
    """GET /api/v1/events: the messages of the case reach each caller exactly as the case pages show them."""
    client = app.test_client()
    response = client.get("/api/v1/events?limit=200", headers=token_for(world["users"][role]))
    assert response.status_code == 200
    bodies = {item["data"]["body"] for item in response.get_json()["items"] if item["type"] == "case.message"}
    assert bodies == {f"item-{scope}" for scope in SCOPES[role]}, role


# Per role: the privacy pages (retention, its terms, a data subject's search, a user's and this case's access
# log, the processing register): the coordinators'; the processing register every staff member's.
PRIVACY_PAGES = (
    "/beheer/privacy/bewaartermijnen",
    "/beheer/privacy/bewaartermijnen/instellingen",
    "/beheer/privacy/betrokkene",
    "/beheer/privacy/gebruikers/{supervisor}/inzagelog",
    f"/beheer/privacy/zaken/{REFERENCE}/inzagelog",
    "/beheer/privacy/verwerkingsregister",
)
PRIVACY = {
    "anonymous": ("login",) * 6,
    "reporter_code": ("login",) * 6,
    **{role: (404,) * 6 for role in (*PARTY_ROLES, "unrelated", "moved_reporter")},
    **{role: (404,) * 5 + (200,) for role in ("supervisor", "admin", "conflicted")},
    "coordinator": (200,) * 6,
}


# The RFC desk (app/rfc/access.py): an RFC submitted, with a file, by the reporter organisation's user. Per
# role: the public register page, the submitter's page, the desk's page, the submission form, the API's status
# change (to qualified), the public API entry, an API submission, the file from the submitter's page and from
# the desk's page.
RFC_OUTCOMES = {
    "anonymous": (200, "login", "login", "login", 401, 200, 401, "login", "login"),
    "reporter_code": (200, "login", "login", "login", 401, 200, 401, "login", "login"),
    "reporter_org": (200, 200, 404, 200, 403, 200, "ok", 200, 404),
    **{
        role: (200, 404, 404, 200, 403, 200, "ok", 404, 404)
        for role in ("subject", "claimant", "respondent", "unrelated")
    },
    "moved_reporter": (200, 404, 404, 200, 403, 200, "ok", 404, 404),
    "supervisor": (200, 200, 200, 403, 200, 200, 403, 200, 200),
    "coordinator": (200, 200, 200, 403, 200, 200, 403, 200, 200),
    "conflicted": (200, 200, 200, 403, 200, 200, 403, 200, 200),
    "admin": (200, 200, 200, 403, 403, 200, 403, 200, 200),
}


@pytest.mark.parametrize("role", ROLES)
def test_privacy_pages_for_every_role(app, world, role):
    client = client_as(app, world, role)
    paths = [path.format(supervisor=world["users"]["supervisor"].id) for path in PRIVACY_PAGES]
    assert tuple(outcome(client.get(path)) for path in paths) == PRIVACY[role]


@pytest.mark.parametrize("role", ROLES)
def test_rfc_pages_and_endpoints_for_every_role(app, world, role):
    from tests.rfc.helpers import body

    submitter = world["users"]["reporter_org"]
    answer = app.test_client().post(
        "/api/v1/rfcs",
        data={"rfc": json.dumps(body(desiredMoment=None)), "files": [(io.BytesIO(PDF), "voorstel.pdf")]},
        headers=token_for(submitter),
        content_type="multipart/form-data",
    )
    reference = answer.get_json()["reference"]
    file_id = answer.get_json()["files"][0]["id"]
    client = client_as(app, world, role)
    user = world["users"].get(role)
    headers = token_for(user) if user is not None else {}
    got = (
        outcome(client.get(f"/rfc-register/{reference}")),
        outcome(client.get(f"/mijn/rfc/{reference}")),
        outcome(client.get(f"/behandelen-rfc/{reference}")),
        outcome(client.get("/melden/rfc")),
        client.post(f"/api/v1/rfcs/{reference}/transition", json={"to": "qualified"}, headers=headers).status_code,
        client.get(f"/api/v1/rfcs/{reference}").status_code,
        outcome(client.post("/api/v1/rfcs", json=body(desiredMoment=None), headers=headers)),
        outcome(client.get(f"/mijn/rfc/{reference}/bestanden/{file_id}")),
        outcome(client.get(f"/behandelen-rfc/{reference}/bestanden/{file_id}")),
    )
    assert got == RFC_OUTCOMES[role]
    page = client.get(f"/rfc-register/{reference}").get_data(as_text=True)
    content = page[page.index("<main") : page.index("</main>")]  # the header names whoever is logged in
    assert submitter.name not in content and submitter.email not in content
