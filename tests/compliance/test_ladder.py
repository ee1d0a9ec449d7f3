"""The ladder's pure rules: outcomes per case type, the next step, and which terms a measure may carry."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.compliance import ladder
from app.compliance.status import MEASURE_KINDS
from tests.helpers.clock import NOW

TODAY = date(2026, 3, 10)


def test_the_next_step_always_climbs_and_ends_at_revocation():
    for kind in MEASURE_KINDS:
        seen, step = [], kind
        while (step := ladder.next_step(step)) is not None:
            assert step not in seen and MEASURE_KINDS.index(step) > MEASURE_KINDS.index(kind)
            seen.append(step)
        assert not seen or seen[-1] == "revocation"


def test_four_eyes_for_suspension_and_revocation_only():
    assert {k for k in MEASURE_KINDS if ladder.needs_approval(k)} == {
        "suspension",
        "emergency_suspension",
        "revocation",
    }


def test_outcomes_follow_the_case_type():
    assert "upheld" in ladder.outcomes_for("complaint") and "upheld" not in ladder.outcomes_for("dispute")
    assert ladder.outcomes_for("incident") == ("resolved", "withdrawn")
    assert ladder.outcomes_for("nonsense") == ()


@given(kind=st.sampled_from(sorted(ladder.TAKES_DUE)), hours=st.integers(min_value=0, max_value=24 * 400))
def test_a_due_date_that_has_passed_is_always_refused(kind, hours):
    with pytest.raises(ladder.MeasureRefused) as refused:
        ladder.check_terms(kind, TODAY, None, NOW - timedelta(hours=hours), NOW, TODAY)
    assert refused.value.field == "due_at"


@given(kind=st.sampled_from(MEASURE_KINDS), start=st.integers(0, 60), length=st.integers(-30, 60))
def test_an_end_must_follow_the_start(kind, start, length):
    starts_on = TODAY + timedelta(days=start)
    due = NOW + timedelta(days=14) if kind in ladder.NEEDS_DUE else None
    ends_on = starts_on + timedelta(days=length) if kind in ladder.TAKES_END else None
    if ends_on is not None and length <= 0:
        with pytest.raises(ladder.MeasureRefused):
            ladder.check_terms(kind, starts_on, ends_on, due, NOW, TODAY)
    else:
        ladder.check_terms(kind, starts_on, ends_on, due, NOW, TODAY)


@pytest.mark.parametrize("kind, field", [("improvement_plan", "due_at"), ("notice_of_default", "due_at")])
def test_a_term_is_required_where_the_participant_must_deliver(kind, field):
    with pytest.raises(ladder.MeasureRefused) as refused:
        ladder.check_terms(kind, TODAY, None, None, NOW, TODAY)
    assert refused.value.field == field


@given(kind=st.sampled_from(sorted(ladder.TAKES_DUE)), days=st.integers(min_value=733, max_value=40_000))
def test_a_due_date_years_away_is_refused(kind, days):
    with pytest.raises(ladder.MeasureRefused) as refused:
        ladder.check_terms(kind, TODAY, None, NOW + timedelta(days=days), NOW, TODAY)
    assert refused.value.field == "due_at"


def test_no_start_in_the_past_and_no_term_on_a_warning():
    with pytest.raises(ladder.MeasureRefused):
        ladder.check_terms("warning", TODAY - timedelta(days=1), None, None, NOW, TODAY)
    with pytest.raises(ladder.MeasureRefused):
        ladder.check_terms("warning", TODAY, None, NOW + timedelta(days=3), NOW, TODAY)
    with pytest.raises(ladder.MeasureRefused):
        ladder.check_terms("revocation", TODAY, TODAY + timedelta(days=3), None, NOW, TODAY)
