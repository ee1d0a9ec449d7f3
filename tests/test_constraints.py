"""The database itself refuses codes the domain does not declare (CHECK constraints), on SQLite and PostgreSQL."""

from datetime import date

import pytest
from sqlalchemy import CheckConstraint, text
from sqlalchemy.exc import IntegrityError

from app import clock
from app.auth.models import Role
from app.cases import timeline
from app.cases.models import Attachment, CaseParty
from app.compliance.models import Decision, Measure, RegisterEvent
from app.extensions import db
from app.notify.models import OutboxMessage
from app.privacy.models import RetentionSetting
from app.register.models import Keurmerk, Product
from app.rfc.models import Release, Rfc, RfcEvent
from app.sla.policy_models import SlaPolicy
from tests.cases.helpers import add_deadline, new_case
from tests.helpers.clock import NOW

# One row in every constrained table; each test changes one column of it.
REFUSED = [
    ("cases", "status", "open"),
    ("cases", "type", "question"),
    ("cases", "category", "datalek"),
    ("cases", "severity", "high"),
    ("case_parties", "role", "witness"),
    ("reference_counters", "case_type", "question"),
    ("timeline_events", "kind", "comment"),
    ("timeline_events", "visibility", "everyone"),
    ("timeline_events", "visibility", "party:"),
    ("timeline_events", "visibility", "party:abc"),
    ("timeline_events", "visibility", "party:12x"),
    ("timeline_events", "visibility", "Party:12"),
    ("attachments", "visibility", "public"),
    ("deadlines", "kind", "lunch"),
    ("deadlines", "basis", "fortnights"),
    ("sla_policies", "case_type", "question"),
    ("sla_policies", "kind", "lunch"),
    ("sla_policies", "basis", "fortnights"),
    ("decisions", "outcome", "maybe"),
    ("measures", "kind", "fine"),
    ("measures", "status", "pending"),
    ("register_events", "status", "expired"),
    ("register_events", "previous", "expired"),
    ("outbox_messages", "status", "bounced"),
    ("outbox_messages", "channel", "fax"),
    ("api_events", "type", "case.deleted"),
    ("api_events", "case_id", None),  # neither a case's event nor an RFC's
    ("rfcs", "status", "open"),
    ("rfcs", "type", "huge"),
    ("rfcs", "priority", "urgent"),
    ("rfcs", "proposed_type", "huge"),
    ("rfcs", "proposed_priority", "urgent"),
    ("rfcs", "variant", "techniek"),
    ("rfcs", "side", "both"),
    ("rfcs", "held_from", "paused"),
    ("rfcs", "gegevensdienst", "Roosters"),
    ("rfc_events", "kind", "comment"),
    ("rfc_events", "visibility", "everyone"),
    ("rfc_releases", "kind", "major"),
    ("users", "role", "superuser"),
    ("organisations", "kind", "school"),
    ("retention_settings", "retention_class", "forever"),
    ("access_log", "action", "peek"),
]
ACCEPTED = [
    ("timeline_events", "visibility", "party:12"),
    ("timeline_events", "visibility", "reporter"),
    ("attachments", "visibility", "party:7"),
    ("cases", "category", None),
    ("register_events", "previous", None),
    ("reference_counters", "case_type", "rfc"),
    ("rfcs", "gegevensdienst", None),
]


