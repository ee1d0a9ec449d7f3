"""Every `next` goes through one helper: a path on this site, or nothing (issue 9, open redirect)."""

from urllib.parse import quote

import pytest

from app.auth.models import Role
from app.web.redirects import safe_local_path
from tests.helpers.login import PASSWORD
from tests.helpers.pages import csrf_token

HOSTILE = [
    "//evil.com",
    "///evil.com",
    "/\\evil.com",
    "\\\\evil.com",
    "/\t/evil.com",
    "/\r\n/evil.com",
    "/\n/evil.com",
    "\t//evil.com",
    " //evil.com",
    "/%09/evil.com",
    "/%2F/evil.com",
    "%2F%2Fevil.com",
    "/%5Cevil.com",
    "/%5C%5Cevil.com",
    "/%0d%0a/evil.com",
    "/%252F%252Fevil.com",
    "https://evil.com",
    "https:evil.com",
    "http:/evil.com",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "evil.com",
    "data:text/html,<script>",
    "/x\x00y",
    "",
    None,
]
GOOD = ["/", "/volgen", "/zaken?status=open&page=2", "/keurmerkregister/3?q=toets%20a"]


@pytest.mark.parametrize("target", HOSTILE)
def test_hostile_targets_are_refused(target):
    assert safe_local_path(target) is None


@pytest.mark.parametrize("target", GOOD)
def test_local_paths_with_a_query_pass_unchanged(target):
    assert safe_local_path(target) == target


def _switch(client, next_value):
    token = csrf_token(client, "/")
    return client.post("/taal", data={"csrf_token": token, "lang": "en", "next": next_value})


@pytest.mark.parametrize("target", [t for t in HOSTILE if t])
def test_the_language_switch_never_leaves_the_site(client, target):
    response = _switch(client, target)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"


def test_the_404_page_of_a_tab_path_no_longer_leads_away(client):
    page = client.get("/%09/evil.com")
    assert page.status_code == 404
    response = _switch(client, "/\t/evil.com")
    assert response.headers["Location"] == "/"


def test_the_language_switch_returns_to_a_local_page_with_its_query(client):
    response = _switch(client, "/keurmerkregister?q=toets&page=2")
    assert response.headers["Location"] == "/keurmerkregister?q=toets&page=2"


@pytest.mark.parametrize(
    "target", ["//evil.com", "/\\evil.com", "/\t/evil.com", "https:evil.com", "javascript:alert(1)", "/%0d%0a/evil.com"]
)
def test_login_never_redirects_away(client, make_user, target):
    make_user("staff@edu-v.example", Role.SUPERVISOR)
    token = csrf_token(client, "/inloggen")
    response = client.post(
        "/inloggen?next=" + quote(target, safe=""),
        data={"csrf_token": token, "email": "staff@edu-v.example", "password": PASSWORD},
    )
    assert response.status_code == 302
    assert response.headers["Location"] == "/behandelen"


def test_login_follows_a_local_next_with_a_query(client, make_user):
    make_user("staff@edu-v.example", Role.SUPERVISOR)
    token = csrf_token(client, "/inloggen")
    response = client.post(
        "/inloggen?next=" + quote("/behandelen?status=all", safe=""),
        data={"csrf_token": token, "email": "staff@edu-v.example", "password": PASSWORD},
    )
    assert response.headers["Location"] == "/behandelen?status=all"
