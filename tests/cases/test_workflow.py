"""The workflow rule book, without an app: worked examples and properties over every status."""

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.cases import workflow
from app.cases.workflow import TransitionRefused

statuses = st.sampled_from(workflow.STATUSES)
reasons = st.one_of(st.none(), st.text(max_size=20))


def test_the_domain_path_is_allowed_step_by_step():
    for current, target in [
        ("received", "triage"),
        ("triage", "in_progress"),
        ("in_progress", "waiting"),
        ("waiting", "in_progress"),
        ("in_progress", "decided"),
        ("decided", "closed"),
        ("triage", "rejected"),
        ("received", "withdrawn"),
        ("waiting", "withdrawn"),
    ]:
        workflow.check(current, target, "because")


@pytest.mark.parametrize(
    "current,target",
    [
        ("received", "in_progress"),
        ("received", "closed"),
        ("triage", "decided"),
        ("waiting", "decided"),
        ("in_progress", "rejected"),
        ("decided", "in_progress"),
        ("decided", "withdrawn"),
    ],
)
def test_skipping_or_going_back_is_refused_with_the_possible_next_steps(current, target):
    with pytest.raises(TransitionRefused) as refused:
        workflow.check(current, target, "because")
    assert refused.value.field is None
    assert f"status {current} cannot go to {target}" in str(refused.value)
    assert ", ".join(workflow.next_statuses(current)) in str(refused.value)


def test_a_closed_case_stays_closed_with_a_clear_message():
    with pytest.raises(TransitionRefused) as refused:
        workflow.check("closed", "in_progress", "reopen")
    assert str(refused.value) == "This case has the status closed, so its status can no longer change."


def test_rejection_waiting_and_withdrawal_need_a_reason():
    for current, target in [("triage", "rejected"), ("in_progress", "waiting"), ("triage", "withdrawn")]:
        for reason in (None, "", "   \n"):
            with pytest.raises(TransitionRefused) as refused:
                workflow.check(current, target, reason)
            assert refused.value.field == "reason"
    workflow.check("in_progress", "decided", None)  # a decision carries its own reasoning


def test_unknown_and_unchanged_statuses_are_refused():
    with pytest.raises(TransitionRefused, match="not a status"):
        workflow.check("triage", "archived")
    with pytest.raises(TransitionRefused, match="already has the status triage"):
        workflow.check("triage", "triage")


def test_the_refusal_can_be_worded_in_another_language():
    with pytest.raises(TransitionRefused) as raised:
        workflow.check("waiting", "decided")
    refused = raised.value
    words = {
        "waiting": "wacht op reactie",
        "decided": "besloten",
        "in_progress": "in behandeling",
        "withdrawn": "ingetrokken",
    }
    assert refused.values(words.get) == {
        "current": "wacht op reactie",
        "target": "besloten",
        "options": "in behandeling, ingetrokken",
    }


def test_the_statuses_match_the_stored_ones():
    from app.cases import models

    assert workflow.STATUSES == models.STATUSES
    assert workflow.OPEN == models.OPEN_STATUSES


@given(statuses, statuses, reasons)
def test_check_agrees_with_the_table(current, target, reason):
    """check() passes exactly for a listed move with, where needed, a reason that is not blank."""
    expected = workflow.allowed(current, target) and (not workflow.needs_reason(target) or bool((reason or "").strip()))
    try:
        workflow.check(current, target, reason)
    except TransitionRefused as refused:
        assert not expected
        assert str(refused)  # always a message
    else:
        assert expected


@given(st.sampled_from(workflow.FINAL), statuses, reasons)
def test_no_transition_leaves_a_finished_case(final, target, reason):
    with pytest.raises(TransitionRefused):
        workflow.check(final, target, reason)
    assert workflow.path(final, target) == ()


@given(st.lists(statuses, max_size=30))
def test_any_walk_through_the_table_stays_in_known_statuses_and_ends_for_good(choices):
    """Follow allowed moves, picking by the drawn statuses; once final, nothing more is allowed."""
    status = "received"
    for wish in choices:
        options = workflow.next_statuses(status)
        if not options:
            assert workflow.is_final(status)
            break
        status = options[workflow.STATUSES.index(wish) % len(options)]
        assert status in workflow.STATUSES
    if workflow.is_final(status):
        assert workflow.next_statuses(status) == ()


@given(st.sampled_from([s for s in workflow.STATUSES if not workflow.is_final(s)]))
def test_every_unfinished_status_can_reach_closed_by_allowed_steps(status):
    steps = workflow.path(status, "closed")
    assert steps and steps[-1] == "closed"
    current = status
    for step in steps:
        workflow.check(current, step, "a reason")
        current = step


@given(statuses)
def test_every_status_is_reachable_from_received(status):
    assert status == "received" or workflow.path("received", status)


@given(st.sampled_from(workflow.OPEN))
def test_every_open_case_can_be_withdrawn(status):
    workflow.check(status, "withdrawn", "the reporter withdrew")


@given(statuses, statuses)
def test_a_path_is_a_shortest_chain_of_allowed_moves(start, goal):
    steps = workflow.path(start, goal)
    chain = (start, *steps)
    assert all(workflow.allowed(a, b) for a, b in itertools.pairwise(chain))
    assert len(set(chain)) == len(chain)  # no loops
