"""POST /api/v1/cases/{reference}/messages and /attachments, and the participants' case list."""

import hashlib
import io

import pytest
from sqlalchemy import select

from app.auth.models import Role
from app.cases.models import Attachment, TimelineEvent
from app.extensions import db
from tests.api.helpers import assert_problem, token_for
from tests.helpers.clock import freeze
from tests.helpers.files import EXE, PDF
from tests.helpers.pages import nl
from tests.portal.helpers import file_dispute, mails_to, parties


@pytest.fixture()
def world(app, make_org, make_user):
    freeze()
    return parties(make_org, make_user)


def messages(reference: str) -> str:
    return f"/api/v1/cases/{reference}/messages"


def attachments(reference: str) -> str:
    return f"/api/v1/cases/{reference}/attachments"


def events(kind: str) -> list[TimelineEvent]:
    return list(db.session.scalars(select(TimelineEvent).where(TimelineEvent.kind == kind)))


def test_a_party_adds_a_shared_message_and_sees_it_in_its_view(client, world, dispute):
    response = client.post(
        messages(dispute.reference),
        headers=token_for(world["respondent"]),
        json={"body": "Wij betwisten dit.", "visibility": "parties"},
    )
    assert response.status_code == 201 and response.headers["API-Version"] == "1.2.0"
    assert "Wij betwisten dit." in [e["text"] for e in response.get_json()["timeline"]]
    assert "Wij betwisten" not in mails_to(world["claimant"].email)[-1].body_text
    # The dispute's response term is met by the respondent's reply.
    assert "response" not in {d["kind"] for d in response.get_json()["deadlines"] if d["state"] != "met"}


def test_a_message_for_the_foundation_only_is_not_in_the_other_partys_view(client, world, dispute):
    own = f"party:{world['leerlab'].id}"
    client.post(
        messages(dispute.reference),
        headers=token_for(world["respondent"]),
        json={"body": "Vertrouwelijk", "visibility": own},
    )
    other = client.get(f"/api/v1/cases/{dispute.reference}", headers=token_for(world["claimant"])).get_json()
    assert "Vertrouwelijk" not in [e["text"] for e in other["timeline"]]
    staff = client.get(f"/api/v1/cases/{dispute.reference}", headers=token_for(world["supervisor"])).get_json()
    assert "Vertrouwelijk" in [e["text"] for e in staff["timeline"]]


@pytest.mark.parametrize("visibility", ["reporter", "party:{vodix}", "everyone", None])
def test_a_participant_cannot_choose_a_visibility_beyond_its_own(client, world, dispute, visibility):
    body = {"body": "x"}
    if visibility is not None:
        body["visibility"] = visibility.format(vodix=world["vodix"].id)
    problem = assert_problem(
        client.post(messages(dispute.reference), headers=token_for(world["respondent"]), json=body), 422
    )
    assert "visibility" in problem["errors"]
    assert events("message") == []


def test_handlers_write_internal_notes_and_messages_admins_do_not(client, world, dispute, make_user):
    headers = token_for(world["supervisor"])
    note = client.post(messages(dispute.reference), headers=headers, json={"body": "Intern", "visibility": "internal"})
    assert note.status_code == 201 and events("note")[0].text == "Intern"
    to_one = client.post(
        messages(dispute.reference),
        headers=headers,
        json={"body": "Alleen Vodix", "visibility": f"party:{world['vodix'].id}"},
    )
    assert to_one.status_code == 201 and events("message")[0].visibility == f"party:{world['vodix'].id}"
    admin = make_user("admin@edu-v.example", Role.ADMIN)
    assert_problem(
        client.post(
            messages(dispute.reference), headers=token_for(admin), json={"body": "x", "visibility": "internal"}
        ),
        403,
    )


