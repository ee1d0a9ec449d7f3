"""A register and a complaint in progress, filed through the services, for the compliance tests."""

from datetime import date, datetime

from sqlalchemy import func, select

from app import clock
from app.auth.models import Role
from app.cases.services import handling
from app.compliance.models import Decision, Measure
from app.compliance.services import keurmerk_status
from app.extensions import db
from app.intake.services.filing import ComplaintReport, Reporter, file_complaint
from app.register.models import Keurmerk, Organisation, Product


def supplier(name: str = "Vodix", services=("Leerresultaten", "Onderwijsdeelnemers")) -> Organisation:
    """A participant with one product holding a keurmerk per gegevensdienst."""
    org = Organisation(
        name=name,
        kind="supplier",
        is_participant=True,
        category="Leermiddelen- en toetsaanbieder",
        stage="Deelnemersovereenkomst",
        contact_email=f"security@{name.lower()}.example",
    )
    product = Product(organisation=org, name=f"{name} Toets", referentiecomponent="Digitaal toetssysteem")
    for service in services:
        product.keurmerken.append(Keurmerk(gegevensdienst=service, granted_on=date(2025, 9, 1)))
    db.session.add(org)
    db.session.flush()
    return org


def people(make_user, vodix: Organisation) -> dict:
    return {
        "sam": make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam"),
        "cora": make_user("cora@edu-v.example", Role.COORDINATOR, name="Cora"),
        "carl": make_user("carl@edu-v.example", Role.COORDINATOR, name="Carl"),
        "pia": make_user("pia@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Pia"),
    }


def complaint_in_progress(vodix: Organisation, actor):
    """A school's complaint about `vodix`, admissible and being handled."""
    return complaint_with_code(vodix, actor)[0]


def complaint_with_code(vodix: Organisation, actor):
    """complaint_in_progress() and the follow-up code its guest complainant was given."""
    report = ComplaintReport(
        reporter=Reporter("Anna de Vries", "anna@school.example", organisation="Basisschool De Linde"),
        participant_id=vodix.id,
        title="Cijfers zichtbaar voor andere scholen",
        description="Onze leerlingresultaten waren zichtbaar voor een andere school.",
        occurred_on=date(2026, 3, 2),
        raised_with_participant=True,
    )
    filed = file_complaint(report)
    case, code = filed.case, filed.code
    handling.triage(case, True, None, actor=actor)
    db.session.commit()
    return case, code


def keurmerk(org: Organisation, service: str = "Leerresultaten") -> Keurmerk:
    return next(k for p in org.products for k in p.keurmerken if k.gegevensdienst == service)


def at(moment: datetime) -> None:
    clock.freeze(moment)


def status_of(mark: Keurmerk) -> str:
    """The keurmerk's status today, as the register derives it."""
    return keurmerk_status.statuses([mark])[mark.id].status


def cause_of(mark: Keurmerk):
    return keurmerk_status.statuses([mark])[mark.id].cause


def nothing_decided(desk) -> bool:
    """The desk's case is still in progress, with no decision and no measure stored."""
    db.session.expire_all()
    return (
        desk["case"].status == "in_progress"
        and db.session.scalar(select(func.count(Decision.id))) == 0
        and db.session.scalar(select(func.count(Measure.id))) == 0
    )
