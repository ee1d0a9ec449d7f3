"""An RFC's lead times as deadline rows (subject "rfc") on the business calendar: started, met, paused and
resumed as the workflow says (app/rfc/workflow.py), swept by the one deadline sweep."""

from datetime import datetime

from app import clock
from app.extensions import db
from app.rfc import workflow
from app.rfc.models import Rfc
from app.sla import admin as sla_admin
from app.sla import services as sla
from app.sla.models import Deadline

SUBJECT = "rfc"


def start_many(rfc: Rfc, kinds: tuple[str, ...], at: datetime) -> list[Deadline]:
    """Starts the clocks of the RFC's lead-time policy (blocker/critical, else its type) from `at`."""
    calendar = sla.current_calendar()
    started = [
        sla.start(SUBJECT, rfc.id, sla_admin.effective_clock(SUBJECT, kind, rfc.clock_variant), at, calendar)
        for kind in kinds
    ]
    db.session.flush()
    sync_next_due(rfc)
    return started


def of(rfc: Rfc) -> list[Deadline]:
    return sla.for_subject(SUBJECT, rfc.id)


def sync_next_due(rfc: Rfc, deadlines: list[Deadline] | None = None) -> None:
    rfc.next_due_at = sla.nearest_open_due(deadlines if deadlines is not None else of(rfc))


def follow(rfc: Rfc, current: str, target: str, at: datetime | None = None) -> None:
    """Keeps the clocks in step with a move from `current` to `target`: meets what the move meets, starts
    what it starts, pauses everything on hold and resumes it after, and stops every clock at the end."""
    at = at or clock.now()
    if current == "on_hold":
        sla.resume(SUBJECT, rfc.id, at)
    for kind in workflow.clocks_to_meet(current, target):
        sla.meet(SUBJECT, rfc.id, kind, at)
    if target == "on_hold":
        sla.pause(SUBJECT, rfc.id, tuple(workflow.START_CLOCKS + tuple(workflow.STARTS.values())), at)
    elif target in workflow.FINAL:
        for deadline in of(rfc):
            if deadline.met_at is None:
                sla.meet(SUBJECT, rfc.id, deadline.kind, at)
    kind = workflow.clock_to_start(target)
    if kind is not None:
        start_many(rfc, (kind,), at)
    db.session.flush()
    sync_next_due(rfc)
