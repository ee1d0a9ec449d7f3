"""The one parser of visibilities (pure): codes read back as they were built, malformed ones refused."""

import pytest

from app.cases.visibility import (
    PARTIES,
    SCOPES,
    Visibility,
    for_party,
    is_party,
    party_of,
)


def test_a_party_code_reads_back_its_organisation():
    assert for_party(12) == "party:12"
    assert party_of(for_party(12)) == 12
    assert Visibility.parse("party:12") == Visibility("party", 12)
    assert str(Visibility.parse("party:12")) == "party:12"


@pytest.mark.parametrize("code", SCOPES)
def test_the_shared_scopes_name_no_organisation(code):
    assert party_of(code) is None
    assert str(Visibility.parse(code)) == code
    assert not is_party(code)


@pytest.mark.parametrize("code", ["", "party:", "party:abc", "party:1x", "party:-1", "Party:1", "everyone", "party:١"])
def test_malformed_codes_are_refused(code):
    with pytest.raises(ValueError):
        Visibility.parse(code)


def test_is_party_tells_a_party_code_from_the_shared_ones():
    assert is_party(for_party(3)) and not is_party(PARTIES)
