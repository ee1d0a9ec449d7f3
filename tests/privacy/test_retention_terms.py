"""The erasure date of a case from its facts, without an app (app/privacy/retention.py)."""

from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from app.privacy import retention
from app.privacy.retention import CaseFacts, add_years, term

CLOSED = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
YEARS = retention.DEFAULT_YEARS


def test_the_defaults_follow_the_case_type():
    assert term(CaseFacts("incident", CLOSED), YEARS).erase_on == date(2028, 3, 10)
    assert term(CaseFacts("complaint", CLOSED), YEARS).erase_on == date(2028, 3, 10)
    assert term(CaseFacts("dispute", CLOSED), YEARS).erase_on == date(2031, 3, 10)
    assert term(CaseFacts("objection", CLOSED), YEARS).erase_on == date(2031, 3, 10)


def test_a_breach_reported_to_the_ap_is_kept_seven_years():
    found = term(CaseFacts("incident", CLOSED, ap_notified=True), YEARS)
    assert (found.erase_on, found.retention_class) == (date(2033, 3, 10), "ap_notified")


def test_a_measure_keeps_the_case_while_it_is_on_the_register_and_five_years_after():
    assert term(CaseFacts("complaint", CLOSED, measure_ends=(None,)), YEARS) is None
    found = term(CaseFacts("complaint", CLOSED, measure_ends=(date(2027, 6, 1), date(2026, 5, 1))), YEARS)
    assert (found.erase_on, found.retention_class) == (date(2032, 6, 1), "measure")


def test_an_open_case_has_no_term_and_29_february_becomes_28():
    assert term(CaseFacts("incident", None), YEARS) is None
    assert add_years(date(2028, 2, 29), 2) == date(2030, 2, 28)


def test_a_coordinators_setting_changes_the_term():
    assert term(CaseFacts("incident", CLOSED), {**YEARS, "incident": 3}).erase_on == date(2029, 3, 10)


facts = st.builds(
    CaseFacts,
    case_type=st.sampled_from(("incident", "complaint", "dispute", "objection")),
    closed_at=st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2040, 1, 1), timezones=st.just(UTC)),
    ap_notified=st.booleans(),
    measure_ends=st.lists(st.one_of(st.none(), st.dates(date(2020, 1, 1), date(2045, 1, 1))), max_size=3).map(tuple),
)
years = st.fixed_dictionaries({name: st.integers(1, retention.MAX_YEARS) for name in retention.CLASSES})


@settings(max_examples=200, deadline=None)  # a shared 2-core machine: time is not what is tested
@given(facts, years)
def test_the_term_is_never_shorter_than_any_that_applies(case, terms):
    found = term(case, terms)
    if any(end is None for end in case.measure_ends):
        assert found is None
        return
    closed = case.closed_at.date()
    assert found.erase_on >= add_years(closed, terms[case.case_type])
    if case.ap_notified:
        assert found.erase_on >= add_years(closed, terms["ap_notified"])
    for end in case.measure_ends:
        assert found.erase_on >= add_years(end, terms["measure"])
    assert found.erase_on - retention.warn_on(found.erase_on, 30) == timedelta(days=30)
