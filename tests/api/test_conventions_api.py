"""What an integrator relies on across the API: safe retries, ETags and changes since, files both
ways, Location and Allow, CORS on the document only, register pages, deprecation headers."""

import io
import json
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from app import clock
from app.api import deprecation
from app.auth.models import Role
from app.cases.models import Attachment, Case, TimelineEvent
from app.extensions import db
from app.idempotency.models import IdempotentRequest
from app.idempotency.services import key_hash
from app.scheduler.jobs import purge_idempotency_keys
from tests.api.contract import document
from tests.api.helpers import assert_problem, breach, complaint, outage, token_for
from tests.helpers.clock import NOW, freeze
from tests.helpers.files import EXE, PDF
from tests.portal.helpers import file_dispute, parties

INCIDENTS, DISPUTES = "/api/v1/incidents", "/api/v1/disputes"


@pytest.fixture()
def world(app, make_org, make_user):
    freeze()
    return parties(make_org, make_user)


@pytest.fixture()
def dispute(world):
    """Vodix's claimant against Leerlab, filed through the service and committed."""
    return file_dispute(world["claimant"], world["leerlab"])


def _cases() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def _key(value: str) -> dict:
    return {"Idempotency-Key": value}


def _case(client, reference: str, user, **headers):
    return client.get(f"/api/v1/cases/{reference}", headers={**token_for(user), **headers})


def _dispute_body(respondent_id: int) -> dict:
    return {
        "respondentParticipantId": respondent_id,
        "title": "Leerlab levert geen Leermiddelgebruik",
        "description": "Sinds februari geen levering.",
        "agreement": "Afspraak Leermiddelgebruik",
        "priorAttempt": "Overleg op 12 en 26 februari.",
        "desiredOutcome": "Levering volgens de afspraak.",
    }


# -- Idempotency-Key ------------------------------------------------------------------------------


def test_a_retry_with_the_same_key_answers_the_first_answer_and_files_once(client, frozen_clock):
    first = client.post(INCIDENTS, json=outage(), headers=_key("7f1c-retry"))
    again = client.post(INCIDENTS, json=outage(), headers=_key("7f1c-retry"))
    assert first.status_code == again.status_code == 201
    assert again.get_json() == first.get_json()  # the same reference and the same follow-up code
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["Idempotent-Replayed"] == "true" and "Idempotent-Replayed" not in first.headers
    assert _cases() == 1
    # No key, or another key: a new report each time.
    assert client.post(INCIDENTS, json=outage(), headers=_key("7f1c-other")).status_code == 201
    assert client.post(INCIDENTS, json=outage()).status_code == 201
    assert _cases() == 3


def test_the_same_key_with_another_body_is_refused(client, frozen_clock):
    client.post(INCIDENTS, json=outage(), headers=_key("k-1"))
    problem = assert_problem(client.post(INCIDENTS, json=outage(title="Anders"), headers=_key("k-1")), 422)
    assert "Idempotency-Key" in problem["errors"]
    assert _cases() == 1


def test_a_key_is_the_callers_own(client, world):
    """Another caller (another token, or no token) with the same key files its own case."""
    claimant = token_for(world["claimant"])
    body = _dispute_body(world["leerlab"].id)
    assert client.post(DISPUTES, json=body, headers={**claimant, **_key("same")}).status_code == 201
    assert client.post(INCIDENTS, json=outage(), headers=_key("same")).status_code == 201
    assert _cases() == 2


def test_a_refused_request_leaves_its_key_free_for_the_corrected_one(client, frozen_clock):
    assert_problem(client.post(INCIDENTS, json=outage(title=""), headers=_key("fix-me")), 422)
    assert client.post(INCIDENTS, json=outage(), headers=_key("fix-me")).status_code == 201
    assert db.session.scalar(select(func.count()).select_from(IdempotentRequest)) == 1


def test_keys_expire_after_24_hours_and_the_scheduler_forgets_them(client, frozen_clock):
    client.post(INCIDENTS, json=outage(), headers=_key("daily"))
    clock.freeze(NOW + timedelta(hours=23, minutes=59))
    assert client.post(INCIDENTS, json=outage(), headers=_key("daily")).headers["Idempotent-Replayed"] == "true"
    clock.freeze(NOW + timedelta(hours=24, seconds=1))
    assert purge_idempotency_keys() == 1
    again = client.post(INCIDENTS, json=outage(), headers=_key("daily"))
    assert again.status_code == 201 and "Idempotent-Replayed" not in again.headers
    assert _cases() == 2


