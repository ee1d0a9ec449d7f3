"""Helpers for the party view tests: a dispute between two suppliers, users, English pages, files."""
import re

from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.intake.services import filing
from app.notify.models import OutboxMessage
from tests.conftest import login

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
# A Windows executable starts with "MZ"; named .pdf it must still be refused.
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00" + b"\x00" * 200


def english(client) -> None:
    with client.session_transaction() as session:
        session["lang"] = "en"


def login_en(client, email: str):
    response = login(client, email)
    english(client)
    return response


def parties(make_org, make_user) -> dict:
    """Two suppliers with one user each, and the foundation's staff."""
    vodix, leerlab = make_org("Vodix"), make_org("Leerlab")
    return {
        "vodix": vodix, "leerlab": leerlab,
        "claimant": make_user("anna@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Anna Vodix"),
        "respondent": make_user("bert@leerlab.example", Role.PARTICIPANT, organisation=leerlab, name="Bert Leerlab"),
        "supervisor": make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor"),
    }


def file_dispute(claimant_user, respondent_org, title: str = "Leerlab levert geen roosterdata"):
    """A dispute filed through the real service, as the dispute form does; committed."""
    case = filing.file_dispute(filing.DisputeReport(
        respondent_id=respondent_org.id, title=title,
        description="Sinds maart weigert Leerlab de koppeling voor Onderwijsinrichting.",
        prior_attempt="Twee overleggen in februari, zonder resultaat.", agreement="Afspraak 4.2",
    ), actor=claimant_user).case
    db.session.commit()
    return case


def mails_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == address)
                                   .order_by(OutboxMessage.id)))


def csrf_of(html: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', html).group(1)
