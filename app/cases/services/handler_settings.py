"""The handlers' own settings: being on duty, declared conflicts of interest, canned replies."""

from flask_babel import gettext as _
from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.cases import access
from app.cases.handling_models import CannedReply, ConflictOfInterest
from app.errors_domain import Conflict, NotAllowed, NotFound
from app.extensions import db
from app.register.models import Organisation


def handlers() -> list[User]:
    """Everyone who can be a case handler, by name."""
    users = db.session.scalars(select(User).where(User.active.is_(True)).order_by(User.name, User.id))
    return [user for user in users if access.is_handler(user)]


def set_on_duty(user: User, on_duty: bool) -> None:
    user.on_duty = on_duty
    db.session.flush()


def conflicts_of(user: User) -> list[ConflictOfInterest]:
    query = select(ConflictOfInterest).join(Organisation).where(ConflictOfInterest.user_id == user.id)
    return list(db.session.scalars(query.order_by(Organisation.name)))


def conflicts_on(case) -> list[ConflictOfInterest]:
    """The declared conflicts of interest with the case's organisations, for the coordinators."""
    ids = access.case_organisation_ids(case)
    if not ids:
        return []
    query = (
        select(ConflictOfInterest)
        .join(User, User.id == ConflictOfInterest.user_id)
        .where(ConflictOfInterest.organisation_id.in_(ids))
        .order_by(User.name, ConflictOfInterest.id)
    )
    return list(db.session.scalars(query))


def declare_conflict(user: User, organisation_id: int, note: str) -> ConflictOfInterest:
    """Records the tie; auto-assignment skips the organisation's cases from now on."""
    organisation = db.session.get(Organisation, organisation_id)
    if organisation is None:
        raise NotFound(_("This organisation is not in the register."), field="organisation")
    existing = db.session.scalar(
        select(ConflictOfInterest).where(
            ConflictOfInterest.user_id == user.id, ConflictOfInterest.organisation_id == organisation_id
        )
    )
    if existing is not None:
        raise Conflict(
            _("You already declared a conflict of interest with %(name)s.", name=organisation.name),
            field="organisation",
        )
    conflict = ConflictOfInterest(
        user_id=user.id, organisation_id=organisation_id, declared_at=clock.now(), note=(note or "").strip()
    )
    db.session.add(conflict)
    db.session.flush()
    return conflict


def withdraw_conflict(user: User, conflict_id: int) -> None:
    conflict = db.session.get(ConflictOfInterest, conflict_id)
    if conflict is None or conflict.user_id != user.id:
        raise NotFound(_("This declaration does not exist."))
    db.session.delete(conflict)
    db.session.flush()


def replies() -> list[CannedReply]:
    return list(db.session.scalars(select(CannedReply).order_by(CannedReply.title, CannedReply.id)))


def reply(reply_id: int) -> CannedReply:
    found = db.session.get(CannedReply, reply_id)
    if found is None:
        raise NotFound(_("This standard text does not exist."))
    return found


def _require_coordinator(actor: User) -> None:
    if not access.can_manage_replies(access.Viewer(user=actor)):
        raise NotAllowed(_("Only coordinators maintain the standard texts."))


def save_reply(actor: User, title: str, body: str, existing: CannedReply | None = None) -> CannedReply:
    _require_coordinator(actor)
    item = existing or CannedReply(created_by_id=actor.id)
    item.title, item.body, item.updated_at = title.strip(), body.strip(), clock.now()
    db.session.add(item)
    db.session.flush()
    return item


def delete_reply(actor: User, item: CannedReply) -> None:
    _require_coordinator(actor)
    db.session.delete(item)
    db.session.flush()
