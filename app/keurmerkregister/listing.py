"""The public register's rows: participants and their keurmerken with status, since and cause, filtered."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import contains_eager, joinedload

from app import clock
from app.cases.labels import label
from app.compliance.labels import MEASURE_KIND
from app.compliance.models import Measure, RegisterEvent
from app.compliance.services import keurmerk_status
from app.compliance.status import KEURMERK_STATUSES
from app.extensions import db
from app.register.models import GEGEVENSDIENSTEN, Keurmerk, Organisation, Product

FILTER_KEYS = ("q", "category", "gegevensdienst", "status")
MAX_QUERY = 100
# Why a filter value was refused; each interface words it in its own language.
NOT_A_CHOICE, TOO_LONG = "choice", "length"


@dataclass(frozen=True)
class Filters:
    q: str | None = None
    category: str | None = None
    gegevensdienst: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class KeurmerkRow:
    keurmerk: Keurmerk
    status: str
    since: date
    cause: Measure | None  # the measure that explains the status; None when valid since granted

    @property
    def product(self) -> Product:
        return self.keurmerk.product

    @property
    def published_cause(self) -> Measure | None:
        return self.cause if self.cause is not None and self.cause.publish else None


@dataclass(frozen=True)
class ParticipantRow:
    organisation: Organisation
    keurmerken: list[KeurmerkRow]


def public_reason(measure: Measure) -> str:
    """What the register says about a published measure: its public text, else the kind of measure."""
    return measure.public_reason or label(MEASURE_KIND, measure.kind)


def categories() -> list[str]:
    return list(
        db.session.scalars(
            select(Organisation.category)
            .where(Organisation.is_participant.is_(True), Organisation.category.is_not(None))
            .distinct()
            .order_by(Organisation.category)
        )
    )


def allowed(key: str) -> tuple[str, ...]:
    """The values a choice filter takes."""
    if key == "category":
        return tuple(categories())
    return {"gegevensdienst": GEGEVENSDIENSTEN, "status": KEURMERK_STATUSES}[key]


def parse(args: Mapping[str, str]) -> tuple[Filters, dict[str, str]]:
    """The filters from a query string; a refused value is left out and named in the errors."""
    values, errors = {}, {}
    # PostgreSQL refuses a NUL character in a string; no name contains one.
    q = (args.get("q") or "").replace("\x00", "").strip()
    if len(q) > MAX_QUERY:
        errors["q"] = TOO_LONG
    elif q:
        values["q"] = q
    for key in ("category", "gegevensdienst", "status"):
        value = args.get(key) or None
        if value is not None and value not in allowed(key):
            errors[key] = NOT_A_CHOICE
        elif value is not None:
            values[key] = value
    return Filters(**values), errors


def _organisations(filters: Filters, participant_id: int | None) -> list[Organisation]:
    query = select(Organisation).where(Organisation.is_participant.is_(True)).order_by(Organisation.name)
    if participant_id is not None:
        query = query.where(Organisation.id == participant_id)
    if filters.q:
        query = query.where(func.lower(Organisation.name).contains(filters.q.lower(), autoescape=True))
    if filters.category:
        query = query.where(Organisation.category == filters.category)
    return list(db.session.scalars(query))


def _keurmerken(organisation_ids: list[int], gegevensdienst: str | None) -> list[Keurmerk]:
    query = (
        select(Keurmerk)
        .join(Keurmerk.product)
        .options(contains_eager(Keurmerk.product))
        .where(Product.organisation_id.in_(organisation_ids))
        .order_by(Product.name, Keurmerk.gegevensdienst)
    )
    if gegevensdienst:
        query = query.where(Keurmerk.gegevensdienst == gegevensdienst)
    return list(db.session.scalars(query))


def _last_changes(keurmerk_ids: list[int]) -> dict[int, date]:
    """Keurmerk id -> the (local) date of its latest register event."""
    rows = db.session.execute(
        select(RegisterEvent.keurmerk_id, func.max(RegisterEvent.at))
        .where(RegisterEvent.keurmerk_id.in_(keurmerk_ids))
        .group_by(RegisterEvent.keurmerk_id)
    )
    return {keurmerk_id: clock.local(at).date() for keurmerk_id, at in rows}


def participants(filters: Filters = Filters(), participant_id: int | None = None) -> list[ParticipantRow]:
    """The participants matching the filters, each with its matching keurmerken and their status.

    A participant without keurmerken is listed only when no keurmerk filter is set.
    """
    organisations = _organisations(filters, participant_id)
    keurmerken = _keurmerken([o.id for o in organisations], filters.gegevensdienst)
    found = keurmerk_status.statuses(keurmerken)
    cause_ids = {s.cause.id for s in found.values() if s.cause is not None}
    causes = {m.id: m for m in db.session.scalars(select(Measure).where(Measure.id.in_(cause_ids)))}
    changed = _last_changes([k.id for k in keurmerken])
    rows: dict[int, list[KeurmerkRow]] = {}
    for keurmerk in keurmerken:
        status = found[keurmerk.id]
        if filters.status and status.status != filters.status:
            continue
        rows.setdefault(keurmerk.product.organisation_id, []).append(
            KeurmerkRow(
                keurmerk,
                status.status,
                changed.get(keurmerk.id, keurmerk.granted_on),
                causes.get(status.cause.id) if status.cause is not None else None,
            )
        )
    keurmerk_filtered = bool(filters.gegevensdienst or filters.status)
    return [ParticipantRow(o, rows.get(o.id, [])) for o in organisations if rows.get(o.id) or not keurmerk_filtered]


def participant(participant_id: int) -> ParticipantRow | None:
    found = participants(participant_id=participant_id)
    return found[0] if found else None


def published_measures(participant_id: int) -> list[Measure]:
    """The participant's decided measures that were published, newest first."""
    return list(
        db.session.scalars(
            select(Measure)
            .options(joinedload(Measure.keurmerk).joinedload(Keurmerk.product))
            .where(
                Measure.participant_id == participant_id,
                Measure.publish.is_(True),
                Measure.status.in_(keurmerk_status.COUNTING),
            )
            .order_by(Measure.starts_on.desc(), Measure.id.desc())
        )
    )


def latest_events(limit: int = 50) -> list[RegisterEvent]:
    """The newest register events, for the feed."""
    return list(
        db.session.scalars(
            select(RegisterEvent)
            .options(joinedload(RegisterEvent.keurmerk).joinedload(Keurmerk.product), joinedload(RegisterEvent.measure))
            .order_by(RegisterEvent.at.desc(), RegisterEvent.id.desc())
            .limit(limit)
        )
    )
