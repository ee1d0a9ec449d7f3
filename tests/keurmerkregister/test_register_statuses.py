"""The register reads only the measures that can decide a status; the statuses must be those that
compliance.status derives from all of a participant's counting measures."""

from datetime import timedelta
from itertools import product

from app import clock
from app.compliance.models import Measure
from app.compliance.services import keurmerk_status
from app.compliance.status import MEASURE_KINDS, derive_status
from app.extensions import db
from app.keurmerkregister import listing
from tests.compliance.helpers import complaint_in_progress, people, supplier
from tests.helpers.clock import NOW

TODAY = NOW.date()
# Started long ago, starts today, starts tomorrow; no end, ended today, ends tomorrow.
STARTS = (TODAY - timedelta(days=30), TODAY, TODAY + timedelta(days=1))
ENDS = (None, TODAY, TODAY + timedelta(days=1))


def test_the_statuses_are_those_derived_from_every_counting_measure(app, make_user):
    clock.freeze(NOW)
    folks = people(make_user, supplier("Vodix"))
    case = complaint_in_progress(folks["pia"].organisation, folks["sam"])
    # One participant per kind, each with a measure of that kind in every status, start and end,
    # against one keurmerk of its two and against it as a whole.
    # A last one has every kind at once, so revocations meet reinstatements and suspensions.
    owners, expected = {}, {}
    for n, kinds in enumerate([(kind,) for kind in MEASURE_KINDS] + [MEASURE_KINDS]):
        org = supplier(f"Deelnemer {n}")
        marks = [k for p in org.products for k in p.keurmerken]
        for kind, status, starts_on, ends_on, whole in product(
            kinds, ("proposed", "in_force", "met", "ended", "rejected"), STARTS, ENDS, (True, False)
        ):
            db.session.add(
                Measure(
                    case_id=case.id,
                    kind=kind,
                    participant_id=org.id,
                    keurmerk_id=None if whole else marks[0].id,
                    reasoning="-",
                    status=status,
                    starts_on=starts_on,
                    ends_on=ends_on,
                    proposed_at=NOW - timedelta(days=n),
                )
            )
        owners.update({k.id: org.id for k in marks})
    db.session.commit()
    every = {pid: [keurmerk_status.fact(m) for m in found] for pid, found in keurmerk_status.measures_of().items()}
    for kid, pid in owners.items():
        expected[kid] = derive_status(kid, pid, every.get(pid, []), TODAY)

    on = keurmerk_status.today()
    found = keurmerk_status.statuses_of(owners, keurmerk_status.deciding_facts(sorted(set(owners.values())), on), on)
    assert found == expected
    assert {s.status for s in found.values()} == {"valid", "conditional", "suspended", "revoked"}
    # The page's status filter finds exactly the participants with a keurmerk of that status.
    for status in ("valid", "conditional", "suspended", "revoked"):
        having = {pid for kid, pid in owners.items() if expected[kid].status == status}
        assert set(listing.matching_ids(listing.Filters(status=status))) & set(owners.values()) == having
