"""The demo's coordinators and administrator have a second factor set up; `flask demo accounts` prints its
key and `flask demo code` the current code, so a person trying the demo can log in."""

import re

from app.demo.accounts import DEMO_PASSWORD
from tests.helpers.pages import csrf_token


def test_demo_coordinators_log_in_with_the_printed_code(app):
    app.config["DEMO_MODE"] = True
    runner = app.test_cli_runner()
    assert runner.invoke(args=["demo", "load"]).exit_code == 0
    accounts = runner.invoke(args=["demo", "accounts"]).output
    assert re.search(r"coordinator\s+coordinator@demo\.edu-v\.nl\s+second factor key: [A-Z2-7]{32}", accounts)
    assert re.search(r"admin\s+admin@demo\.edu-v\.nl\s+second factor key: [A-Z2-7]{32}", accounts)
    assert "second factor key" not in next(line for line in accounts.splitlines() if "behandelaar@" in line)
    assert "flask --app wsgi demo code EMAIL" in accounts

    code = runner.invoke(args=["demo", "code", "coordinator@demo.edu-v.nl"]).output.strip()
    assert re.fullmatch(r"\d{6}", code)
    client = app.test_client()
    token = csrf_token(client, "/inloggen")
    step = client.post(
        "/inloggen", data={"csrf_token": token, "email": "coordinator@demo.edu-v.nl", "password": DEMO_PASSWORD}
    )
    assert step.headers["Location"].endswith("/inloggen/code")
    token = csrf_token(client, "/inloggen/code")
    assert client.post("/inloggen/code", data={"csrf_token": token, "code": code}).status_code == 302
    assert client.get("/behandelen").status_code == 200


def test_demo_codes_are_refused_outside_the_demo(app):
    app.config["DEMO_MODE"] = False
    result = app.test_cli_runner().invoke(args=["demo", "code", "coordinator@demo.edu-v.nl"])
    assert result.exit_code != 0 and "only for the local demo" in result.output
