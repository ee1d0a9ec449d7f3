"""Taking measures: record one, four-eyes approval or rejection, met, lifted, ended by date; their clocks."""

import math
from dataclasses import dataclass, replace
from datetime import date, datetime

from flask_babel import gettext as _
from sqlalchemy import select

from app import clock
from app.bounds import MAX_ID
from app.cases import access, timeline
from app.cases.labels import label
from app.cases.models import Case
from app.cases.visibility import for_party
from app.compliance import ladder, notices
from app.compliance.labels import MEASURE_KIND, MEASURE_STATUS
from app.compliance.models import MEASURE_SUBJECT, Measure
from app.compliance.services import keurmerk_status
from app.errors_domain import Conflict, DomainError, NotAllowed
from app.extensions import db
from app.register.models import Keurmerk, Organisation, Product
from app.sla import admin as sla_admin
from app.sla import services as sla
from app.sla.clocks import BUSINESS_DAY, HOUR, Basis, ClockSpec

# Measures whose term the participant meets by delivering something the supervisor records as met.
CAN_BE_MET = frozenset({"request_explanation", "improvement_plan", "notice_of_default"})
HEARING = "response"  # the clock kind of an emergency suspension's hearing
DAY = 24 * HOUR


@dataclass(frozen=True)
class MeasureInput:
    """One measure as a supervisor asks for it (form or API)."""

    kind: str
    participant_id: int | None
    keurmerk_id: int | None = None
    reasoning: str = ""
    public_reason: str = ""
    starts_on: date | None = None
    ends_on: date | None = None
    due_at: datetime | None = None
    publish: bool = False


def eligible_participants(case: Case) -> list[Organisation]:
    """The participants a measure on this case may address: its parties that hold (or seek) a keurmerk."""
    organisations = {p.organisation_id: p.organisation for p in case.parties}
    if case.participant is not None:
        organisations[case.participant.id] = case.participant
    return sorted((o for o in organisations.values() if o.is_participant), key=lambda o: o.name)


def _refuse(message: str, field: str, prefix: str) -> DomainError:
    return DomainError(message, field=f"{prefix}{field}")


def check(case: Case, item: MeasureInput, prefix: str = "") -> tuple[Organisation, Keurmerk | None]:
    """Refuses a measure that does not fit the case, the participant or the ladder; changes nothing."""
    participant = next((o for o in eligible_participants(case) if o.id == item.participant_id), None)
    if participant is None:
        raise _refuse(_("Choose a participant that is a party to this case."), "participant_id", prefix)
    keurmerk = None
    if item.keurmerk_id is not None:
        keurmerk = db.session.get(Keurmerk, item.keurmerk_id) if 0 < item.keurmerk_id <= MAX_ID else None
        if keurmerk is None or keurmerk.product.organisation_id != participant.id:
            raise _refuse(
                _("Choose one of this participant's keurmerken, or none for all of them."), "keurmerk_id", prefix
            )
    if not item.reasoning.strip():
        raise _refuse(_("Give the reasons for this measure."), "reasoning", prefix)
    now = clock.now()
    try:
        ladder.check_terms(
            item.kind,
            item.starts_on or keurmerk_status.today(),
            item.ends_on,
            item.due_at,
            now,
            keurmerk_status.today(),
        )
    except ladder.MeasureRefused as refused:
        raise _refuse(_(refused.template), refused.field, prefix) from None
    if item.kind == "reinstatement":
        _check_reinstatement(participant, keurmerk, prefix)
    return participant, keurmerk


def _check_reinstatement(participant: Organisation, keurmerk: Keurmerk | None, prefix: str) -> None:
    keurmerken = (
        [keurmerk]
        if keurmerk is not None
        else list(db.session.scalars(select(Keurmerk).join(Product).where(Product.organisation_id == participant.id)))
    )
    current = keurmerk_status.statuses(keurmerken)
    if not any(s.status in ("revoked", "suspended") for s in current.values()):
        raise _refuse(
            _("Only a revoked or suspended keurmerk can be reinstated; this one is not."), "keurmerk_id", prefix
        )


def record(
    case: Case, item: MeasureInput, *, actor, decision=None, follows: Measure | None = None, prefix: str = ""
) -> Measure:
    """Records a checked measure: in force at once, or proposed when it needs a second coordinator."""
    check(case, item, prefix)
    now = clock.now()
    proposed = ladder.needs_approval(item.kind)
    measure = Measure(
        case_id=case.id,
        decision=decision,
        kind=item.kind,
        participant_id=item.participant_id,
        keurmerk_id=item.keurmerk_id,
        reasoning=item.reasoning.strip(),
        public_reason=item.public_reason.strip(),
        publish=item.publish,
        status="proposed" if proposed else "in_force",
        starts_on=item.starts_on or keurmerk_status.today(),
        ends_on=item.ends_on,
        due_at=item.due_at,
        proposed_by_id=getattr(actor, "id", None),
        proposed_at=now,
        follows=follows,
    )
    db.session.add(measure)
    db.session.flush()
    if proposed:
        # Not yet a decision the participant is owed: the foundation decides it with four eyes first.
        timeline.append(
            case,
            "measure_proposed",
            measure.reasoning,
            actor=actor,
            visibility="internal",
            data={"measure": measure.id, "kind": measure.kind},
            at=now,
        )
        notices.approval_needed(measure, exclude=actor)
    else:
        _take_effect(case, measure, actor, now, "measure_taken")
    return measure


