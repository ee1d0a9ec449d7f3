"""Upload files live exactly as long as the rows that name them: a refused or failed transaction
leaves no file behind, a committed one is readable."""

import io
from pathlib import Path

import pytest
from sqlalchemy import func, select

from app.cases.models import Attachment
from app.cases.services import case_records as cases
from app.cases.uploads import check
from app.extensions import db
from tests.cases.helpers import new_case
from tests.intake.helpers import breach_form, submit_incident

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _files(app) -> list[Path]:
    return [path for path in Path(app.config["UPLOAD_DIR"]).rglob("*") if path.is_file()]


@pytest.fixture()
def case(app):
    for path in _files(app):  # what earlier tests stored in the shared folder
        path.unlink()
    made = new_case(1)
    db.session.commit()
    return made


def test_a_committed_file_is_readable(app, case):
    attachment = cases.attach(case, check("verslag.pdf", PDF, 10_000), visibility="internal")
    db.session.commit()
    assert cases.storage().read(attachment.storage_key) == PDF
    assert len(_files(app)) == 1


def test_a_rolled_back_file_is_removed(app, case):
    cases.attach(case, check("verslag.pdf", PDF, 10_000), visibility="internal")
    db.session.flush()
    assert len(_files(app)) == 1  # on disk before the commit, so a committed row never lacks its file
    db.session.rollback()
    assert _files(app) == []


def test_a_session_closed_without_commit_leaves_no_file(app, case):
    cases.attach(case, check("verslag.pdf", PDF, 10_000), visibility="internal")
    db.session.remove()  # what the end of a request does with a transaction nobody committed
    assert _files(app) == []


def test_files_committed_earlier_survive_a_later_rollback(app, case):
    kept = cases.attach(case, check("eerste.pdf", PDF, 10_000), visibility="internal")
    db.session.commit()
    cases.attach(db.session.get(type(case), case.id), check("tweede.pdf", PDF, 10_000), visibility="internal")
    db.session.rollback()
    assert [path.name for path in _files(app)] == [kept.storage_key]


def test_a_filing_that_fails_after_its_files_were_stored_leaves_none(client, app, register_with_keurmerk, monkeypatch):
    for path in _files(app):
        path.unlink()

    def refuse(*_args, **_kwargs):
        raise RuntimeError("the acknowledgement could not be written")

    monkeypatch.setattr("app.intake.notices.acknowledge", refuse)
    response = submit_incident(client, breach_form(register_with_keurmerk.id), [(io.BytesIO(PDF), "verslag.pdf")])
    assert response.status_code == 500
    assert _files(app) == []
    assert db.session.scalar(select(func.count()).select_from(Attachment)) == 0
