"""`flask demo load` gives the demo register a conditional and a suspended keurmerk, and a few RFCs, once."""

from sqlalchemy import func, select

from app.cases.models import Case
from app.compliance.models import Measure, RegisterEvent
from app.extensions import db
from app.keurmerkregister import listing
from app.rfc.models import Rfc


def test_demo_load_decides_demo_complaints_once(app):
    app.config["DEMO_MODE"] = True
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "load"])
    assert first.exit_code == 0, first.output
    assert "Decided 2 demo complaints" in first.output and "Submitted 4 demo RFCs" in first.output
    again = runner.invoke(args=["demo", "load"])
    assert again.exit_code == 0 and "Decided" not in again.output and "Submitted" not in again.output
    statuses = sorted(db.session.scalars(select(Rfc.status)))
    assert statuses == ["in_progress", "rejected", "released", "to_prioritise"]

    counts = [db.session.scalar(select(func.count()).select_from(t)) for t in (Case, Measure, RegisterEvent)]
    assert counts == [2, 2, 2]
    assert all(title.startswith("Demo-gegevens") for title in db.session.scalars(select(Case.title)))
    statuses = {
        (row.organisation.name, item.status)
        for row in listing.participants()
        for item in row.keurmerken
        if item.status != "valid"
    }
    assert statuses == {("Vodix", "conditional"), ("Diataal", "suspended")}
    [suspension] = db.session.scalars(select(Measure).where(Measure.kind == "suspension"))
    assert suspension.approved_by.email == "coordinator2@demo.edu-v.nl"
    assert suspension.proposed_by.email == "coordinator@demo.edu-v.nl"
