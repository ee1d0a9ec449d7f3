"""Menus and labels (issue 10): the dispute form in the supplier's menu, a severity that is not named like the
case type, no file hashes on the reporter's page, the phone menu and the tables' column labels."""

import io
import re

from app.auth.models import Role
from app.cases import labels
from tests.helpers.login import PASSWORD, login
from tests.helpers.pages import nl
from tests.intake.helpers import breach_form, follow, receipt, submit_incident

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_suppliers_find_the_dispute_form_in_the_menu_others_do_not(app, make_org, make_user):
    vodix = make_org("Vodix")
    school = make_org("OBS Het Baken", kind="school_board")
    make_user("pia@vodix.example", Role.PARTICIPANT, organisation=vodix)
    make_user("sara@hetbaken.example", Role.PARTICIPANT, organisation=school)
    supplier, board, guest = app.test_client(), app.test_client(), app.test_client()
    login(supplier, "pia@vodix.example", PASSWORD)
    login(board, "sara@hetbaken.example", PASSWORD)
    menu = re.compile(r'<nav aria-label="[^"]+">.*?</nav>', re.S)
    assert 'href="/melden/geschil"' in menu.search(supplier.get("/mijn/zaken").get_data(as_text=True)).group(0)
    assert nl("Start a dispute") == "Geschil voorleggen"
    assert 'href="/melden/geschil"' not in menu.search(board.get("/mijn/zaken").get_data(as_text=True)).group(0)
    assert 'href="/melden/geschil"' not in menu.search(guest.get("/").get_data(as_text=True)).group(0)


def test_the_severity_is_not_named_like_the_case_type(app):
    assert nl(labels.SEVERITY["incident"]._args[0]) == "Regulier incident"
    assert nl(labels.CASE_TYPE["incident"]._args[0]) == "Incident"


def test_the_reporter_sees_the_file_but_not_its_hash(app, register_with_keurmerk):
    reporter = app.test_client()
    submit_incident(reporter, breach_form(register_with_keurmerk.id), [(io.BytesIO(PDF), "verslag.pdf")])
    reference, code = receipt(reporter)
    visitor = app.test_client()
    follow(visitor, reference, code)
    html = visitor.get(f"/volgen/{reference}").get_data(as_text=True)
    assert "verslag.pdf" in html
    assert "SHA-256" not in html


def test_the_header_menu_folds_without_javascript_and_tables_label_their_cells(client, register_with_keurmerk):
    html = client.get("/keurmerkregister").get_data(as_text=True)
    assert re.search(r'<details class="site-menu" id="site-menu" open>\s*<summary>Menu</summary>', html)
    assert 'data-label="Status"' in html  # each cell names its column when rows stack on a phone
