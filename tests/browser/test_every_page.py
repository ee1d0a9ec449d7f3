"""Every page at a phone's width (390 px) and a desktop's (1280 px): nothing wider than the window, and axe
finds no serious or critical violation.

The list of pages is built from the app's URL map (every GET rule but downloads, feeds, JSON and static
files), its URL variables filled from a seeded world: the demo register with its decided complaints and
measures, an incident, a dispute, an invitation, a standard text and an RFC planned into a release. Each
page is visited once by the role that uses it (one browser context per role, logged in once); the two widths
are a viewport change apart.
"""

import re
from datetime import timedelta

import pytest
from flask import current_app
from sqlalchemy import select

try:
    from playwright.sync_api import expect
except ImportError:  # the fixtures skip (or fail under REQUIRE_BROWSER) and say why
    expect = None

from app import clock
from app.accounts import services as accounts
from app.auth.models import Role, User
from app.cases.models import Case
from app.cases.services import handler_settings
from app.compliance.models import Measure
from app.demo import history as demo_history
from app.demo import register as demo_register
from app.extensions import db
from app.intake.services.filing import DisputeReport, IncidentReport, Reporter, file_dispute, file_incident
from app.notify.models import OutboxMessage
from app.register.models import Organisation
from app.rfc.services import handling as rfc_handling
from app.rfc.services import releases as rfc_releases
from app.rfc.services.submission import RfcReport, submit
from app.sla import admin as sla_admin
from tests.helpers.login import PASSWORD, totp_code

from .accessibility import axe_violations, format_violations, width_problems

pytestmark = pytest.mark.browser

WIDTHS = (390, 1280)
HEIGHT = 900

# Not pages: files, feeds, JSON, health checks.
SKIPPED_ENDPOINTS = {
    "static",
    "keurmerkregister.csv",
    "keurmerkregister.feed",
    "rfc.feed",
    "rfc.file",
    "rfc.my_rfc_file",
    "main.health",
}
SKIPPED_PREFIXES = ("api.",)
SKIPPED_SUFFIXES = (".attachment",)

ADMIN, COORDINATOR, SUPERVISOR = "admin@demo.edu-v.nl", "coordinator@demo.edu-v.nl", "behandelaar@demo.edu-v.nl"
SUPPLIER = "leverancier2@demo.edu-v.nl"  # Vodix: has a measure, files a dispute, administers its organisation
GUEST = None


def who_visits(rule: str) -> str | None:
    """The role that uses a page: the account e-mail, or None for a guest."""
    if rule.startswith(("/beheer/gebruikers", "/beheer/organisaties", "/beheer/outbox")):
        return ADMIN
    if rule.startswith(("/beheer/sla", "/behandelen/standaardteksten", "/beheer/privacy")):
        return COORDINATOR
    if rule.startswith(("/behandelen", "/zaken/")):
        return SUPERVISOR
    if rule.startswith(("/mijn", "/organisatie", "/profiel", "/melden/geschil", "/melden/rfc")):
        return SUPPLIER
    return GUEST


def page_rules(app) -> list:
    rules = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods or rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        if rule.endpoint.startswith(SKIPPED_PREFIXES) or rule.endpoint.endswith(SKIPPED_SUFFIXES):
            continue
        rules.append(rule)
    return sorted(rules, key=lambda r: r.rule)