@pytest.fixture()
def one_of_each(app, make_org, make_user):
    org = make_org("Vodix")
    user = make_user("handler@edu-v.example", Role.SUPERVISOR)
    case = new_case(1)
    case.parties.append(CaseParty(organisation_id=org.id, role="subject"))
    db.session.execute(
        text("INSERT INTO reference_counters (case_type, year, last_number) VALUES ('incident', 2026, 1)")
    )
    event = timeline.append(case, "note", "a note", actor=user, at=NOW)
    timeline.append(case, "received", actor=user, at=NOW, visibility="parties")  # an API event (case.filed)
    db.session.add(
        Attachment(
            case_id=case.id,
            event=event,
            filename="a.txt",
            content_type="text/plain",
            size=1,
            sha256="0" * 64,
            storage_key="0" * 32,
            visibility="internal",
            uploaded_by_label="Handler",
        )
    )
    add_deadline(case, "resolution", NOW)
    product = Product(organisation=org, name="Vodix Toets", referentiecomponent="Toetssysteem")
    keurmerk = Keurmerk(product=product, gegevensdienst="Leerresultaten", granted_on=date(2026, 1, 1))
    decision = Decision(case=case, outcome="resolved", reasoning="Done.")
    measure = Measure(
        case=case,
        decision=decision,
        kind="warning",
        participant_id=org.id,
        reasoning="Why.",
        status="in_force",
        starts_on=date(2026, 3, 10),
    )
    db.session.add_all([keurmerk, decision, measure])
    db.session.flush()
    db.session.add(
        RegisterEvent(
            participant_id=org.id,
            keurmerk_id=keurmerk.id,
            status="conditional",
            previous="valid",
            measure_id=measure.id,
        )
    )
    db.session.add(
        SlaPolicy(
            case_type="incident",
            variant="incident",
            kind="resolution",
            basis="business",
            amount=3600,
            warn_fraction=0.5,
        )
    )
    db.session.add(
        OutboxMessage(key="k", recipient="a@example.org", subject="S", body_text="B", next_attempt_at=clock.now())
    )
    db.session.add(RetentionSetting(retention_class="incident", years=3))
    _an_rfc(org, user)
    db.session.commit()


def _an_rfc(org, user) -> None:
    """An RFC in a release, with one event (not an API event: api_events keeps one row, the case's)."""
    release = Release(name="2026.1", kind="feature", planned_on=date(2026, 4, 1))
    rfc = Rfc(
        reference="RFC-2026-00001",
        title="T",
        variant="privacy",
        type="minor",
        priority="minor",
        proposed_type="minor",
        proposed_priority="minor",
        agreement="A",
        gegevensdienst="Leerresultaten",
        side="source",
        held_from="qualified",
        description="D",
        rationale="R",
        contact_name="N",
        contact_email="n@example.org",
        redacted_names=[],
        release=release,
    )
    db.session.add(rfc)
    db.session.flush()
    db.session.add(
        RfcEvent(
            rfc_id=rfc.id, seq=1, at=NOW, actor_label="x", kind="status", visibility="public", prev_hash="0", hash="1"
        )
    )


def _set(table: str, column: str, value) -> None:
    if table == "access_log":  # append-only: a trigger refuses every UPDATE, so the value goes into a new row
        db.session.execute(
            text("INSERT INTO access_log (at, user_label, action, detail) VALUES (:at, 'x', :value, '')"),
            {"at": NOW.replace(tzinfo=None), "value": value},
        )
        db.session.flush()
        return
    db.session.execute(text(f"UPDATE {table} SET {column} = :value"), {"value": value})  # nosec B608 - names from this file
    db.session.flush()


@pytest.mark.parametrize("table, column, value", REFUSED)
def test_the_database_refuses_an_undeclared_value(one_of_each, table, column, value):
    with pytest.raises(IntegrityError, match=f"ck_{table}_{column}"):
        _set(table, column, value)
    db.session.rollback()


@pytest.mark.parametrize("table, column, value", ACCEPTED)
def test_the_database_accepts_declared_values(one_of_each, table, column, value):
    _set(table, column, value)
    db.session.commit()


def test_every_check_constraint_is_tried():
    constrained = {
        (table.name, constraint.name.removeprefix(f"ck_{table.name}_"))
        for table in db.metadata.tables.values()
        for constraint in table.constraints
        if isinstance(constraint, CheckConstraint)
    }
    assert constrained == {(table, column) for table, column, _value in REFUSED}
