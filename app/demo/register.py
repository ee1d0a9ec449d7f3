"""The demo register: the 29 release-1 participants with invented products and keurmerken."""

import csv
import hashlib
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.register.models import Keurmerk, Organisation, Product

PARTICIPANTS_CSV = Path(__file__).parent / "data" / "participants-release1.csv"

# Invented, per market category: the referentiecomponent and the gegevensdiensten its product offers.
PRODUCT_SHAPES = {
    "Leermiddelen- en toetsaanbieder": (
        "Gebruiksomgeving digitale leermiddelen",
        ("Leermiddelgebruik", "Leerresultaten"),
    ),
    "Onderwijsmiddel": ("Gebruiksomgeving digitale leermiddelen", ("Leermiddelgebruik",)),
    "Portaal": ("Portaal", ("Onderwijsdeelnemers", "Leermiddelgebruik")),
    "Dashboard - LVS": ("Leerlingvolgsysteem", ("Leerresultaten", "Onderwijsdeelnemers")),
    "Distributie - bestelomgeving": ("Bestelomgeving", ("Leveringsorders", "Aanspraken")),
    "LAS-SIS": (
        "Administratiesysteem onderwijsdeelnemer",
        ("Onderwijsaanbod", "Onderwijsinrichting", "Onderwijsdeelnemers", "Onderwijsmedewerkers"),
    ),
    "Licentiekantoor (SaaS)": ("Licentiekantoor", ("Aanspraken", "Leveringsorders")),
    "Hub-functie": ("Catalogus", ("Onderwijsaanbod",)),
}
SCHOOL_BOARDS = (
    ("Stichting Demo Primair Onderwijs Rijnland", "90DM001"),
    ("Demo Scholengroep Noordkust", "90DM002"),
    ("Stichting Demo Voortgezet Onderwijs Oost", "90DM003"),
)
# Candidates that have not yet reached the participant agreement hold no keurmerk yet.
STAGES = ("Deelnemersovereenkomst",) * 5 + ("Kwalificatie gegevensdienst",)
EPOCH = date(2026, 1, 5)


@dataclass(frozen=True)
class LoadResult:
    participants: int
    school_boards: int
    keurmerken: int
    skipped: bool


def _stable(name: str) -> int:
    """A number derived from the name, so every demo load invents the same register."""
    return int(hashlib.sha256(name.encode()).hexdigest()[:8], 16)


def read_participants(path: Path = PARTICIPANTS_CSV) -> list[dict]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def load(path: Path = PARTICIPANTS_CSV) -> LoadResult:
    """Adds the demo register once; a second call finds it and changes nothing."""
    if db.session.scalar(select(func.count()).select_from(Organisation)):
        return LoadResult(0, 0, 0, skipped=True)
    keurmerken = 0
    rows = read_participants(path)
    for row in rows:
        seed = _stable(row["name"])
        stage = STAGES[seed % len(STAGES)]
        org = Organisation(
            name=row["name"],
            kind="supplier",
            is_participant=True,
            category=row["category"],
            programme=row["programme"],
            stage=stage,
            is_demo=True,
            kvk=f"{90000000 + seed % 9999999:08d}",
        )
        db.session.add(org)
        if stage == "Deelnemersovereenkomst":
            keurmerken += _invent_product(org, row["category"], seed)
    for name, board_id in SCHOOL_BOARDS:
        db.session.add(
            Organisation(
                name=name, kind="school_board", is_participant=False, board_id=board_id, stage=None, is_demo=True
            )
        )
    db.session.flush()
    return LoadResult(len(rows), len(SCHOOL_BOARDS), keurmerken, skipped=False)


def _invent_product(org: Organisation, category: str, seed: int) -> int:
    component, services = PRODUCT_SHAPES.get(
        category, ("Gebruiksomgeving digitale leermiddelen", ("Leermiddelgebruik",))
    )
    product = Product(name=f"{org.name} {component.split()[0]} (demo)", referentiecomponent=component, is_demo=True)
    org.products.append(product)
    granted = EPOCH + timedelta(days=seed % 200)
    for service in services:
        product.keurmerken.append(
            Keurmerk(
                gegevensdienst=service, granted_on=granted, is_demo=True, note="Demo-gegevens: verzonnen keurmerk."
            )
        )
    return len(services)
