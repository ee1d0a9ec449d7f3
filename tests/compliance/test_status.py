"""The keurmerk status derivation: worked examples from the sanction ladder, and properties."""

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from app.compliance.status import (
    KEURMERK_STATUSES,
    MEASURE_KINDS,
    MEASURE_STATUSES,
    KeurmerkStatus,
    MeasureFact,
    derive_status,
    timeline,
)

UTC = UTC
D0 = date(2026, 3, 2)
KM, PART = 1, 10  # the keurmerk under test and its participant
PROPS = settings(max_examples=200, deadline=None)


def day(n: int) -> date:
    return D0 + timedelta(days=n)


def measure(
    id=1, kind="suspension", status="in_force", start=0, end=None, keurmerk_id=KM, participant_id=PART, decided=None
) -> MeasureFact:
    return MeasureFact(
        id=id,
        kind=kind,
        status=status,
        starts_on=day(start),
        ends_on=None if end is None else day(end),
        decided_at=datetime(2026, 3, 1, 9, tzinfo=UTC) + timedelta(hours=decided if decided is not None else id),
        keurmerk_id=keurmerk_id,
        participant_id=participant_id,
    )


def status_on(measures, n: int) -> KeurmerkStatus:
    return derive_status(KM, PART, measures, day(n))


# --- worked examples ------------------------------------------------------------------------


def test_improvement_plan_is_conditional_until_it_ends():
    plan = measure(kind="improvement_plan", start=2, end=10)
    assert status_on([plan], 1) == KeurmerkStatus("valid", None)
    assert status_on([plan], 2) == KeurmerkStatus("conditional", plan)
    assert status_on([plan], 9) == KeurmerkStatus("conditional", plan)
    assert status_on([plan], 10) == KeurmerkStatus("valid", None)


def test_notice_of_default_is_conditional_and_a_met_plan_no_longer_counts():
    notice = measure(kind="notice_of_default", start=0)
    assert status_on([notice], 3).status == "conditional"
    assert status_on([replace(notice, status="met")], 3).status == "valid"


def test_suspension_then_valid_after_it_ends():
    suspension = measure(kind="suspension", start=1, end=5)
    assert status_on([suspension], 1) == KeurmerkStatus("suspended", suspension)
    assert status_on([suspension], 5) == KeurmerkStatus("valid", None)


def test_suspension_outranks_an_improvement_plan():
    plan = measure(1, "improvement_plan", start=0)
    emergency = measure(2, "emergency_suspension", start=3, end=6)
    assert status_on([plan, emergency], 4) == KeurmerkStatus("suspended", emergency)
    assert status_on([plan, emergency], 6) == KeurmerkStatus("conditional", plan)


def test_revocation_holds_even_after_its_ends_on():
    revocation = measure(kind="revocation", start=2, end=4)
    assert status_on([revocation], 1).status == "valid"
    assert status_on([revocation], 2) == KeurmerkStatus("revoked", revocation)
    assert status_on([revocation], 100) == KeurmerkStatus("revoked", revocation)
    assert status_on([replace(revocation, status="ended")], 100).status == "revoked"


def test_reinstatement_makes_it_valid_and_is_the_cause():
    revocation = measure(1, "revocation", start=2)
    reinstatement = measure(2, "reinstatement", start=20, status="met")
    assert status_on([revocation, reinstatement], 19).status == "revoked"
    assert status_on([revocation, reinstatement], 20) == KeurmerkStatus("valid", reinstatement)


def test_reinstatement_before_the_revocation_does_not_lift_it():
    early = measure(1, "reinstatement", start=1)
    revocation = measure(2, "revocation", start=5)
    assert status_on([early, revocation], 30) == KeurmerkStatus("revoked", revocation)


def test_participant_wide_suspension_applies_to_each_keurmerk():
    wide = measure(kind="suspension", keurmerk_id=None, start=0)
    for keurmerk_id in (KM, 2, 3):
        assert derive_status(keurmerk_id, PART, [wide], day(1)) == KeurmerkStatus("suspended", wide)
    assert derive_status(4, PART + 1, [wide], day(1)).status == "valid"


@pytest.mark.parametrize("status", ["proposed", "rejected"])
def test_unapproved_suspension_or_revocation_leaves_it_valid(status):
    for kind in ("suspension", "revocation"):
        assert status_on([measure(kind=kind, status=status)], 3) == KeurmerkStatus("valid", None)


def test_measure_on_another_keurmerk_does_not_count():
    other = measure(kind="revocation", keurmerk_id=2)
    assert status_on([other], 5) == KeurmerkStatus("valid", None)


def test_warning_and_request_for_explanation_do_not_change_status():
    assert status_on([measure(1, "warning"), measure(2, "request_explanation")], 1).status == "valid"


def test_timeline_lists_the_changes():
    plan = measure(1, "improvement_plan", start=1, end=20)
    suspension = measure(2, "suspension", start=5, end=10)
    revocation = measure(3, "revocation", start=15, end=16)
    assert timeline(KM, PART, [plan, suspension, revocation], day(0), day(30)) == [
        (day(0), KeurmerkStatus("valid", None)),
        (day(1), KeurmerkStatus("conditional", plan)),
        (day(5), KeurmerkStatus("suspended", suspension)),
        (day(10), KeurmerkStatus("conditional", plan)),
        (day(15), KeurmerkStatus("revoked", revocation)),
    ]
    with pytest.raises(ValueError):
        timeline(KM, PART, [], day(2), day(1))


