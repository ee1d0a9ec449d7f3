"""The account history: append-only rows of what happened to a login (who did it, when)."""

from flask_babel import lazy_gettext as _l
from sqlalchemy import event, select

from app import clock
from app.auth.models import AccountEvent, User
from app.extensions import db

SECOND_FACTOR_ENROLLED = "second_factor_enrolled"
SECOND_FACTOR_RESET = "second_factor_reset"
SECOND_FACTOR_DISABLED = "second_factor_disabled"
RECOVERY_CODE_USED = "recovery_code_used"
RECOVERY_CODES_RENEWED = "recovery_codes_renewed"
PASSWORD_CHANGED = "password_changed"
SESSIONS_ENDED = "sessions_ended"
LOCKED_OUT = "locked_out"
DEACTIVATED = "deactivated"
REACTIVATED = "reactivated"

LABELS = {
    SECOND_FACTOR_ENROLLED: _l("Second factor set up"),
    SECOND_FACTOR_RESET: _l("Second factor reset by an administrator"),
    SECOND_FACTOR_DISABLED: _l("Second factor switched off"),
    RECOVERY_CODE_USED: _l("Logged in with a recovery code"),
    RECOVERY_CODES_RENEWED: _l("New recovery codes made"),
    PASSWORD_CHANGED: _l("Password changed"),
    SESSIONS_ENDED: _l("Login sessions ended"),
    LOCKED_OUT: _l("Login paused after failed attempts"),
    DEACTIVATED: _l("Account deactivated"),
    REACTIVATED: _l("Account reactivated"),
}


def record(user: User, kind: str, *, actor: User | None = None, detail: str | None = None) -> AccountEvent:
    """Adds one row to the user's history (flushed with the change it records, never committed here)."""
    row = AccountEvent(
        user_id=user.id,
        at=clock.now(),
        kind=kind,
        actor_id=actor.id if actor else None,
        detail=(detail or None) and detail[:500],
    )
    db.session.add(row)
    return row


def history(user: User, limit: int = 100) -> list[AccountEvent]:
    query = select(AccountEvent).where(AccountEvent.user_id == user.id)
    return list(db.session.scalars(query.order_by(AccountEvent.at.desc(), AccountEvent.id.desc()).limit(limit)))


def label(kind: str) -> str:
    return str(LABELS.get(kind, kind))


@event.listens_for(AccountEvent, "before_update")
@event.listens_for(AccountEvent, "before_delete")
def _append_only(_mapper, _connection, target):
    raise RuntimeError("The account history is append-only.")
