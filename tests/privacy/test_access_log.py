"""The access log: staff looks at a data breach, downloads and exports are recorded; nobody can change it."""

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import DatabaseError

from app.audit.models import AccessLogEntry
from app.cases.models import Attachment
from app.extensions import db
from tests.api.helpers import token_for
from tests.helpers.login import login
from tests.helpers.pages import english
from tests.intake.helpers import follow

from .helpers import desk, file_breach

pytestmark = pytest.mark.usefixtures("frozen_clock")


@pytest.fixture()
def world(app, make_user, make_org):
    return desk(make_user, make_org)


def entries() -> list[tuple[str, str, str | None]]:
    db.session.expire_all()
    rows = db.session.scalars(select(AccessLogEntry).order_by(AccessLogEntry.id))
    return [(row.user_label, row.action, row.case_reference) for row in rows]


def rows(response) -> str:
    """The log table's rows only (the page header names the logged-in user too)."""
    html = response.get_data(as_text=True)
    return html.split("<tbody>")[1].split("</tbody>")[0]


def staff_client(app, email):
    client = app.test_client()
    login(client, email)
    english(client)
    return client


def test_staff_views_and_downloads_of_a_breach_are_logged_and_the_reporters_are_not(app, client, world):
    case, code = file_breach(client, world["vodix"].id)
    follow(client, case.reference, code)
    assert client.get(f"/volgen/{case.reference}").status_code == 200
    assert entries() == []  # the reporter's own looks are not logged against them

    sam = staff_client(app, "sam@edu-v.example")
    assert sam.get(f"/behandelen/{case.reference}").status_code == 200
    file_id = db.session.scalar(select(Attachment.id).where(Attachment.case_id == case.id))
    assert sam.get(f"/behandelen/{case.reference}/bijlagen/{file_id}").status_code == 200
    api = app.test_client().get(f"/api/v1/cases/{case.reference}", headers=token_for(world["sam"]))
    assert api.status_code == 200
    through_api = app.test_client().get(
        f"/api/v1/cases/{case.reference}/attachments/{file_id}", headers=token_for(world["sam"])
    )
    assert through_api.status_code == 200
    assert entries() == [
        ("Sam Supervisor", "view_case", case.reference),
        ("Sam Supervisor", "download", case.reference),
        ("Sam Supervisor", "view_case_api", case.reference),
        ("Sam Supervisor", "download", case.reference),
    ]

    cora = staff_client(app, "cora@edu-v.example")
    page = cora.get(f"/behandelen/{case.reference}").get_data(as_text=True)
    assert f"/beheer/privacy/zaken/{case.reference}/inzagelog" in page  # linked from the case
    log = rows(cora.get(f"/beheer/privacy/zaken/{case.reference}/inzagelog"))
    assert log.count("Sam Supervisor") == 4 and "Downloaded a file" in log and "Cora Coordinator" in log
    per_user = rows(cora.get(f"/beheer/privacy/gebruikers/{world['sam'].id}/inzagelog"))
    assert "Read the case through the API" in per_user and "Cora Coordinator" not in per_user
    assert sam.get(f"/beheer/privacy/zaken/{case.reference}/inzagelog").status_code == 404


def test_views_of_other_cases_are_not_logged_but_their_downloads_are(app, client, world):
    case, _code = file_breach(client, world["vodix"].id, category="security")
    sam = staff_client(app, "sam@edu-v.example")
    sam.get(f"/behandelen/{case.reference}")
    file_id = db.session.scalar(select(Attachment.id).where(Attachment.case_id == case.id))
    sam.get(f"/behandelen/{case.reference}/bijlagen/{file_id}")
    assert entries() == [("Sam Supervisor", "download", case.reference)]


def test_the_database_refuses_to_change_or_delete_an_entry(app, client, world):
    case, _code = file_breach(client, world["vodix"].id)
    staff_client(app, "sam@edu-v.example").get(f"/behandelen/{case.reference}")
    for statement in ("UPDATE access_log SET user_label = 'nobody'", "DELETE FROM access_log"):
        with pytest.raises(DatabaseError, match="append-only"):
            db.session.execute(text(statement))
        db.session.rollback()
    assert entries() == [("Sam Supervisor", "view_case", case.reference)]