def _take_effect(case: Case, measure: Measure, actor, now: datetime, event_kind: str) -> None:
    timeline.append(
        case,
        event_kind,
        measure.reasoning,
        actor=actor,
        visibility=for_party(measure.participant_id),
        data={"measure": measure.id, "kind": measure.kind},
        at=now,
    )
    superseded = measure.follows
    if superseded is not None and superseded.status == "in_force":
        # The next step replaces the one whose term was missed: the ladder holds one rung at a time,
        # so lifting the new measure later (an objection) does not bring the old one back.
        _end(superseded, now)
        timeline.append(
            case,
            "measure_ended",
            _("Replaced by the next step: %(kind)s.", kind=_kind_word(measure.kind)),
            actor=actor,
            visibility=for_party(measure.participant_id),
            data={"measure": superseded.id, "kind": superseded.kind, "replacedBy": measure.id},
            at=now,
        )
    _start_clocks(measure, now)
    notices.measure_changed(measure, event_kind)
    keurmerk_status.record_changes(measure.participant_id, now)


def _start_clocks(measure: Measure, now: datetime) -> None:
    if measure.kind == "emergency_suspension":
        # Suspended first, heard afterwards: the participant must be heard within 10 business days.
        sla.start(
            MEASURE_SUBJECT, measure.id, ClockSpec(HEARING, Basis.BUSINESS, ladder.HEARING_DAYS * BUSINESS_DAY), now
        )
    if measure.due_at is None and measure.kind == "request_explanation":
        # The response term as the foundation configured it (SLA admin), run as the measure's own clock;
        # a later change of that policy moves it (sla.admin, kind_aliases in measure_events).
        spec = replace(sla_admin.effective_clock("measure", "response"), kind="measure")
        deadline = sla.start(MEASURE_SUBJECT, measure.id, spec, now)
        measure.due_at = deadline.due_at
    elif measure.due_at is not None:
        sla.start(MEASURE_SUBJECT, measure.id, term_spec(now, clock.as_utc(measure.due_at)), now)


def term_spec(now: datetime, due_at: datetime) -> ClockSpec:
    """A clock running to a date the supervisor chose, reminding a week and a day before it."""
    # Rounded up: the clock must not run out before the moment the supervisor chose.
    seconds = math.ceil((due_at - now).total_seconds())
    reminders = tuple(seconds - before for before in (7 * DAY, DAY) if seconds - before > 0)
    return ClockSpec("measure", Basis.CALENDAR, seconds, reminders=reminders)


def _require_coordinator(actor) -> None:
    if not access.can_approve_measures(access.Viewer(user=actor)):
        raise NotAllowed(_("Only a coordinator approves or rejects a proposed measure."))


def _require_status(measure: Measure, *statuses: str) -> None:
    if measure.status not in statuses:
        raise Conflict(_("This measure is %(status)s: that cannot be done now.", status=_status_word(measure.status)))


def _status_word(status: str) -> str:
    return label(MEASURE_STATUS, status).lower()


def _kind_word(kind: str) -> str:
    return label(MEASURE_KIND, kind).lower()


def _lock(measure: Measure) -> None:
    """Two coordinators acting at once take turns; the second sees what the first did."""
    db.session.flush()
    db.session.refresh(measure, with_for_update=True)


def approve(measure: Measure, *, actor) -> Measure:
    """The second coordinator's approval: the measure takes effect now (an emergency suspension at once)."""
    _require_coordinator(actor)
    _lock(measure)
    _require_status(measure, "proposed")
    if measure.proposed_by_id == actor.id:
        raise NotAllowed(_("You proposed this measure: a second coordinator must approve it."))
    now = clock.now()
    measure.status, measure.approved_by_id, measure.approved_at = "in_force", actor.id, now
    if measure.kind == "emergency_suspension" or measure.starts_on < keurmerk_status.today():
        measure.starts_on = keurmerk_status.today()
    if measure.due_at is not None and clock.as_utc(measure.due_at) <= now:
        measure.due_at = None  # its term passed while it waited for approval; the ladder moves on
    _take_effect(measure.case, measure, actor, now, "measure_approved")
    return measure


