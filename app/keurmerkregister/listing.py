"""The public register's rows: participants and their keurmerken with status, since and cause, filtered."""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from math import ceil

from sqlalchemy import Select, func, select
from sqlalchemy.orm import joinedload

from app import clock
from app.cases.labels import label
from app.compliance.labels import MEASURE_KIND
from app.compliance.models import Measure, RegisterEvent
from app.compliance.services import keurmerk_status
from app.compliance.status import KEURMERK_STATUSES, KeurmerkStatus, MeasureFact
from app.extensions import db
from app.register.models import GEGEVENSDIENSTEN, Keurmerk, Organisation, Product

FILTER_KEYS = ("q", "category", "gegevensdienst", "status")
MAX_QUERY = 100
PER_PAGE = 25
# Why a filter value was refused; each interface words it in its own language.
NOT_A_CHOICE, TOO_LONG = "choice", "length"


@dataclass(frozen=True)
class Filters:
    q: str | None = None
    category: str | None = None
    gegevensdienst: str | None = None
    status: str | None = None


@dataclass(frozen=True)
class Participant:
    id: int
    name: str
    category: str | None
    stage: str | None


@dataclass(frozen=True)
class Cause:
    """The measure that explains a status, as far as the register shows it."""

    id: int
    kind: str
    decided_at: datetime
    published: bool


@dataclass(frozen=True)
class KeurmerkRow:
    id: int
    product: str
    referentiecomponent: str
    gegevensdienst: str
    status: str
    since: date
    cause: Cause | None  # None when valid since granted

    @property
    def published_cause(self) -> Cause | None:
        return self.cause if self.cause is not None and self.cause.published else None


@dataclass(frozen=True)
class ParticipantRow:
    organisation: Participant
    keurmerken: list[KeurmerkRow]