@pytest.fixture()
def world(app, make_user):
    """The demo register and history, one account per role, an incident, a dispute, an invitation."""
    demo_register.load()
    db.session.flush()
    for email, name, role, org_name in (
        (ADMIN, "Demo Beheerder", Role.ADMIN, None),
        (COORDINATOR, "Demo Coördinator", Role.COORDINATOR, None),
        ("coordinator2@demo.edu-v.nl", "Demo Coördinator Twee", Role.COORDINATOR, None),
        (SUPERVISOR, "Demo Behandelaar", Role.SUPERVISOR, None),
        (SUPPLIER, "Demo Leverancier (Vodix)", Role.PARTICIPANT, "Vodix"),
    ):
        org = db.session.scalar(select(Organisation).where(Organisation.name == org_name)) if org_name else None
        user = make_user(email, role, organisation=org, name=name)
        user.is_org_admin = org is not None
    db.session.commit()
    demo_history.load()
    vodix = db.session.scalar(select(Organisation).where(Organisation.name == "Vodix"))
    magister = db.session.scalar(select(Organisation).where(Organisation.name == "Magister"))
    supplier = db.session.scalar(select(User).where(User.email == SUPPLIER))
    coordinator = db.session.scalar(select(User).where(User.email == COORDINATOR))
    filed = file_incident(
        IncidentReport(
            reporter=Reporter(name="Rita Reporter", email="rita@hetbaken.example", organisation="OBS Het Baken"),
            participant_id=vodix.id,
            category="data_breach",
            title="Cijfers zichtbaar voor andere scholen",
            description="Leerlingen zagen elkaars cijfers in de toetsapp.",
            discovered_at=clock.now() - timedelta(hours=3),
            breach={"impact": ["confidentiality"], "affected_min": 120, "affected_max": 450, "ap_notified": False},
        )
    )
    incident, code = filed.case, filed.code
    dispute = file_dispute(
        DisputeReport(
            respondent_id=magister.id,
            title="Magister levert geen roosterdata",
            description="Sinds maart weigert Magister de koppeling.",
            prior_attempt="Twee overleggen in februari.",
        ),
        actor=supplier,
    ).case
    _invitation, token = accounts.invite(vodix, "nieuw@vodix.example", "Nieuwe Collega", actor=supplier)
    reply = handler_settings.save_reply(coordinator, "Ontvangstbevestiging", "Dank voor je melding.")
    endpoint, _secret = accounts.add_webhook(
        "https://erp.vodix.example/meldpunt", ["case.filed", "case.decided"], actor=supplier
    )
    rfc = submit(
        RfcReport(
            title="Toetsversie bij leerresultaten",
            variant="gegevensdienst",
            type="minor",
            priority="minor",
            agreement="Afspraak Leerresultaten",
            gegevensdienst="Leerresultaten",
            description="Voeg de versie van de toets toe aan elk resultaat.",
            rationale="Resultaten zijn anders niet te vergelijken.",
        ),
        actor=supplier,
    ).rfc
    release = rfc_releases.create(
        "2027.1", "feature", clock.local(clock.now()).date() + timedelta(days=30), "Nieuw in 2027.1", actor=coordinator
    )
    rfc_handling.plan(rfc, release.id, "Wettelijke termijn", actor=coordinator)
    db.session.commit()
    policy = sla_admin.policy_rows()[0]
    values = {
        "reference": None,  # per endpoint below
        "participant_id": vodix.id,
        "organisation_id": vodix.id,
        "user_id": supplier.id,
        "measure_id": db.session.scalar(select(Measure.id).where(Measure.kind == "improvement_plan")),
        "message_id": db.session.scalar(select(OutboxMessage.id).order_by(OutboxMessage.id)),
        "reply_id": reply.id,
        "endpoint_id": endpoint.id,
        "token": token,
        "case_type": policy.case_type,
        "variant": policy.variant or "-",
        "kind": policy.kind,
        "release_id": release.id,
    }
    references = {
        **dict.fromkeys(("rfc.detail", "rfc.my_rfc", "rfc.register_entry"), rfc.reference),
        "intake.case": incident.reference,
        "portal.case": dispute.reference,
        "cases.request_response": dispute.reference,
    }
    complaint = db.session.scalar(select(Case.reference).where(Case.type == "complaint"))
    return {
        "values": values,
        "references": references,
        "default_reference": incident.reference,
        "incident": (incident.reference, code),
        "dispute": dispute.reference,
        "complaint": complaint,
        "coordinator_id": coordinator.id,
    }


def url_for_rule(rule, world) -> str:
    values = dict(world["values"])
    values["reference"] = world["references"].get(rule.endpoint, world["default_reference"])
    path = rule.rule
    for name in rule.arguments:
        path = re.sub(rf"<(?:[a-z]+:)?{name}>", str(values[name]), path)
    return path


def log_in(page, email: str) -> None:
    page.goto("/inloggen")
    page.locator("input[name=email]").fill(email)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    if page.url.endswith("/inloggen/code"):
        page.locator("input[name=code]").fill(totp_code(email))
        page.locator("main form button[type=submit]").click()
        page.wait_for_load_state()
    assert "/inloggen" not in page.url, f"{email} could not log in"


def follow_as_guest(page, reference: str, code: str) -> None:
    page.goto("/volgen")
    form = page.locator("main form").filter(has=page.locator("input[name=code]"))  # not the "send me a link" form
    form.locator("input[name=reference]").fill(reference)
    form.locator("input[name=code]").fill(code)
    form.locator("button[type=submit]").click()
    expect(page).to_have_url(re.compile(rf"/volgen/{reference}$"))


def visits(world, app) -> dict:
    """{role: [path, ...]}: every page once, plus the staff page of each kind of case."""
    by_role: dict = {}
    for rule in page_rules(app):
        by_role.setdefault(who_visits(rule.rule), []).append(url_for_rule(rule, world))
    by_role[SUPERVISOR] += [f"/behandelen/{world['dispute']}", f"/behandelen/{world['complaint']}"]
    by_role[SUPPLIER] += [f"/mijn/zaken/{world['complaint']}"]  # Vodix's decided complaint, as the party sees it
    # The privacy panel on a case and a staff member's access log.
    by_role[COORDINATOR] += [
        f"/behandelen/{world['incident'][0]}",
        f"/beheer/privacy/gebruikers/{world['coordinator_id']}/inzagelog",
    ]
    return by_role


def test_every_page_fits_a_phone_and_a_desktop_and_passes_axe(new_context, world):
    app = current_app._get_current_object()
    failures = []
    for role, paths in visits(world, app).items():
        page = new_context(viewport={"width": WIDTHS[-1], "height": HEIGHT}).new_page()
        if role is GUEST:
            follow_as_guest(page, *world["incident"])
        else:
            log_in(page, role)
        for path in paths:
            response = page.goto(path)
            if response is None or response.status >= 500:
                failures.append(f"{path} ({role or 'guest'}): status {response and response.status}")
                continue
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": HEIGHT})
                where = f"{path} at {width} px ({role or 'guest'})"
                problem = width_problems(page)
                if problem:
                    failures.append(f"{where}: {problem}")
                violations = axe_violations(page)
                if violations:
                    failures.append(f"{where}: axe\n{format_violations(violations)}")
    assert not failures, "\n".join(failures)