def test_bad_requests_get_the_right_problem(client, world, dispute, make_org, make_user):
    headers = token_for(world["respondent"])
    assert_problem(client.post(messages(dispute.reference), headers=headers, data="body=x"), 415)
    assert_problem(
        client.post(messages(dispute.reference), headers=headers, data="{not json", content_type="application/json"),
        400,
    )
    missing = assert_problem(
        client.post(messages(dispute.reference), headers=headers, json={"visibility": "parties"}), 422
    )
    assert "body" in missing["errors"]
    assert_problem(client.post(messages(dispute.reference), json={"body": "x", "visibility": "parties"}), 401)
    outsider = make_user("it@buiten.example", Role.PARTICIPANT, organisation=make_org("Buiten"))
    hidden = assert_problem(
        client.post(
            messages(dispute.reference), headers=token_for(outsider), json={"body": "x", "visibility": "parties"}
        ),
        404,
    )
    unknown = assert_problem(
        client.post(
            messages("GES-2026-09999"), headers=token_for(outsider), json={"body": "x", "visibility": "parties"}
        ),
        404,
    )
    assert hidden == unknown
    dispute.status = "closed"
    db.session.commit()
    assert_problem(
        client.post(messages(dispute.reference), headers=headers, json={"body": "x", "visibility": "parties"}), 409
    )


def test_a_party_uploads_a_document_kept_with_the_foundation_by_default(client, world, dispute):
    response = client.post(
        attachments(dispute.reference),
        headers=token_for(world["respondent"]),
        data={"file": (io.BytesIO(PDF), "contract.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 201, response.get_json()
    body = response.get_json()
    # Kept between the foundation and the party: the party reads its own scope as "internal".
    assert body["visibility"] == "internal"
    assert db.session.get(Attachment, body["id"]).visibility == f"party:{world['leerlab'].id}"
    assert body["sha256"] == hashlib.sha256(PDF).hexdigest() and body["contentType"] == "application/pdf"
    event = events("attachment")[0]
    assert event.data["files"][0]["sha256"] == body["sha256"]
    other = client.get(f"/api/v1/cases/{dispute.reference}", headers=token_for(world["claimant"])).get_json()
    assert "contract.pdf" not in [e["text"] for e in other["timeline"]]
    shared = client.post(
        attachments(dispute.reference),
        headers=token_for(world["respondent"]),
        data={"file": (io.BytesIO(PDF), "open.pdf"), "visibility": "parties"},
        content_type="multipart/form-data",
    )
    assert shared.get_json()["visibility"] == "parties"


def test_refused_uploads(client, app, world, dispute):
    app.config["MAX_UPLOAD_BYTES"] = 1024
    headers = token_for(world["respondent"])

    def upload(data, name="stuk.pdf", **extra):
        return client.post(
            attachments(dispute.reference),
            headers=headers,
            content_type="multipart/form-data",
            data={"file": (io.BytesIO(data), name), **extra},
        )

    disguised = assert_problem(upload(EXE, "offerte.pdf"), 422)
    assert disguised["errors"]["file"] == [
        nl("%(name)s is not a real .%(ext)s file, whatever its name says.", name="offerte.pdf", ext="pdf")
    ]
    too_large = assert_problem(upload(PDF + b"0" * 2048), 413)["detail"]
    assert too_large == nl("%(name)s is larger than %(limit)s MB.", name="stuk.pdf", limit=0.0)
    assert "visibility" in assert_problem(upload(PDF, visibility="reporter"), 422)["errors"]
    assert (
        "file"
        in assert_problem(
            client.post(attachments(dispute.reference), headers=headers, data={}, content_type="multipart/form-data"),
            422,
        )["errors"]
    )
    assert_problem(client.post(attachments(dispute.reference), headers=headers, json={"file": "x"}), 415)
    assert db.session.scalar(select(Attachment)) is None


def test_the_participants_list_is_filtered_by_organisation_in_the_query(client, world, dispute, make_org, make_user):
    file_dispute(world["claimant"], make_org("Derde"), title="Tegen een derde")
    listed = client.get("/api/v1/cases", headers=token_for(world["respondent"])).get_json()
    assert [item["reference"] for item in listed["items"]] == [dispute.reference]
    claimant = client.get("/api/v1/cases", headers=token_for(world["claimant"])).get_json()
    assert len(claimant["items"]) == 2
