"""The second factor in Chromium: a new coordinator sets it up at the first login (the QR code shows under
the CSP, the page passes axe), and an enrolled coordinator logs in with the code."""

import re

import pyotp
import pytest
from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app.auth.models import Role, User
from app.extensions import db
from tests.helpers.login import PASSWORD

from .accessibility import assert_accessible
from .steps import logged_in

pytestmark = pytest.mark.browser


def test_a_new_coordinator_sets_up_the_second_factor_at_the_first_login(page):
    coordinator = User(email="cora@edu-v.example", name="Cora", role=Role.COORDINATOR.value)
    coordinator.set_password(PASSWORD)
    db.session.add(coordinator)
    db.session.commit()
    page.goto("/inloggen")
    page.get_by_role("button", name="English", exact=True).click()
    page.get_by_label("E-mail address").fill("cora@edu-v.example")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/inloggen/tweede-factor$"))
    qr = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.naturalWidth") > 0  # drawn: the data URI passes the CSP
    assert_accessible(page, "the second factor set-up")
    secret = re.sub(r"\s", "", page.locator("#totp-secret").inner_text())
    page.get_by_label("Code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Confirm and set up").click()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    assert_accessible(page, "the recovery codes")
    page.get_by_role("link", name="I have stored them, continue").click()
    expect(page).to_have_url(re.compile(r"/behandelen$"))


def test_an_enrolled_coordinator_logs_in_with_the_code(new_context, make_user):
    make_user("cora@edu-v.example", Role.COORDINATOR, name="Cora")
    page = logged_in(new_context, "cora@edu-v.example")
    expect(page).to_have_url(re.compile(r"/behandelen$"))
    db.session.rollback()  # end this thread's read transaction: the live server wrote in its own
    assert db.session.scalar(select(User)).last_login_at is not None
