"""The RFC tests' world: a supplier and its submitter, the change manager and an analyst, and a submission."""

from datetime import date

from app.auth.models import Role
from app.extensions import db
from app.register.models import Keurmerk, Product
from tests.helpers.login import login
from tests.helpers.pages import csrf_token


def rfc_world(make_org, make_user) -> dict:
    supplier = make_org("Vodix", category="Leermiddelen- en toetsaanbieder")
    other = make_org("Heutink")
    board = make_org("Stichting Primair", kind="school_board")
    return {
        "supplier": supplier,
        "other": other,
        "board": board,
        "submitter": make_user("sanne@vodix.example", Role.PARTICIPANT, organisation=supplier, name="Sanne Smit"),
        "colleague": make_user("piet@vodix.example", Role.PARTICIPANT, organisation=supplier),
        "stranger": make_user("olga@heutink.example", Role.PARTICIPANT, organisation=other),
        "analyst": make_user("ada@edu-v.example", Role.SUPERVISOR, name="Ada Analist"),
        "manager": make_user("carl@edu-v.example", Role.COORDINATOR, name="Carl Changemanager"),
        "admin": make_user("root@edu-v.example", Role.ADMIN),
    }


def live_service(org, gegevensdienst: str = "Leerresultaten") -> None:
    """A keurmerk for the data service: participants already run it."""
    product = Product(organisation=org, name="Vodix Toets", referentiecomponent="Digitaal toetssysteem")
    product.keurmerken.append(Keurmerk(gegevensdienst=gegevensdienst, granted_on=date(2026, 3, 1)))
    db.session.add(product)
    db.session.commit()


def body(**changes) -> dict:
    """A complete RFC as a supplier's system sends it."""
    data = {
        "title": "Leerresultaten: toetsversie meesturen",
        "variant": "gegevensdienst",
        "type": "minor",
        "priority": "minor",
        "agreement": "Afspraak Leerresultaten v1.2",
        "gegevensdienst": "Leerresultaten",
        "referenceComponent": "Digitaal toetssysteem",
        "description": "Voeg de versie van de toets toe aan elk resultaat.",
        "example": "School X ziet niet welke versie van de toets een leerling maakte.",
        "rationale": "Zonder versie zijn resultaten niet te vergelijken.",
        "desiredMoment": "2026-09-01",
    }
    data.update(changes)
    return data


FORM = {
    "title": "Onderwijsaanbod: einddatum per aanbod",
    "variant": "gegevensdienst",
    "type": "minor",
    "priority": "minor",
    "agreement": "Afspraak Onderwijsaanbod",
    "gegevensdienst": "Onderwijsaanbod",
    "reference_component": "",
    "product": "Vodix Plan",
    "side": "consumer",
    "description": "Een einddatum per aanbod, zodat afnemers oude aanbiedingen herkennen.",
    "example": "",
    "rationale": "Afnemers tonen nu verlopen aanbod.",
    "desired_moment": "2026-10-01",
}


def submit_page(client, email: str, **changes):
    """Logs in and submits the RFC form as a person would; returns the answer."""
    login(client, email)
    token = csrf_token(client, "/melden/rfc")
    return client.post("/melden/rfc", data={"csrf_token": token, **FORM, **changes})