def test_bad_facts_are_rejected():
    with pytest.raises(ValueError):
        measure(kind="fine")
    with pytest.raises(ValueError):
        measure(status="pending")
    with pytest.raises(ValueError):
        replace(measure(), decided_at=datetime(2026, 3, 1, 9))


# --- properties -----------------------------------------------------------------------------


def facts(kinds=MEASURE_KINDS, statuses=MEASURE_STATUSES):
    """Measures around keurmerk KM, its sibling 2 and another participant, with tied decision times."""
    return st.builds(
        lambda kind, status, start, length, keurmerk_id, participant_id, decided: (
            kind,
            status,
            day(start),
            None if length is None else day(start + length),
            datetime(2026, 3, 1, tzinfo=UTC) + timedelta(hours=decided),
            keurmerk_id,
            participant_id,
        ),
        st.sampled_from(kinds),
        st.sampled_from(statuses),
        st.integers(0, 40),
        st.none() | st.integers(0, 20),
        st.sampled_from([None, KM, 2]),
        st.sampled_from([PART, PART + 1]),
        st.integers(0, 5),
    )


def with_ids(rows, first=1):
    return [
        MeasureFact(first + i, kind, status, starts_on, ends_on, decided, keurmerk_id, participant_id)
        for i, (kind, status, starts_on, ends_on, decided, keurmerk_id, participant_id) in enumerate(rows)
    ]


measure_lists = st.lists(facts(), max_size=12).map(with_ids)
dates = st.integers(-5, 70).map(day)


@PROPS
@given(measure_lists, dates)
def test_no_measure_in_force_means_valid(measures, on):
    # Move every measure after `on`: nothing has started, so nothing is in force.
    later = [replace(m, starts_on=on + timedelta(days=1)) for m in measures]
    assert derive_status(KM, PART, later, on) == KeurmerkStatus("valid", None)


@PROPS
@given(measure_lists.flatmap(lambda ms: st.tuples(st.just(ms), st.permutations(ms))), dates)
def test_input_order_never_changes_the_result(pair, on):
    measures, shuffled = pair
    assert derive_status(KM, PART, shuffled, on) == derive_status(KM, PART, measures, on)
    assert timeline(KM, PART, shuffled, day(0), day(60)) == timeline(KM, PART, measures, day(0), day(60))


@PROPS
@given(
    st.lists(facts(kinds=[k for k in MEASURE_KINDS if k != "reinstatement"]), max_size=10),
    st.integers(0, 40),
    st.sampled_from(["in_force", "met", "ended"]),
    st.sampled_from([None, KM]),
    st.integers(0, 30),
)
def test_revocation_without_reinstatement_is_never_undone(rows, start, status, keurmerk_id, later):
    revocation = MeasureFact(
        0, "revocation", status, day(start), day(start + 1), datetime(2026, 3, 1, tzinfo=UTC), keurmerk_id, PART
    )
    others = with_ids(rows)
    on = day(start + later)
    assert derive_status(KM, PART, [revocation, *others], on).status == "revoked"
    # End every other measure (and the revocation itself) right away: still revoked.
    ended = [replace(m, ends_on=m.starts_on + timedelta(days=1), status="ended") for m in others]
    assert derive_status(KM, PART, [replace(revocation, status="ended"), *ended], on).status == "revoked"


@PROPS
@given(
    measure_lists,
    dates,
    st.sampled_from(["warning", "request_explanation"]),
    st.sampled_from(MEASURE_STATUSES),
    st.sampled_from([None, KM]),
    st.integers(-5, 70),
)
def test_adding_a_warning_never_changes_the_status(measures, on, kind, status, keurmerk_id, start):
    warning = MeasureFact(1000, kind, status, day(start), None, datetime(2026, 3, 2, tzinfo=UTC), keurmerk_id, PART)
    assert derive_status(KM, PART, [*measures, warning], on) == derive_status(KM, PART, measures, on)


@PROPS
@given(measure_lists, dates)
def test_result_is_a_known_status_explained_by_an_applicable_decision(measures, on):
    result = derive_status(KM, PART, measures, on)
    assert result.status in KEURMERK_STATUSES
    if result.cause is None:
        assert result.status == "valid"
    else:
        assert result.cause in measures
        assert result.cause.status not in ("proposed", "rejected")
        assert result.cause.keurmerk_id == KM or (
            result.cause.keurmerk_id is None and result.cause.participant_id == PART
        )
    if result.status == "valid" and result.cause is not None:
        assert result.cause.kind == "reinstatement"


@PROPS
@given(measure_lists)
def test_timeline_matches_a_day_by_day_scan(measures):
    expected, previous = [], None
    for n in range(0, 61):
        current = status_on(measures, n)
        if current != previous:
            expected.append((day(n), current))
        previous = current
    assert timeline(KM, PART, measures, day(0), day(60)) == expected
