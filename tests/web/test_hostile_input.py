"""Input the databases cannot hold is never a 500 (issue 9): huge ids, NUL, lone surrogates.

The walk visits every rule of app.url_map, as anonymous, a staff user and a participant, with
hostile values in each URL variable, the query string, the form and the JSON body.
"""

import re

import pytest
import wtforms
from wtforms.fields.core import UnboundField

from app.auth.models import Role
from app.bounds import INT64_MAX
from app.web.input_guard import refuse_unstorable
from tests.api.helpers import breach, file, token_for
from tests.helpers.clock import freeze
from tests.helpers.login import login
from tests.helpers.pages import csrf_token, nl
from tests.intake.helpers import breach_form, field_error, submit_incident

HUGE = ("99999999999999999999999", str(INT64_MAX + 1))
TEXT = ("INC%00", "%00", "a%ED%A0%80b", "INC-2026-00001%00")
QUERY = (
    "page=99999999999999999999&participantId=9223372036854775808&assignee=9223372036854775808"
    "&limit=9223372036854775808&participant=9223372036854775808&organisation=9223372036854775808"
    "&status=9223372036854775808&cursor=9223372036854775808"
)
VARIABLE = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")


def _field_names() -> set[str]:
    names, pending = set(), [wtforms.Form]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        names.update(
            name for klass in cls.__mro__ for name, value in vars(klass).items() if isinstance(value, UnboundField)
        )
    return names


def _url(rule, int_value: str, text_value: str) -> str:
    return VARIABLE.sub(lambda m: int_value if m.group(1) == "int" else text_value, rule.rule)


def _walk(app, client, label: str, failures: list) -> None:
    token = csrf_token(client, "/")
    form = {name: "x\x00y" for name in _field_names()} | {"csrf_token": token}
    body = {
        "title": "x\x00",
        "description": "\ud800",
        "productId": 1e20,
        "participantId": INT64_MAX + 1,
        "reference": "INC\x00",
        "code": "\x00",
        "body": "\udfff",
        "to": "closed\x00",
        "assignee": "\x00",
    }
    rules = sorted(
        (r for r in app.url_map.iter_rules() if r.endpoint != "static"), key=lambda r: r.endpoint == "auth.logout"
    )  # logging out last keeps the user
    for rule in rules:
        has_vars = bool(rule.arguments)
        urls = [_url(rule, HUGE[i % 2], TEXT[i]) for i in range(len(TEXT))] if has_vars else []
        urls += [_url(rule, "1", "INC-2026-00001") + "?" + QUERY, _url(rule, "1", "INC-2026-00001") + "?q=%00"]
        for url in urls:
            calls = []
            if "GET" in rule.methods:
                calls.append(("GET", {}))
            if "POST" in rule.methods:
                calls.append(("POST", {"data": form}))
                if rule.rule.startswith("/api/"):
                    calls.append(("POST", {"json": body}))
            if "DELETE" in rule.methods:
                calls.append(("DELETE", {}))
            for method, kwargs in calls:
                response = client.open(url, method=method, **kwargs)
                if response.status_code >= 500:
                    failures.append(f"{label} {method} {url} -> {response.status_code}")


@pytest.fixture()
def people(app, register_with_keurmerk, make_user):
    freeze()
    org = register_with_keurmerk
    staff = make_user("sam@edu-v.example", Role.COORDINATOR)
    member = make_user("pat@vodix.example", Role.PARTICIPANT, organisation=org)
    return org, staff, member


def test_no_route_answers_5xx_to_input_the_databases_cannot_hold(app, people):
    org, _staff, _member = people
    app.config["MAX_CONTENT_LENGTH"] = 10 * 1024 * 1024
    client = app.test_client()
    file(client, breach(org.id))  # INC-2026-00001: the walk's valid reference
    failures = []
    _walk(app, app.test_client(), "anonymous", failures)
    for email in ("sam@edu-v.example", "pat@vodix.example"):
        client = app.test_client()
        login(client, email)
        _walk(app, client, email, failures)
    assert failures == []


