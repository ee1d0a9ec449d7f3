"""Every paged list answers any ?page=: text or below 1 is the first page, past the end an empty one."""

import pytest

from app.auth.models import Role
from tests.helpers.login import login

LISTS = [  # page, who may see it, what only its first page shows
    ("/beheer/outbox", Role.ADMIN, None),
    ("/beheer/organisaties", Role.ADMIN, "Vodix"),
    ("/zaken/maatregelen", Role.COORDINATOR, None),
    ("/mijn/maatregelen", Role.PARTICIPANT, None),
]


@pytest.mark.parametrize("path, role, first_page_shows", LISTS)
def test_a_page_number_that_is_no_page_is_never_an_error(app, make_user, make_org, path, role, first_page_shows):
    vodix = make_org("Vodix")
    user = make_user("gebruiker@example.org", role, organisation=vodix if role == Role.PARTICIPANT else None)
    client = app.test_client()
    login(client, user.email)
    for page in ("abc", "-3", "0", "10000000000000000000000"):  # the last outgrew SQLite's integers: a 500
        response = client.get(f"{path}?page={page}")
        assert response.status_code == 200, (path, page)
        if first_page_shows and page != "10000000000000000000000":
            assert first_page_shows in response.get_data(as_text=True)
    if first_page_shows:
        assert first_page_shows not in client.get(f"{path}?page=10000000000000000000000").get_data(as_text=True)
