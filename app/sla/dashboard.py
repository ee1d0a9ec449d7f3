"""The coordinators' SLA figures: open clocks by state, breaches this month, share met per month and how many
clocks are at risk (read from the SLA tallies, app/sla/tallies.py), and the clocks at risk ranked (read live)."""

from dataclasses import dataclass
from datetime import date, datetime, time

from sqlalchemy import and_, func, select

from app import clock
from app.extensions import db
from app.sla import clocks, services, tallies
from app.sla.admin import sources
from app.sla.models import Deadline, SlaTally

STATES = ("running", "paused", "breached")
# Met at once on intake by the acknowledgement itself: counting it would only flatter the figures.
NOT_COUNTED = ("acknowledge",)


def _case_type_order() -> list[str]:
    return list(dict.fromkeys(case_type for case_type, _variant in clocks.DEFAULT_POLICIES))


def _joined(query, subject_type: str, subjects):
    return query.select_from(Deadline).join(
        subjects, and_(Deadline.subject_type == subject_type, Deadline.subject_id == subjects.c.id)
    )


def open_by_state() -> dict[str, int]:
    """Clocks of open subjects not yet met, by state (clocks.state_of)."""
    counts = dict.fromkeys(STATES, 0)
    query = select(SlaTally.outcome, func.sum(SlaTally.count)).where(
        SlaTally.bucket == tallies.OPEN, SlaTally.outcome.in_(STATES)
    )
    for state, count in db.session.execute(query.group_by(SlaTally.outcome)):
        counts[state] += count
    return counts


def month_start(moment: datetime, months_back: int = 0) -> datetime:
    """The start (local midnight, in UTC) of the month `months_back` before the one holding `moment`."""
    local = clock.local(moment)
    index = local.year * 12 + local.month - 1 - months_back
    first = datetime.combine(date(index // 12, index % 12 + 1, 1), time(), tzinfo=clock.LOCAL_TZ)
    return clock.as_utc(first)


def _ordered(counts: dict[str, object]) -> list[str]:
    return [t for t in dict.fromkeys(_case_type_order() + sorted(counts)) if t in counts]


def breaches_since(start: datetime) -> dict[str, int]:
    """Clocks breached since the start of the month holding `start`, per case type, in the order of the policies."""
    query = (
        select(SlaTally.case_type, func.sum(SlaTally.count))
        .where(
            SlaTally.bucket != tallies.OPEN,
            SlaTally.bucket >= tallies.month_key(start),
            SlaTally.outcome == "breached",
        )
        .group_by(SlaTally.case_type)
    )
    counts = {case_type: count for case_type, count in db.session.execute(query) if count}
    return {t: counts[t] for t in _ordered(counts)}


@dataclass(frozen=True)
class MonthShare:
    """The clocks that ended in one month per case type: (met in time, ended)."""

    start: datetime
    ended: dict[str, tuple[int, int]]

    def share(self, case_type: str) -> float | None:
        met, ended = self.ended.get(case_type, (0, 0))
        return met / ended if ended else None


def monthly_share(now: datetime, months: int = 12) -> tuple[list[str], list[MonthShare]]:
    """Per month (oldest first) and case type, the share of clocks met in time among those that ended.

    A clock ends in the month it is breached, or in the month it is met when it was never breached.
    """
    starts = [month_start(now, back) for back in range(months - 1, -1, -1)]
    keys = {tallies.month_key(start): index for index, start in enumerate(starts)}
    counted: list[dict[str, list[int]]] = [{} for _ in starts]
    query = (
        select(SlaTally.bucket, SlaTally.case_type, SlaTally.outcome, func.sum(SlaTally.count))
        .where(SlaTally.bucket.in_(keys), SlaTally.kind.not_in(NOT_COUNTED))
        .group_by(SlaTally.bucket, SlaTally.case_type, SlaTally.outcome)
    )
    for bucket, case_type, outcome, count in db.session.execute(query):
        if not count:
            continue
        tally = counted[keys[bucket]].setdefault(case_type, [0, 0])
        tally[0] += count if outcome == "met" else 0
        tally[1] += count
    seen = {case_type for tally in counted for case_type in tally}
    return _ordered(dict.fromkeys(seen)), [
        MonthShare(start, {t: tuple(v) for t, v in tally.items()}) for start, tally in zip(starts, counted, strict=True)
    ]


@dataclass(frozen=True)
class AtRisk:
    label: str
    url: str
    case_type: str
    kind: str
    due_at: datetime
    fraction: float


# The clocks at risk nearest their due moment that are ranked by how much of their time is used: a
# large desk can have thousands past their warning point, and ranking them all costs a clock each.
AT_RISK_RANKED = 500


def at_risk(now: datetime, limit: int = 25) -> tuple[list[AtRisk], int]:
    """Running clocks the sweep has warned about (past their warning point, not yet breached), most
    used first (among the AT_RISK_RANKED due soonest), and how many there are."""
    total = db.session.scalar(
        select(func.coalesce(func.sum(SlaTally.count), 0)).where(
            SlaTally.bucket == tallies.OPEN, SlaTally.outcome == tallies.AT_RISK
        )
    )
    calendar = services.current_calendar()
    found = []
    for subject_type, source in sources().items():
        subjects = source.rows().subquery()
        query = _joined(select(Deadline, subjects.c.label, subjects.c.case_type), subject_type, subjects)
        query = query.where(
            subjects.c.is_open,
            Deadline.met_at.is_(None),
            Deadline.paused_since.is_(None),
            Deadline.breached_at.is_(None),
            Deadline.warned_at.is_not(None),
        )
        query = query.order_by(Deadline.due_at, Deadline.id).limit(AT_RISK_RANKED)
        for deadline, label, case_type in db.session.execute(query):
            fraction = clocks.elapsed_fraction(
                services.spec_of(deadline), deadline.started_at, deadline.paused_seconds, now, calendar
            )
            found.append(AtRisk(label, source.url(label), case_type, deadline.kind, deadline.due_at, fraction))
    found.sort(key=lambda item: (-item.fraction, item.due_at))
    return found[:limit], total


@dataclass(frozen=True)
class Bar:
    x: float
    y: float
    width: float
    height: float
    case_type: str
    percent: int


@dataclass(frozen=True)
class Chart:
    """Geometry of the grouped bar chart (an SVG drawn by the template), in SVG user units."""

    width: int
    height: int
    top: int
    plot_height: int
    left: int
    group_width: float
    bars: list[Bar]


def bar_chart(types: list[str], months: list[MonthShare], width: int = 720, height: int = 240) -> Chart:
    left, top, bottom = 44, 10, 30
    plot_height = height - top - bottom
    group_width = (width - left) / max(len(months), 1)
    bar_width = group_width * 0.8 / max(len(types), 1)
    bars = []
    for m, month in enumerate(months):
        for t, case_type in enumerate(types):
            share = month.share(case_type)
            if share is None:
                continue
            bar_height = plot_height * share
            x = left + m * group_width + group_width * 0.1 + t * bar_width
            bars.append(
                Bar(
                    round(x, 1),
                    round(top + plot_height - bar_height, 1),
                    round(bar_width, 1),
                    round(bar_height, 1),
                    case_type,
                    round(share * 100),
                )
            )
    return Chart(width, height, top, plot_height, left, round(group_width, 1), bars)