def test_a_request_still_being_handled_is_not_run_twice(client, frozen_clock):
    """The unique key is what stops a concurrent duplicate: a claimed key without an answer yet."""
    body = json.dumps(outage()).encode()
    first = client.post(INCIDENTS, data=body, content_type="application/json", headers=_key("busy"))
    row = db.session.scalar(select(IdempotentRequest))
    row.status, row.body = None, None  # as while the first request has not answered yet
    db.session.commit()
    busy = client.post(INCIDENTS, data=body, content_type="application/json", headers=_key("busy"))
    assert_problem(busy, 409)
    assert busy.headers["Retry-After"] == "1" and first.status_code == 201 and _cases() == 1
    duplicate = IdempotentRequest(key_hash=row.key_hash, fingerprint=row.fingerprint, created_at=clock.now())
    db.session.add(duplicate)
    with pytest.raises(Exception, match="(?i)unique"):
        db.session.flush()
    db.session.rollback()


@pytest.mark.parametrize("key", ["", "x" * 256, "spaties mogen niet", "ключ"])
def test_a_malformed_key_is_a_400(client, frozen_clock, key):
    problem = assert_problem(client.post(INCIDENTS, json=outage(), headers=_key(key)), 400)
    assert "Idempotency-Key" in problem["errors"] and _cases() == 0


def test_the_caller_and_key_are_stored_hashed(client, frozen_clock):
    client.post(INCIDENTS, json=outage(), headers=_key("secret-key"))
    row = db.session.scalar(select(IdempotentRequest))
    assert row.key_hash == key_hash("127.0.0.1", "secret-key") and "secret-key" not in row.key_hash


# -- files both ways ------------------------------------------------------------------------------


def _multipart(body: dict, *files: tuple[str, bytes]) -> dict:
    data = {"case": json.dumps(body)}
    if files:
        data["files"] = [(io.BytesIO(content), name) for name, content in files]
    return data