def reject(measure: Measure, reason: str, *, actor) -> Measure:
    """A coordinator turns down a proposal; it never took effect, so nothing else changes."""
    _require_coordinator(actor)
    _lock(measure)
    _require_status(measure, "proposed")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the proposal is rejected."), field="reason")
    measure.status, measure.rejection_reason = "rejected", reason
    timeline.append(
        measure.case,
        "measure_rejected",
        reason,
        actor=actor,
        visibility="internal",
        data={"measure": measure.id, "kind": measure.kind},
    )
    return measure


def record_met(measure: Measure, note: str, *, actor) -> Measure:
    """The participant delivered (an explanation, a carried-out plan): the term stops, the status restores."""
    _require_handler(measure, actor)
    _lock(measure)
    _require_status(measure, "in_force")
    if measure.kind not in CAN_BE_MET:
        raise Conflict(_("Only a request for explanation, an improvement plan or a notice of default can be met."))
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say what the participant delivered."), field="note")
    now = clock.now()
    measure.status, measure.met_at = "met", now
    sla.meet(MEASURE_SUBJECT, measure.id, "measure", now)
    timeline.append(
        measure.case,
        "measure_met",
        note,
        actor=actor,
        visibility=for_party(measure.participant_id),
        data={"measure": measure.id, "kind": measure.kind},
        at=now,
    )
    notices.measure_changed(measure, "measure_met")
    keurmerk_status.record_changes(measure.participant_id, now)
    return measure


def record_heard(measure: Measure, note: str, *, actor) -> Measure:
    """The emergency suspension's participant was heard: the hearing clock stops, the suspension stays."""
    _require_handler(measure, actor)
    _require_status(measure, "in_force")
    if measure.kind != "emergency_suspension":
        raise Conflict(_("Only an emergency suspension has a hearing afterwards."))
    note = (note or "").strip()
    if not note:
        raise DomainError(_("Say how and when the participant was heard."), field="note")
    if not sla.meet(MEASURE_SUBJECT, measure.id, HEARING):
        raise Conflict(_("The participant's hearing was already recorded."))
    timeline.append(
        measure.case,
        "participant_heard",
        note,
        actor=actor,
        visibility=for_party(measure.participant_id),
        data={"measure": measure.id},
    )
    return measure


def lift(measure: Measure, reason: str, *, actor, at: datetime | None = None) -> Measure:
    """Ends a measure from today (an objection upheld, or a suspension lifted early)."""
    _require_handler(measure, actor)
    _lock(measure)
    _require_status(measure, "in_force", "met")
    now = at or clock.now()
    if measure.kind == "revocation":
        raise Conflict(_("A revocation is undone by a reinstatement, not by ending it."))
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Say why the measure is lifted."), field="reason")
    _end(measure, now)
    timeline.append(
        measure.case,
        "measure_ended",
        reason,
        actor=actor,
        visibility=for_party(measure.participant_id),
        data={"measure": measure.id, "kind": measure.kind},
        at=now,
    )
    notices.measure_changed(measure, "measure_ended")
    keurmerk_status.record_changes(measure.participant_id, now)
    return measure


def _end(measure: Measure, now: datetime) -> None:
    today = clock.local(now).date()
    measure.status, measure.ended_at = "ended", now
    if measure.ends_on is None or measure.ends_on > today:
        measure.ends_on = max(today, measure.starts_on)
    for deadline in sla.for_subject(MEASURE_SUBJECT, measure.id):
        # A term that already passed stays on record as passed; a running one stops.
        if deadline.met_at is None and deadline.breached_at is None:
            sla.meet(MEASURE_SUBJECT, measure.id, deadline.kind, now)


def end_expired(now: datetime | None = None) -> int:
    """Measures whose end date has come are ended, and the register records what that restores."""
    now = now or clock.now()
    today = clock.local(now).date()
    expired = list(
        db.session.scalars(
            select(Measure)
            .where(Measure.status == "in_force", Measure.ends_on.is_not(None), Measure.ends_on <= today)
            .order_by(Measure.id)
        )
    )
    for measure in expired:
        measure.status, measure.ended_at = "ended", now
        timeline.append(
            measure.case,
            "measure_ended",
            "",
            actor_label="Edu-V Meldpunt",
            visibility=for_party(measure.participant_id),
            data={"measure": measure.id, "kind": measure.kind},
            at=now,
        )
    for participant_id in sorted({m.participant_id for m in expired}):
        keurmerk_status.record_changes(participant_id, now)
    db.session.flush()
    return len(expired)


def _require_handler(measure: Measure, actor) -> None:
    if not access.can_handle_measure(access.Viewer(user=actor), measure):
        raise NotAllowed(_("Only the foundation's case handlers record this."))
