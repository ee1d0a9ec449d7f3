"""Helpers for the party view tests: a dispute between two suppliers, their users, their mail."""

from sqlalchemy import select

from app.auth.models import Role
from app.extensions import db
from app.intake.services import filing
from app.notify.models import OutboxMessage, addressed_to


def parties(make_org, make_user) -> dict:
    """Two suppliers with one user each, and the foundation's staff."""
    vodix, leerlab = make_org("Vodix"), make_org("Leerlab")
    return {
        "vodix": vodix,
        "leerlab": leerlab,
        "claimant": make_user("anna@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Anna Vodix"),
        "respondent": make_user("bert@leerlab.example", Role.PARTICIPANT, organisation=leerlab, name="Bert Leerlab"),
        "supervisor": make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam Supervisor"),
    }


def file_dispute(claimant_user, respondent_org, title: str = "Leerlab levert geen roosterdata"):
    """A dispute filed through the real service, as the dispute form does; committed."""
    case = filing.file_dispute(
        filing.DisputeReport(
            respondent_id=respondent_org.id,
            title=title,
            description="Sinds maart weigert Leerlab de koppeling voor Onderwijsinrichting.",
            prior_attempt="Twee overleggen in februari, zonder resultaat.",
            agreement="Afspraak 4.2",
        ),
        actor=claimant_user,
    ).case
    db.session.commit()
    return case


def mails_to(address: str) -> list[OutboxMessage]:
    return list(db.session.scalars(select(OutboxMessage).where(addressed_to(address)).order_by(OutboxMessage.id)))