def test_a_dispute_is_filed_with_files_and_the_files_download(client, world):
    claimant = token_for(world["claimant"])
    response = client.post(
        DISPUTES,
        data=_multipart(_dispute_body(world["leerlab"].id), ("bewijs.pdf", PDF), ("log.txt", b"12:00 geen data\n")),
        headers=claimant,
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    files = response.get_json()["attachments"]
    assert [f["filename"] for f in files] == ["bewijs.pdf", "log.txt"]
    download = client.get(files[0]["url"], headers=claimant)
    assert download.status_code == 200 and download.data == PDF
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"
    assert download.mimetype == "application/pdf"


def _stored_files(app) -> set:
    return {p for p in app.config["UPLOAD_DIR"].rglob("*") if p.is_file()}


def test_a_bad_file_refuses_the_whole_report_and_names_the_file(client, world, app):
    claimant = token_for(world["claimant"])
    before = _stored_files(app)
    response = client.post(
        DISPUTES,
        data=_multipart(_dispute_body(world["leerlab"].id), ("goed.pdf", PDF), ("factuur.pdf", EXE)),
        headers=claimant,
        content_type="multipart/form-data",
    )
    problem = assert_problem(response, 422)
    assert any("factuur.pdf" in message for message in problem["errors"]["files"])
    assert _cases() == 0 and db.session.scalar(select(func.count()).select_from(Attachment)) == 0
    assert _stored_files(app) == before


def test_too_many_files_are_refused(client, app, frozen_clock):
    app.config["MAX_UPLOAD_FILES"] = 1
    data = _multipart(outage(), ("a.txt", b"a"), ("b.txt", b"b"))
    problem = assert_problem(client.post(INCIDENTS, data=data, content_type="multipart/form-data"), 422)
    assert "files" in problem["errors"] and _cases() == 0


def test_an_anonymous_incident_and_a_complaint_take_files_too(client, register_with_keurmerk, frozen_clock):
    incident = client.post(INCIDENTS, data=_multipart(breach(register_with_keurmerk.id), ("scherm.pdf", PDF)))
    assert incident.status_code == 201 and incident.get_json()["attachments"][0]["filename"] == "scherm.pdf"
    filed = client.post("/api/v1/complaints", data=_multipart(complaint(register_with_keurmerk.id), ("brief.pdf", PDF)))
    assert filed.status_code == 201 and len(filed.get_json()["attachments"]) == 1


@pytest.mark.parametrize(
    "data, member",
    [({"files": (io.BytesIO(PDF), "a.pdf")}, "case"), ({"case": "{niet json"}, None), ({"case": "[1]"}, None)],
)
def test_a_multipart_report_without_usable_json_is_refused(client, frozen_clock, data, member):
    response = client.post(INCIDENTS, data=data, content_type="multipart/form-data")
    problem = assert_problem(response, 422 if member else 400)
    if member:
        assert member in problem["errors"]
    assert _cases() == 0


def test_a_multipart_retry_with_the_same_key_files_once(client, frozen_clock):
    for _ in range(2):
        response = client.post(INCIDENTS, data=_multipart(outage(), ("a.pdf", PDF)), headers=_key("mp"))
        assert response.status_code == 201
    assert _cases() == 1 and db.session.scalar(select(func.count()).select_from(Attachment)) == 1


def test_a_file_the_caller_may_not_see_answers_as_a_missing_one(client, world, dispute):
    staff = token_for(world["supervisor"])
    internal = client.post(
        f"/api/v1/cases/{dispute.reference}/attachments",
        data={"file": (io.BytesIO(PDF), "intern.pdf"), "visibility": "internal"},
        headers=staff,
    )
    assert internal.status_code == 201
    url = internal.headers["Location"]
    assert url == internal.get_json()["url"]
    assert client.get(url, headers=staff).data == PDF
    hidden = client.get(url, headers=token_for(world["claimant"]))
    missing = client.get(f"/api/v1/cases/{dispute.reference}/attachments/999999", headers=token_for(world["claimant"]))
    assert assert_problem(hidden, 404) == assert_problem(missing, 404)
    assert "intern.pdf" not in [
        f["filename"] for f in _case(client, dispute.reference, world["claimant"]).get_json()["attachments"]
    ]


# -- ETag, If-None-Match and updatedSince ---------------------------------------------------------


def test_a_case_answer_carries_an_etag_and_answers_304_while_unchanged(client, world, dispute):
    first = _case(client, dispute.reference, world["claimant"])
    etag = first.headers["ETag"]
    same = _case(client, dispute.reference, world["claimant"], **{"If-None-Match": etag})
    assert same.status_code == 304 and same.data == b"" and same.headers["ETag"] == etag
    client.post(
        f"/api/v1/cases/{dispute.reference}/messages",
        json={"body": "Nieuw bericht", "visibility": "parties"},
        headers=token_for(world["respondent"]),
    )
    changed = _case(client, dispute.reference, world["claimant"], **{"If-None-Match": etag})
    assert changed.status_code == 200 and changed.headers["ETag"] != etag


def test_an_internal_note_does_not_change_what_a_party_is_shown(client, world, dispute):
    etag = _case(client, dispute.reference, world["claimant"]).headers["ETag"]
    client.post(
        f"/api/v1/cases/{dispute.reference}/messages",
        json={"body": "Alleen intern", "visibility": "internal"},
        headers=token_for(world["supervisor"]),
    )
    assert _case(client, dispute.reference, world["claimant"], **{"If-None-Match": etag}).status_code == 304
    # The foundation sees the note: for staff the same case now has another tag.
    assert _case(client, dispute.reference, world["supervisor"]).headers["ETag"] != etag


def test_the_follow_up_view_carries_an_etag(client, frozen_clock):
    filed = client.post(INCIDENTS, json=outage()).get_json()
    answer = client.post("/api/v1/follow-up", json={"reference": filed["reference"], "code": filed["followUpCode"]})
    assert answer.status_code == 200 and answer.headers["ETag"]


def test_updated_since_lists_the_cases_changed_since(client, world, dispute):
    later = file_dispute(world["claimant"], world["leerlab"], title="Tweede geschil")
    staff = token_for(world["supervisor"])
    clock.freeze(NOW + timedelta(hours=2))
    client.post(
        f"/api/v1/cases/{dispute.reference}/messages",
        json={"body": "Vraag", "visibility": "parties"},
        headers=staff,
    )
    since = (NOW + timedelta(hours=1)).isoformat()
    listed = client.get("/api/v1/cases", query_string={"updatedSince": since}, headers=staff).get_json()["items"]
    assert [c["reference"] for c in listed] == [dispute.reference]
    everything = client.get("/api/v1/cases", query_string={"updatedSince": NOW.isoformat()}, headers=staff)
    assert {c["reference"] for c in everything.get_json()["items"]} == {dispute.reference, later.reference}


@pytest.mark.parametrize(
    "value", ["gisteren", "2026-03-10", "2026-03-10T10:00:00", "2026-02-30T10:00:00Z", "0001-01-01T00:00:00+01:00"]
)
def test_a_bad_updated_since_is_a_400(client, world, value):
    response = client.get("/api/v1/cases", query_string={"updatedSince": value}, headers=token_for(world["supervisor"]))
    assert "updatedSince" in assert_problem(response, 400)["errors"]


# -- Location, Allow, CORS --------------------------------------------------------------------------


def test_every_201_names_what_it_created(client, world, dispute, frozen_clock):
    message = client.post(
        f"/api/v1/cases/{dispute.reference}/messages",
        json={"body": "Zie bijlage", "visibility": "parties"},
        headers=token_for(world["respondent"]),
    )
    location = message.headers["Location"]
    assert location.startswith(f"/api/v1/cases/{dispute.reference}#event-")
    event_id = int(location.rpartition("-")[2])
    assert {"id": event_id, "text": "Zie bijlage"}.items() <= next(
        e for e in message.get_json()["timeline"] if e["id"] == event_id
    ).items()
    assert db.session.get(TimelineEvent, event_id).text == "Zie bijlage"
    filed = client.post(INCIDENTS, json=outage()).get_json()
    added = client.post(
        "/api/v1/follow-up/messages",
        json={"reference": filed["reference"], "code": filed["followUpCode"], "body": "Aanvulling"},
    )
    assert added.status_code == 201 and added.headers["Location"].startswith(
        f"/api/v1/cases/{filed['reference']}#event-"
    )


def test_the_document_gives_every_201_a_location_and_every_post_the_key():
    for path, item in document()["paths"].items():
        for method, operation in item.items():
            for code, answer in operation["responses"].items():
                if code == "201":
                    assert "Location" in answer["headers"], path
            if method == "post":
                assert {"$ref": "#/components/parameters/IdempotencyKey"} in operation["parameters"], path


@pytest.mark.parametrize(
    "method, path", [("put", "/api/v1/incidents"), ("delete", "/api/v1/register"), ("post", "/api/v1/cases")]
)
def test_a_method_not_allowed_says_which_are(client, method, path):
    response = getattr(client, method)(path)
    assert_problem(response, 405)
    assert set(response.headers["Allow"].replace(" ", "").split(",")) >= {"OPTIONS"}
    assert ("POST" if path == "/api/v1/incidents" else "GET") in response.headers["Allow"]


def test_only_the_openapi_document_is_readable_from_other_origins(client, world):
    origin = {"Origin": "https://integrator.example"}
    document_answer = client.get("/api/v1/openapi.json", headers=origin)
    assert document_answer.headers["Access-Control-Allow-Origin"] == "*"
    preflight = client.options("/api/v1/openapi.json", headers={**origin, "Access-Control-Request-Method": "GET"})
    assert preflight.status_code == 200 and preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert "GET" in preflight.headers["Access-Control-Allow-Methods"]
    for path in ("/api/v1/register", "/api/v1/cases", "/api/v1/changelog"):
        answer = client.get(path, headers={**origin, **token_for(world["supervisor"])})
        assert "Access-Control-Allow-Origin" not in answer.headers, path
    filed = client.post(INCIDENTS, json=outage(), headers=origin)
    assert filed.status_code == 201 and "Access-Control-Allow-Origin" not in filed.headers


# -- register pages ---------------------------------------------------------------------------------


def test_the_register_pages_like_the_cases(client, make_org):
    for name in ("Cbeta", "Adelta", "Bgamma"):
        make_org(name)
    whole = client.get("/api/v1/register").get_json()
    assert [p["name"] for p in whole] == ["Adelta", "Bgamma", "Cbeta"]  # without paging: the list, as in 1.0.0
    names, cursor = [], None
    while True:
        page = client.get("/api/v1/register", query_string={"limit": 2, **({"cursor": cursor} if cursor else {})})
        body = page.get_json()
        names += [p["name"] for p in body["items"]]
        cursor = body["nextCursor"]
        if cursor is None:
            break
    assert names == ["Adelta", "Bgamma", "Cbeta"]


@pytest.mark.parametrize(
    "query", [{"limit": 0}, {"limit": 101}, {"limit": "twee"}, {"cursor": "kapot"}, {"cursor": "WzFd"}]
)
def test_a_bad_register_page_is_a_400(client, make_org, query):
    make_org("Adelta")
    problem = assert_problem(client.get("/api/v1/register", query_string=query), 400)
    assert set(problem["errors"]) == set(query)


# -- a party's internal, and deprecation ----------------------------------------------------------


def test_a_partys_internal_message_is_for_the_foundation_and_itself(client, world, dispute):
    sent = client.post(
        f"/api/v1/cases/{dispute.reference}/messages",
        json={"body": "Alleen voor de stichting", "visibility": "internal"},
        headers=token_for(world["respondent"]),
    )
    assert sent.status_code == 201 and "Deprecation" not in sent.headers
    assert "Alleen voor de stichting" in [e["text"] for e in sent.get_json()["timeline"]]
    written = next(e["id"] for e in sent.get_json()["timeline"] if e["text"] == "Alleen voor de stichting")
    stored = db.session.get(TimelineEvent, written)
    assert stored.visibility == f"party:{world['leerlab'].id}"
    other = _case(client, dispute.reference, world["claimant"]).get_json()
    assert "Alleen voor de stichting" not in [e["text"] for e in other["timeline"]]
    staff = _case(client, dispute.reference, world["supervisor"]).get_json()
    assert "Alleen voor de stichting" in [e["text"] for e in staff["timeline"]]


def test_a_partys_own_scope_alias_still_works_and_is_marked_deprecated(client, world, dispute):
    own = f"party:{world['leerlab'].id}"
    headers = token_for(world["respondent"])
    sent = client.post(
        f"/api/v1/cases/{dispute.reference}/messages", json={"body": "Oud", "visibility": own}, headers=headers
    )
    assert sent.status_code == 201
    assert sent.headers["Deprecation"] == "@1796342400"  # 2026-12-04T00:00:00Z
    assert sent.headers["Sunset"] == "Wed, 30 Jun 2027 00:00:00 GMT"
    assert 'rel="deprecation"' in sent.headers["Link"]
    upload = client.post(
        f"/api/v1/cases/{dispute.reference}/attachments",
        data={"file": (io.BytesIO(PDF), "eigen.pdf")},
        headers=headers,
    )
    # No choice: the foundation only, named as the party names it, and nothing deprecated was used.
    assert upload.get_json()["visibility"] == "internal" and "Deprecation" not in upload.headers
    assert client.get(upload.headers["Location"], headers=token_for(world["claimant"])).status_code == 404


def test_a_deprecated_operation_says_so_in_its_answers_and_the_document(client, app, monkeypatch):
    gone = deprecation.Deprecation(NOW.date(), (NOW + timedelta(days=200)).date(), "Use something else.")
    monkeypatch.setitem(deprecation.OPERATIONS, ("get", "/register/{participantId}"), gone)
    answer = client.get("/api/v1/register/1")
    assert answer.headers["Deprecation"] == f"@{int(NOW.replace(hour=0).timestamp())}"
    assert answer.headers["Sunset"].endswith("GMT")
    from app.api import openapi

    operation = openapi.document("m@example.org", "https://x.example")["paths"]["/register/{participantId}"]["get"]
    assert operation["deprecated"] is True and "Use something else." in operation["description"]
    assert "Deprecation" not in client.get("/api/v1/register").headers


def test_the_changelog_is_served_and_linked_from_the_document(client):
    changelog = client.get("/api/v1/changelog")
    assert changelog.status_code == 200 and changelog.mimetype == "text/markdown"
    text = changelog.get_data(as_text=True)
    assert "## 1.2.0" in text and "## 1.1.0" in text and "## 1.0.0" in text and "Deprecation policy" in text
    info = client.get("/api/v1/openapi.json").get_json()["info"]
    assert "/api/v1/changelog" in info["description"] and info["version"] == "1.2.0"


def test_the_party_alias_is_documented_as_deprecated():
    visibility = document()["components"]["schemas"]["CaseMessageRequest"]["properties"]["visibility"]
    assert "deprecated" in visibility["description"]


def test_a_party_answer_never_names_another_partys_scope(client, world, dispute):
    assert Role.PARTICIPANT  # the claimant is a participant's user
    view = _case(client, dispute.reference, world["claimant"]).get_json()
    assert all(not f["visibility"].startswith("party:") for f in view["attachments"])
