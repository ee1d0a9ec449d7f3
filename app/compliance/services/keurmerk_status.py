"""Keurmerk statuses from the stored measures (compliance.status over the database), and the register's change log."""

from collections.abc import Mapping
from datetime import date, datetime

from sqlalchemy import Select, and_, func, or_, select

from app import clock
from app.compliance.models import Measure, RegisterEvent
from app.compliance.status import (
    APPROVED,
    CONDITIONING,
    SUSPENDING,
    KeurmerkStatus,
    MeasureFact,
    derive_status,
)
from app.extensions import db
from app.register.models import Keurmerk, Product

# Proposed and rejected measures never count (compliance.status); no need to load them.
COUNTING = ("in_force", "met", "ended")
# No keurmerk has this id: a status derived for it is what the measures against the whole
# participant (or none at all) make of a keurmerk no measure names.
NO_KEURMERK = 0


def fact(measure: Measure) -> MeasureFact:
    return MeasureFact(
        id=measure.id,
        kind=measure.kind,
        status=measure.status,
        starts_on=measure.starts_on,
        ends_on=measure.ends_on,
        decided_at=measure.decided_at,
        keurmerk_id=measure.keurmerk_id,
        participant_id=measure.participant_id,
    )


def today() -> date:
    """The date in the Netherlands: a measure starting "today" starts on the local date."""
    return clock.local(clock.now()).date()


def measures_of(participant_ids: list[int] | None = None) -> dict[int, list[Measure]]:
    """Participant id -> its counting measures (all participants when `participant_ids` is None)."""
    query = select(Measure).where(Measure.status.in_(COUNTING)).order_by(Measure.id)
    if participant_ids is not None:
        query = query.where(Measure.participant_id.in_(participant_ids))
    found: dict[int, list[Measure]] = {}
    for measure in db.session.scalars(query):
        found.setdefault(measure.participant_id, []).append(measure)
    return found


def keurmerk_ids_of(participant_id: int) -> list[int]:
    return list(
        db.session.scalars(
            select(Keurmerk.id).join(Product).where(Product.organisation_id == participant_id).order_by(Keurmerk.id)
        )
    )


def _can_decide(on: date):
    """The measures compliance.status can let decide a status on `on`: an event that took effect, or a
    suspending or conditioning period in force. It only narrows what is read (warnings, requests for
    explanation and periods that are over are most measures); derive_status still decides."""
    return or_(
        and_(
            Measure.kind.in_(("revocation", "reinstatement")),
            Measure.status.in_(APPROVED),
            Measure.starts_on <= on,
        ),
        and_(
            Measure.kind.in_(SUSPENDING | CONDITIONING),
            Measure.status == "in_force",
            Measure.starts_on <= on,
            or_(Measure.ends_on.is_(None), Measure.ends_on > on),
        ),
    )


def deciding_facts(participants: list[int] | Select, on: date) -> dict[int, list[MeasureFact]]:
    """Participant id -> the facts of its measures that can decide a status on `on`, read as columns.

    `participants` is a list of ids or a select of them, so a whole register needs no list of binds.
    """
    query = select(
        Measure.id,
        Measure.kind,
        Measure.status,
        Measure.starts_on,
        Measure.ends_on,
        Measure.approved_at,
        Measure.proposed_at,
        Measure.keurmerk_id,
        Measure.participant_id,
    ).where(_can_decide(on), Measure.participant_id.in_(participants))
    found: dict[int, list[MeasureFact]] = {}
    for row in db.session.execute(query):
        found.setdefault(row.participant_id, []).append(
            MeasureFact(
                id=row.id,
                kind=row.kind,
                status=row.status,
                starts_on=row.starts_on,
                ends_on=row.ends_on,
                # As Measure.decided_at: approval for four-eyes measures, else when it was recorded.
                decided_at=clock.as_utc(row.approved_at or row.proposed_at),
                keurmerk_id=row.keurmerk_id,
                participant_id=row.participant_id,
            )
        )
    return found


def unmeasured(on: date) -> KeurmerkStatus:
    """The status of a keurmerk that no measure can decide."""
    return derive_status(NO_KEURMERK, 0, (), on)


def statuses_of(
    owners: Mapping[int, int], facts: Mapping[int, list[MeasureFact]], on: date
) -> dict[int, KeurmerkStatus]:
    """Keurmerk id -> status, for keurmerk id -> participant id and the participants' deciding facts.

    A keurmerk no measure names has its participant's status: derived once per participant with
    deciding facts, and for the others (most) the status of no measures at all, not once per
    keurmerk: a whole register has 10,000 keurmerken and few measures that decide a status.
    """
    # Only the measures against the whole participant apply to a keurmerk no measure names.
    shared = {pid: derive_status(NO_KEURMERK, pid, found, on) for pid, found in facts.items()}
    none = unmeasured(on)
    result = {kid: shared.get(pid, none) for kid, pid in owners.items()}
    for pid, found in facts.items():
        for kid in {m.keurmerk_id for m in found if m.keurmerk_id is not None}:
            if owners.get(kid) == pid:
                result[kid] = derive_status(kid, pid, found, on)
    return result


def statuses(keurmerken: list[Keurmerk], on: date | None = None) -> dict[int, KeurmerkStatus]:
    """Keurmerk id -> status, for many keurmerken with one query for their measures."""
    on = on or today()
    owners = {k.id: k.product.organisation_id for k in keurmerken}
    return statuses_of(owners, deciding_facts(sorted(set(owners.values())), on), on)


def _last_recorded(keurmerk_ids: list[int]) -> dict[int, RegisterEvent]:
    latest = (
        select(func.max(RegisterEvent.id))
        .where(RegisterEvent.keurmerk_id.in_(keurmerk_ids))
        .group_by(RegisterEvent.keurmerk_id)
    )
    return {e.keurmerk_id: e for e in db.session.scalars(select(RegisterEvent).where(RegisterEvent.id.in_(latest)))}


def record_changes(participant_id: int, at: datetime | None = None) -> list[RegisterEvent]:
    """Writes a register event for each of the participant's keurmerken whose status or cause changed.

    Idempotent: called after every measure change and by the daily job (measures that end by
    date), it writes only what differs from the last event, so the feed never repeats itself.
    """
    at = at or clock.now()
    ids = keurmerk_ids_of(participant_id)
    if not ids:
        return []
    facts = [fact(m) for m in measures_of([participant_id]).get(participant_id, [])]
    last = _last_recorded(ids)
    written = []
    for keurmerk_id in ids:
        current = derive_status(keurmerk_id, participant_id, facts, clock.local(at).date())
        cause_id = current.cause.id if current.cause else None
        before = last.get(keurmerk_id)
        if before is None and current.status == "valid" and cause_id is None:
            continue  # never changed: valid since it was granted
        if before is not None and (before.status, before.measure_id) == (current.status, cause_id):
            continue
        event = RegisterEvent(
            at=at,
            participant_id=participant_id,
            keurmerk_id=keurmerk_id,
            status=current.status,
            previous=before.status if before else "valid",
            measure_id=cause_id,
        )
        db.session.add(event)
        written.append(event)
    db.session.flush()
    return written
