"""The RFC workflow and planning rules, pure: tested without an app, with property-based tests where they fit."""

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.rfc import planning, workflow
from app.rfc.workflow import TransitionRefused

statuses = st.sampled_from(workflow.STATUSES)
types = st.sampled_from(workflow.TYPES)
priorities = st.sampled_from(workflow.PRIORITIES)

MAIN_LINE = (
    "requested",
    "qualified",
    "to_prioritise",
    "to_handle",
    "in_progress",
    "change_proposal",
    "to_review",
    "to_change",
    "changed",
    "pre_release",
    "released",
)


def test_a_major_rfc_follows_the_main_line_through_the_cab():
    for current, target in zip(MAIN_LINE, MAIN_LINE[1:], strict=False):
        workflow.check(current, target, "major", "major")


@pytest.mark.parametrize(("rfc_type", "priority"), [("minor", "blocker"), ("major", "critical"), ("trivial", "minor")])
def test_blocker_critical_and_trivial_skip_the_prioritisation(rfc_type, priority):
    assert workflow.next_statuses("qualified", rfc_type, priority)[0] == "in_progress"
    workflow.check("qualified", "in_progress", rfc_type, priority)
    with pytest.raises(TransitionRefused):
        workflow.check("qualified", "to_prioritise", rfc_type, priority)


def test_others_go_to_the_cab_first():
    with pytest.raises(TransitionRefused) as refused:
        workflow.check("qualified", "in_progress", "major", "major")
    assert refused.value.field is None and "to_prioritise" in refused.value.options


def test_rejection_and_hold_need_a_reason_and_the_reason_is_a_field_error():
    for target in ("rejected", "on_hold"):
        with pytest.raises(TransitionRefused) as refused:
            workflow.check("in_progress", target, "major", "major", "  ")
        assert refused.value.field == "reason"
        workflow.check("in_progress", target, "major", "major", "Hoort bij de Architectenraad")


def test_on_hold_returns_only_to_where_it_was_held():
    assert workflow.next_statuses("on_hold", "major", "major", held_from="to_change") == ("to_change", "rejected")
    with pytest.raises(TransitionRefused):
        workflow.check("on_hold", "in_progress", "major", "major", held_from="to_change")


def test_corrections_return_to_pre_release():
    assert workflow.path("changed", "released", "minor", "minor") == ("pre_release", "released")
    for current, target in (("pre_release", "to_correct"), ("to_correct", "corrected"), ("corrected", "pre_release")):
        workflow.check(current, target, "minor", "minor")


@given(statuses, statuses, types, priorities)
def test_finished_rfcs_never_move_and_unknown_moves_are_refused(current, target, rfc_type, priority):
    allowed = target in workflow.next_statuses(current, rfc_type, priority, held_from="to_handle")
    try:
        workflow.check(current, target, rfc_type, priority, "een reden", held_from="to_handle")
    except TransitionRefused as refused:
        assert not allowed and refused.field is None
    else:
        assert allowed and current not in workflow.FINAL and current != target


@given(st.sampled_from(workflow.OPEN), types, priorities)
def test_every_open_status_can_be_rejected_or_held_and_leads_to_release(current, rfc_type, priority):
    options = workflow.next_statuses(current, rfc_type, priority, held_from="to_change")
    assert "rejected" in options
    assert ("on_hold" in options) == (current != "on_hold")
    start = "to_change" if current == "on_hold" else current
    assert start == "released" or workflow.path(start, "released", rfc_type, priority)


def test_clocks_follow_the_steps():
    assert workflow.clocks_to_meet("requested", "qualified") == ("reaction", "qualification")
    assert workflow.clocks_to_meet("requested", "rejected") == ("reaction",)
    assert workflow.clock_to_start("in_progress") == "handling"
    assert workflow.clocks_to_meet("in_progress", "change_proposal") == ("handling",)
    assert workflow.clock_to_start("to_change") == workflow.clock_to_start("to_correct") == "processing"
    assert workflow.clock_variant("trivial", "critical") == "urgent"
    assert workflow.clock_variant("major", "minor") == "major"


def test_the_submitter_is_told_at_the_steps_the_process_names():
    told = {s for s in workflow.STATUSES if workflow.tells_submitter(s)}
    assert told == {
        "qualified",
        "in_progress",
        "change_proposal",
        "changed",
        "released",
        "corrected",
        "rejected",
        "on_hold",
    }


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)))
def test_the_freeze_runs_from_15_july_up_to_1_october(day):
    start, end = planning.freeze_of(day.year)
    assert planning.in_freeze(day) == (start <= day < end)
    assert planning.needs_freeze_reason(True, day) == planning.in_freeze(day)
    assert not planning.needs_freeze_reason(False, day)


def test_the_freeze_edges():
    assert planning.in_freeze(date(2026, 7, 15)) and planning.in_freeze(date(2026, 9, 30))
    assert not planning.in_freeze(date(2026, 7, 14)) and not planning.in_freeze(date(2026, 10, 1))
    assert planning.in_freeze(date(2026, 7, 15) + timedelta(days=40))


def test_release_kinds_fit_priorities():
    assert planning.fits("hotfix", "blocker") and planning.fits("hotfix", "critical")
    assert planning.fits("feature", "major") and planning.fits("patch", "trivial")
    assert not planning.fits("patch", "major")


def test_redaction_replaces_whole_names_in_any_case():
    text = "Jan Jansen van Vodix meldde het; jan jansen belde. Jannes niet."
    assert planning.redact(text, ["Jan Jansen", "Vodix"]) == (
        "[geredigeerd] van [geredigeerd] meldde het; [geredigeerd] belde. Jannes niet."
    )
    assert planning.redact(text, []) == text
    assert planning.parse_names("Jan Jansen\n, Vodix;Jan Jansen") == ["Jan Jansen", "Vodix"]


@given(st.text(max_size=80), st.lists(st.text(min_size=1, max_size=10), max_size=4))
def test_redaction_leaves_no_marked_name(text, names):
    redacted = planning.redact(text, names)
    for name in (n.strip() for n in names if n.strip()):
        assert planning.redact(redacted, [name]) == redacted or name.lower() in planning.REDACTED.lower()