@dataclass(frozen=True)
class Page:
    """One page of the register: its rows, which page of how many, and how many participants match.

    Named as a Flask-SQLAlchemy page is, so macros/pager.html links it.
    """

    rows: list[ParticipantRow]
    page: int
    pages: int
    total: int

    @property
    def has_prev(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def prev_num(self) -> int:
        return self.page - 1

    @property
    def next_num(self) -> int:
        return self.page + 1


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


def _matching(filters: Filters) -> Select:
    """The ids of the participants the filters leave, by name; before the status filter, which is computed."""
    query = select(Organisation.id).where(Organisation.is_participant.is_(True)).order_by(Organisation.name)
    if filters.q:
        query = query.where(func.lower(Organisation.name).contains(filters.q.lower(), autoescape=True))
    if filters.category:
        query = query.where(Organisation.category == filters.category)
    if filters.gegevensdienst or filters.status:
        # A participant without a keurmerk of the filter is left out.
        held = select(Keurmerk.id).join(Product).where(Product.organisation_id == Organisation.id)
        if filters.gegevensdienst:
            held = held.where(Keurmerk.gegevensdienst == filters.gegevensdienst)
        query = query.where(held.exists())
    return query


def _owners(participants: list[int] | Select, gegevensdienst: str | None) -> dict[int, int]:
    """Keurmerk id -> participant id, for the participants' keurmerken of the gegevensdienst (or all)."""
    query = select(Keurmerk.id, Product.organisation_id).join(Product).where(Product.organisation_id.in_(participants))
    if gegevensdienst:
        query = query.where(Keurmerk.gegevensdienst == gegevensdienst)
    return dict(db.session.execute(query).tuples().all())


@dataclass(frozen=True)
class _Deciding:
    """The facts of the measures that can decide a status on `on`, by participant id: read once a request."""

    on: date
    facts: dict[int, list[MeasureFact]]


def _deciding(participants: list[int] | Select) -> _Deciding:
    on = keurmerk_status.today()
    return _Deciding(on, keurmerk_status.deciding_facts(participants, on))


def _deciding_for(filters: Filters) -> _Deciding:
    # For every participant the filters leave, not the page's: the planner, estimating kind and
    # status apart, reads all their in-force warnings for a list of ids, but few rows by the index
    # on kind and status for a subquery; and they are few, as measures that decide a status are.
    return _deciding(_matching(filters).order_by(None))


def matching_ids(filters: Filters, deciding: _Deciding | None = None) -> list[int]:
    """The ids of the participants matching the filters, by name: one lean query, and for a status
    filter the statuses of the keurmerken of only those participants with a measure that can decide one."""
    ids = list(db.session.scalars(_matching(filters)))
    if not filters.status:
        return ids
    deciding = deciding or _deciding_for(filters)
    on, facts = deciding.on, deciding.facts
    owners = _owners(sorted(facts), filters.gegevensdienst)
    having = {
        owners[kid]
        for kid, found in keurmerk_status.statuses_of(owners, facts, on).items()
        if found.status == filters.status
    }
    # Every keurmerk of a participant without such a measure has the status of no measures at all.
    unmeasured = keurmerk_status.unmeasured(on).status == filters.status
    return [pid for pid in ids if pid in having or (unmeasured and pid not in facts)]


# One keurmerk of the register: participant id, name and category, keurmerk id, product, its
# referentiecomponent, gegevensdienst, status and since when (its latest change, else its grant).
Record = tuple[int, str, str | None, int, str, str, str, KeurmerkStatus, date]


def _keurmerken(participants: list[int] | Select, filters: Filters, deciding: _Deciding) -> list[Record]:
    """The participants' keurmerken that the filters leave, by participant name, product and gegevensdienst.

    Plain tuples from Core rows through the session's connection: for a whole register (the CSV) the
    ORM's loading and an object per keurmerk would cost more than the query.
    """
    query = (
        select(
            Keurmerk.id,
            Product.organisation_id,
            Organisation.name,
            Organisation.category,
            Product.name,
            Product.referentiecomponent,
            Keurmerk.gegevensdienst,
            Keurmerk.granted_on,
        )
        .join(Product, Keurmerk.product_id == Product.id)
        .join(Organisation, Product.organisation_id == Organisation.id)
        .where(Organisation.id.in_(participants), Organisation.is_participant.is_(True))
        .order_by(Organisation.name, Product.name, Keurmerk.gegevensdienst)
    )
    if filters.gegevensdienst:
        query = query.where(Keurmerk.gegevensdienst == filters.gegevensdienst)
    rows = db.session.connection().execute(query).tuples().all()
    found = keurmerk_status.statuses_of({row[0]: row[1] for row in rows}, deciding.facts, deciding.on)
    changed = _last_changes(participants)
    return [
        (pid, name, category, kid, product, ref, dienst, found[kid], changed.get(kid, granted_on))
        for kid, pid, name, category, product, ref, dienst, granted_on in rows
        if not filters.status or found[kid].status == filters.status
    ]


def _last_changes(participants: list[int] | Select) -> dict[int, date]:
    """Keurmerk id -> the (local) date of its latest register event, for the participants' keurmerken
    that have one (few: most keurmerken never changed)."""
    theirs = select(Keurmerk.id).join(Product).where(Product.organisation_id.in_(participants))
    rows = db.session.execute(
        select(RegisterEvent.keurmerk_id, func.max(RegisterEvent.at))
        .where(RegisterEvent.keurmerk_id.in_(theirs))
        .group_by(RegisterEvent.keurmerk_id)
    )
    return {keurmerk_id: clock.local(at).date() for keurmerk_id, at in rows}


def _rows(participants: list[int] | Select, filters: Filters, deciding: _Deciding) -> list[ParticipantRow]:
    """The participants (ids or a select of them), by name, with their keurmerken that the filters leave.

    A participant without keurmerken is listed only when no keurmerk filter is set.
    """
    organisations = db.session.execute(
        select(Organisation.id, Organisation.name, Organisation.category, Organisation.stage)
        .where(Organisation.id.in_(participants), Organisation.is_participant.is_(True))
        .order_by(Organisation.name)
    ).all()
    keurmerken = _keurmerken(participants, filters, deciding)
    published = _published({record[7].cause.id for record in keurmerken if record[7].cause is not None})
    rows: dict[int, list[KeurmerkRow]] = {}
    for pid, _name, _category, kid, product, ref, dienst, status, since in keurmerken:
        cause = status.cause
        rows.setdefault(pid, []).append(
            KeurmerkRow(
                kid,
                product,
                ref,
                dienst,
                status.status,
                since,
                Cause(cause.id, cause.kind, cause.decided_at, cause.id in published) if cause else None,
            )
        )
    keurmerk_filtered = bool(filters.gegevensdienst or filters.status)
    return [
        ParticipantRow(Participant(*o), rows.get(o.id, []))
        for o in organisations
        if rows.get(o.id) or not keurmerk_filtered
    ]


def _published(measure_ids: set[int]) -> set[int]:
    if not measure_ids:
        return set()
    return set(db.session.scalars(select(Measure.id).where(Measure.id.in_(measure_ids), Measure.publish.is_(True))))


def _all_matching(filters: Filters, deciding: _Deciding) -> list[int] | Select:
    # A status is computed, so a status filter gives a list of ids; the others stay a subquery.
    return matching_ids(filters, deciding) if filters.status else _matching(filters).order_by(None)


def participants(filters: Filters = Filters()) -> list[ParticipantRow]:
    """Every participant matching the filters, each with its matching keurmerken and their status."""
    deciding = _deciding_for(filters)
    return _rows(_all_matching(filters, deciding), filters, deciding)


def keurmerken(filters: Filters) -> list[Record]:
    """Every keurmerk the filters leave, by participant name: the whole register as the CSV has it."""
    deciding = _deciding_for(filters)
    return _keurmerken(_all_matching(filters, deciding), filters, deciding)


def page(filters: Filters, number: int) -> Page:
    """Page `number` of the participants matching the filters; a number outside the pages is the
    nearest page, so an old or edited link still shows a page."""
    per_page = PER_PAGE
    deciding = _deciding_for(filters)
    ids = matching_ids(filters, deciding)
    pages = max(1, ceil(len(ids) / per_page))
    number = min(max(number, 1), pages)
    chosen = ids[(number - 1) * per_page : number * per_page]
    return Page(_rows(chosen, filters, deciding) if chosen else [], number, pages, len(ids))


def participant(participant_id: int) -> ParticipantRow | None:
    found = _rows([participant_id], Filters(), _deciding([participant_id]))
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