@pytest.mark.parametrize(
    "url",
    [
        "/keurmerkregister/99999999999999999999999",
        "/api/v1/register/9223372036854775808",
        "/volgen/INC%00",
        "/api/v1/cases/INC%00",
    ],
)
def test_huge_ids_and_nul_segments_are_not_found(client, people, url):
    response = client.get(url)
    assert response.status_code == 404


def test_nul_in_a_query_value_is_dropped(client, people):
    _org, _staff, member = people
    assert client.get("/api/v1/cases?q=%00", headers=token_for(member)).status_code == 200
    page = client.get("/keurmerkregister?q=vo%00dix").get_data(as_text=True)
    assert "Vodix" in page


def test_the_largest_64_bit_id_is_an_ordinary_not_found(client, people):
    assert client.get(f"/api/v1/register/{INT64_MAX}").status_code == 404


@pytest.mark.parametrize(
    "query", ["participantId=9223372036854775808", "assignee=9223372036854775808", "participantId=%C2%B2"]
)
def test_bad_case_queries_are_400_not_500(client, people, query):
    _org, _staff, member = people
    response = client.get(f"/api/v1/cases?{query}", headers=token_for(member))
    assert response.status_code == 400


@pytest.mark.parametrize(
    ("changes", "member"),
    [
        ({"productId": 1e20}, "productId"),
        ({"productId": 9223372036854775808}, "productId"),
        ({"participantId": -9223372036854775809}, "participantId"),
        ({"title": "Lek\x00"}, "title"),
        ({"description": "\ud800"}, "description"),
        ({"impact": ["confidentiality", "\udc00"]}, "impact[1]"),
    ],
)
def test_json_members_the_database_cannot_hold_are_422_naming_the_member(client, people, changes, member):
    org = people[0]
    response = client.post("/api/v1/incidents", json=breach(org.id, **changes))
    assert response.status_code == 422
    assert response.mimetype == "application/problem+json"
    assert member in response.get_json()["errors"]


@pytest.mark.parametrize(
    ("raw", "member"),
    [
        ('{"title": "\\ud800", "participantId": 1}', "title"),
        ('{"title": "x", "personalData": {"affectedMin": 1e400}}', "personalData.affectedMin"),
        ('{"productId": 100000000000000000000000000000}', "productId"),
    ],
)
def test_raw_json_surrogates_and_numbers_are_422(client, people, raw, member):
    response = client.post("/api/v1/incidents", data=raw, content_type="application/json")
    assert response.status_code == 422
    assert member in response.get_json()["errors"]


@pytest.mark.parametrize(
    "body", [{"reference": "INC\x00", "code": "x"}, {"reference": "INC-2026-00001", "code": "\ud800"}]
)
def test_follow_up_with_nul_or_surrogate_is_422(client, people, body):
    response = client.post("/api/v1/follow-up", json=body)
    assert response.status_code == 422


def test_a_form_with_nul_shows_the_error_next_to_the_field(client, people):
    org = people[0]
    response = submit_incident(client, breach_form(org.id, title="Lek\x00ken", description="Hallo\x00"))
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert field_error(html, "title") == nl("Contains characters that are not allowed.")
    assert field_error(html, "description") == nl("Contains characters that are not allowed.")


def test_the_follow_up_form_refuses_a_nul_reference(client, people):
    token = csrf_token(client, "/volgen")
    response = client.post("/volgen", data={"csrf_token": token, "reference": "INC\x00", "code": "abc"})
    assert response.status_code in (200, 400)
    assert nl("Contains characters that are not allowed.") in response.get_data(as_text=True)


@pytest.mark.parametrize("value", ["a\x00b", "\ud800", ["ok", "\udfff"], 2**63, -(2**63) - 1])
def test_the_form_filter_refuses_what_cannot_be_stored(value):
    with pytest.raises(ValueError):
        refuse_unstorable(value)


@pytest.mark.parametrize("value", ["gewoon", "", None, 2**63 - 1, ["a", "b"], True, 1.5])
def test_the_form_filter_passes_ordinary_values(value):
    assert refuse_unstorable(value) == value
