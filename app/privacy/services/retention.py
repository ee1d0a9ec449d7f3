"""Retention terms (coordinators' settings), each closed case's term, warnings, legal holds, and the job."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy import and_, or_, select, update

from app import clock
from app.auth.models import Role, User
from app.cases import links, timeline, workflow
from app.cases.models import Case
from app.compliance.models import Measure
from app.errors_domain import DomainError
from app.extensions import db
from app.notify import services as outbox
from app.notify.models import OutboxMessage
from app.privacy import retention
from app.privacy.models import CaseRetention, RetentionSetting
from app.privacy.services import erasure

# What a sent message's body becomes once its retention has passed (the row's metadata stays).
EXPIRED_BODY = "[removed: the message's retention period has passed]"
BATCH = 200  # cases erased per transaction: a killed job loses one batch, which the next run redoes


def settings() -> dict[str, int]:
    """Years per retention class: the coordinators' where set, the defaults elsewhere."""
    years = dict(retention.DEFAULT_YEARS)
    years.update({row.retention_class: row.years for row in db.session.scalars(select(RetentionSetting))})
    return years


def update_setting(retention_class: str, years: int, *, actor) -> None:
    if retention_class not in retention.CLASSES:
        raise DomainError(_("Unknown retention class."))
    if not 1 <= years <= retention.MAX_YEARS:
        raise DomainError(_("Between 1 and %(max)s years.", max=retention.MAX_YEARS), field="years")
    row = db.session.get(RetentionSetting, retention_class) or RetentionSetting(retention_class=retention_class)
    row.years, row.updated_at, row.updated_by_id = years, clock.now(), actor.id
    db.session.add(row)
    db.session.flush()


def facts(case: Case) -> retention.CaseFacts:
    measures = db.session.scalars(select(Measure).where(Measure.case_id == case.id, Measure.status != "rejected"))
    return retention.CaseFacts(
        case_type=case.type,
        closed_at=clock.as_utc(case.closed_at) if case.closed_at and workflow.is_final(case.status) else None,
        ap_notified=bool(case.incident is not None and case.incident.ap_notified),
        measure_ends=tuple(_left_register(measure) for measure in measures),
    )


def _left_register(measure: Measure) -> date | None:
    """The day a measure stopped showing on the register, or None while it still does (or may)."""
    if measure.status in ("proposed", "in_force"):
        return None
    ended = measure.ended_at or measure.met_at
    return clock.as_utc(ended).date() if ended is not None else measure.ends_on


def term_of(case: Case, years: dict[str, int] | None = None) -> retention.Term | None:
    return retention.term(facts(case), years or settings())


@dataclass(frozen=True)
class Due:
    """A closed case near or past its term, with its retention row (None until something happened)."""

    case: Case
    term: retention.Term
    row: CaseRetention | None

    @property
    def held(self) -> bool:
        return self.row is not None and self.row.held


def warning_days() -> int:
    return current_app.config["RETENTION_WARNING_DAYS"]


def approaching(now: datetime) -> list[Due]:
    """Closed, unerased cases whose warning day has come, nearest term first."""
    years = settings()
    horizon = now + timedelta(days=warning_days())
    # The shortest term bounds which closings can be due: a term of n years is at least 365 * n days, and a
    # day more covers a closing late on the day. Only older closings are read and given their term.
    closed_before = horizon - timedelta(days=365 * min(years.values()) - 1)
    query = (
        select(Case, CaseRetention)
        .outerjoin(CaseRetention, CaseRetention.case_id == Case.id)
        .where(
            Case.status.in_(workflow.FINAL),
            Case.closed_at <= closed_before,
            or_(CaseRetention.erased_at.is_(None), CaseRetention.case_id.is_(None)),
        )
        .order_by(Case.closed_at, Case.id)
    )
    due = []
    for case, row in db.session.execute(query):
        term = retention.term(facts(case), years)
        if term is not None and term.erase_on <= horizon.date():
            due.append(Due(case, term, row))
    return sorted(due, key=lambda item: (item.term.erase_on, item.case.id))


def place_hold(case: Case, reason: str, *, actor) -> None:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the legal hold."), field="reason")
    row = erasure.retention_of(case, create=True)
    if row.held:
        raise DomainError(_("The case is on legal hold already."))
    if row.erased_at is not None:
        raise DomainError(_("The case's personal data was erased already."))
    row.hold_reason, row.hold_since, row.hold_by_id = reason, clock.now(), actor.id
    timeline.append(case, "legal_hold", reason, actor=actor, visibility="internal")


def lift_hold(case: Case, reason: str, *, actor) -> None:
    row = erasure.retention_of(case)
    if row is None or not row.held:
        raise DomainError(_("The case is not on legal hold."))
    row.hold_reason = row.hold_since = row.hold_by_id = None
    # Lifted now, the case may be past its term: coordinators get a fresh month's warning.
    row.warned_at = None
    timeline.append(case, "legal_hold_lifted", (reason or "").strip(), actor=actor, visibility="internal")


def warn(now: datetime) -> int:
    """Stamps every newly approaching case and mails the coordinators one digest of them (once per case)."""
    fresh = [item for item in approaching(now) if not item.held and (item.row is None or item.row.warned_at is None)]
    if not fresh:
        return 0
    for item in fresh:
        erasure.retention_of(item.case, create=True).warned_at = now
    coordinators = db.session.scalars(
        select(User).where(User.role == Role.COORDINATOR.value, User.active.is_(True)).order_by(User.id)
    )
    lines = [
        {
            "reference": item.case.reference,
            "erase_on": item.term.erase_on.isoformat(),
            "url": links.staff_url(item.case),
        }
        for item in fresh
    ]
    with force_locale("nl"):  # the scheduler's mails go out in the desk's default language
        for user in coordinators:
            outbox.enqueue(
                f"retention:{user.id}:{now.isoformat()}",
                user.email,
                _("%(count)s cases reach their retention term", count=len(lines)),
                "retention_warning",
                lines=lines,
                days=warning_days(),
            )
    db.session.flush()
    return len(fresh)


def erase_due(now: datetime) -> int:
    """Erases up to BATCH cases past their term whose warning is at least the warning period old."""
    warned_before = now - timedelta(days=warning_days())
    erased = 0
    for item in approaching(now):
        if erased >= BATCH:
            break
        row = item.row
        if item.held or item.term.erase_on > now.date() or row is None or row.warned_at is None:
            continue
        if clock.as_utc(row.warned_at) > warned_before:
            continue
        try:
            erasure.erase_case(item.case)
        except DomainError as refused:
            current_app.logger.warning("retention: case %s not erased: %s", item.case.id, refused.message)
            continue
        erased += 1
    return erased


def expire_mail_bodies(now: datetime) -> int:
    """Blanks the bodies of messages sent longer ago than OUTBOX_BODY_RETENTION_DAYS; the rows stay."""
    cutoff = now - timedelta(days=current_app.config["OUTBOX_BODY_RETENTION_DAYS"])
    result = db.session.execute(
        update(OutboxMessage)
        .where(
            and_(
                OutboxMessage.status == "sent",
                OutboxMessage.body_expired_at.is_(None),
                OutboxMessage.sent_at <= cutoff,
            )
        )
        .values(body_text=EXPIRED_BODY, body_html=None, body_expired_at=now)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def run(now: datetime) -> dict[str, int]:
    """The retention job: warn, erase, expire mail bodies. Idempotent: stamped rows no longer match."""
    counts = {"warned": warn(now), "erased": erase_due(now), "mail_bodies": expire_mail_bodies(now)}
    db.session.flush()
    return counts
