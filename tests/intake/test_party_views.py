"""What each party sees: the report as filed, the outcome, and a dispute's whole claim."""

import io
from datetime import timedelta

from sqlalchemy import select

from app.auth.models import Role
from app.cases.models import Case
from app.cases.services import handling
from app.compliance.services import decisions
from app.compliance.services.measures import MeasureInput
from app.extensions import db
from tests.compliance.helpers import complaint_in_progress, keurmerk, people, supplier
from tests.compliance.web import as_user
from tests.helpers.clock import NOW
from tests.helpers.login import login
from tests.helpers.pages import csrf_token, english, nl, text
from tests.intake.helpers import breach_form, receipt, submit_incident

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _guest_with_breach(app, org_id, **overrides):
    client = app.test_client()
    submit_incident(client, breach_form(org_id, **overrides))
    reference, code = receipt(client)
    return client, reference, code


def test_the_reporter_reads_every_breach_answer_as_filed(app, register_with_keurmerk):
    client = app.test_client()
    submit_incident(
        client,
        breach_form(
            register_with_keurmerk.id,
            bsn_involved="yes",
            consequences="Leerlingen kunnen worden gepest.",
            measures_taken="Toegang direct ingetrokken.",
            contact_person="Jan Bakker (ICT)",
        ),
        files=[(io.BytesIO(PDF), "schermafdruk.pdf")],
    )
    reference, _code = receipt(client)
    page = text(client.get(f"/volgen/{reference}"))
    for expected in (
        nl("About the data leak"),
        nl("Names and contact details"),
        nl("Results, grades and progress"),
        nl("%(low)s to %(high)s", low=120, high=250),
        nl("Pupils / students"),
        "Leerlingen kunnen worden gepest.",
        "Toegang direct ingetrokken.",
        "Jan Bakker (ICT)",
        "anna@example-school.nl",
        nl("Citizen service numbers (BSN)"),
    ):
        assert expected in page, expected
    assert (
        "schermafdruk.pdf" in page and "SHA-256" not in page
    )  # no hashes for the reporter, not even of files on the timeline


def test_a_print_page_holds_the_filed_report_and_needs_the_code(app, register_with_keurmerk):
    client, reference, _code = _guest_with_breach(app, register_with_keurmerk.id)
    case_page = text(client.get(f"/volgen/{reference}"))
    assert f'href="/volgen/{reference}/afdrukken"' in case_page
    printed = client.get(f"/volgen/{reference}/afdrukken")
    assert printed.status_code == 200
    page = text(printed)
    assert nl("About the data leak") in page and nl("%(low)s to %(high)s", low=120, high=250) in page
    assert "<form" not in page.split("<main")[1].split("</main>")[0]  # nothing to fill in, only the report
    assert "<script" not in page.split("<main")[1]
    assert app.test_client().get(f"/volgen/{reference}/afdrukken").status_code == 404


def test_print_css_hides_navigation_and_forms():
    from pathlib import Path

    css = (Path(__file__).parents[2] / "app/static/css/site.css").read_text()
    block = css[css.rindex("@media print") :]
    assert ".site-header" in block and "form" in block and ".no-print" in block


def test_the_incident_form_says_the_supplier_sees_the_reporters_name(client):
    page = text(client.get("/melden/incident"))
    assert (
        nl(
            "The participant involved (the supplier) sees your name and contact details, "
            "so it can reach you about this incident."
        )
        in page
    )


def _hidden_complaint(app, make_user):
    from app import clock

    clock.freeze(NOW)
    vodix = supplier()
    db.session.commit()
    folks = people(make_user, vodix)
    case = complaint_in_progress(vodix, folks["sam"])
    case.complaint.desired_outcome = "Excuses en herstel van de rechten."
    db.session.commit()
    return vodix, folks, case


def test_a_participant_reads_a_hidden_complaint_in_full_but_not_who_filed_it(app, make_user):
    _vodix, folks, case = _hidden_complaint(app, make_user)
    pia = as_user(app.test_client(), folks["pia"])
    for path in (f"/mijn/zaken/{case.reference}", f"/mijn/zaken/{case.reference}/afdrukken"):
        page = text(pia.get(path))
        assert "Excuses en herstel van de rechten." in page and "About the complaint" in page
        assert "First raised with the participant" in page and "2 Mar 2026" in page
        for secret in ("Anna de Vries", "anna@school.example", "Basisschool De Linde"):
            assert secret not in page, (path, secret)


def test_the_complainant_reads_own_details_and_the_outcome_with_measures(app, make_user):
    vodix, folks, case = _hidden_complaint(app, make_user)
    case.follow_up_code_hash = __import__("app.cases.followup_codes", fromlist=["x"]).hash_code(
        "AAAAA-BBBBB-CCCCC-DDDDD"
    )
    db.session.commit()
    from app.cases import timeline

    timeline.append(case, "note", "Interne twijfel over de klager.", visibility="internal", actor=folks["sam"])
    decisions.decide(
        case,
        "partly_upheld",
        "De klacht is deels gegrond: de leverancier reageerde te laat.",
        [
            MeasureInput(
                kind="improvement_plan",
                participant_id=vodix.id,
                keurmerk_id=keurmerk(vodix).id,
                reasoning="Interne weging: herhaling in 2025.",
                public_reason="Verbeterplan voor de toegang.",
                due_at=NOW + timedelta(days=28),
            )
        ],
        actor=folks["sam"],
    )
    db.session.commit()

    guest = app.test_client()
    english(guest)
    token = csrf_token(guest, "/volgen")
    guest.post("/volgen", data={"csrf_token": token, "reference": case.reference, "code": "AAAAA-BBBBB-CCCCC-DDDDD"})
    page = text(guest.get(f"/volgen/{case.reference}"))
    assert "Anna de Vries" in page and "anna@school.example" in page  # the complainant's own details
    outcome = page.split('id="outcome"')[1].split("</section>")[0]
    assert "Partly upheld (deels gegrond)" in outcome
    assert "De klacht is deels gegrond: de leverancier reageerde te laat." in outcome
    assert "Improvement plan" in outcome and "Verbeterplan voor de toegang." in outcome and "7 Apr 2026" in outcome
    assert "Interne weging" not in page and "Interne twijfel" not in page

    pia = as_user(app.test_client(), folks["pia"])
    party = text(pia.get(f"/mijn/zaken/{case.reference}"))
    outcome = party.split('id="outcome"')[1].split("</section>")[0]
    assert "Partly upheld (deels gegrond)" in outcome and "Verbeterplan voor de toegang." in outcome
    # (The measure's own reasons reach the participant it is against, on its timeline and measure page.)
    assert "Anna de Vries" not in party and "Interne twijfel" not in party


def test_a_proposed_measure_is_not_shown_to_the_parties(app, make_user):
    vodix, folks, case = _hidden_complaint(app, make_user)
    decisions.decide(
        case,
        "upheld",
        "Gegrond.",
        [
            MeasureInput(
                kind="suspension",
                participant_id=vodix.id,
                keurmerk_id=keurmerk(vodix).id,
                reasoning="Schorsing.",
                public_reason="Schorsing wegens datalek.",
            )
        ],
        actor=folks["cora"],
    )
    db.session.commit()
    pia = as_user(app.test_client(), folks["pia"])
    page = text(pia.get(f"/mijn/zaken/{case.reference}"))
    assert "Upheld (gegrond)" in page and "Schorsing wegens datalek." not in page


def test_a_case_not_admissible_shows_the_reason(app, make_user):
    from app import clock

    clock.freeze(NOW)
    vodix = supplier()
    db.session.commit()
    folks = people(make_user, vodix)
    from datetime import date

    from app.intake.services.filing import ComplaintReport, Reporter, file_complaint

    case = file_complaint(
        ComplaintReport(
            reporter=Reporter("Bo", "bo@school.example"),
            participant_id=vodix.id,
            title="Oud voorval",
            description="Iets van lang geleden.",
            occurred_on=date(2024, 1, 1),
            raised_with_participant=False,
            contact_shared=True,
        )
    ).case
    handling.triage(case, False, "De klacht is ouder dan een jaar.", actor=folks["sam"])
    db.session.commit()
    pia = as_user(app.test_client(), folks["pia"])
    outcome = text(pia.get(f"/mijn/zaken/{case.reference}")).split('id="outcome"')[1].split("</section>")[0]
    assert "Not admissible" in outcome and "De klacht is ouder dan een jaar." in outcome


def test_the_respondent_reads_the_whole_claim_but_not_confidential_files(app, make_org, make_user):
    from tests.helpers.clock import freeze

    freeze()
    vodix, leerlab = make_org("Vodix"), make_org("Leerlab")
    make_user("jan@vodix.example", Role.PARTICIPANT, organisation=vodix, name="Jan")
    make_user("eva@leerlab.example", Role.PARTICIPANT, organisation=leerlab)
    claimant = app.test_client()
    login(claimant, "jan@vodix.example")
    data = {
        "csrf_token": csrf_token(claimant, "/melden/geschil"),
        "respondent_id": str(leerlab.id),
        "title": "Leerlab levert geen Leermiddelgebruik",
        "description": "Sinds februari geen levering.",
        "agreement": "Afspraak Leermiddelgebruik, levering binnen 5 werkdagen",
        "prior_attempt": "Overleg op 12 en 26 februari; Leerlab wil eerst een nieuw contract.",
        "desired_outcome": "Bemiddeling en levering volgens de afspraak.",
        "files_confidential": "y",
        "attachments": [(io.BytesIO(PDF), "offerte-vertrouwelijk.pdf")],
    }
    assert claimant.post("/melden/geschil", data=data, content_type="multipart/form-data").status_code == 302
    reference = db.session.scalar(select(Case.reference))
    respondent = app.test_client()
    login(respondent, "eva@leerlab.example")
    page = text(respondent.get(f"/mijn/zaken/{reference}"))
    for expected in (
        "Afspraak Leermiddelgebruik, levering binnen 5 werkdagen",
        "Overleg op 12 en 26 februari; Leerlab wil eerst een nieuw contract.",
        "Bemiddeling en levering volgens de afspraak.",
        nl("The claim"),
    ):
        assert expected in page, expected
    assert "offerte-vertrouwelijk.pdf" not in page
    assert "offerte-vertrouwelijk.pdf" in text(claimant.get(f"/mijn/zaken/{reference}"))


def test_the_incident_reporter_reads_the_resolution_in_words(app, make_user, register_with_keurmerk):
    client, reference, _code = _guest_with_breach(app, register_with_keurmerk.id)
    sam = make_user("sam@edu-v.example", Role.SUPERVISOR, name="Sam")
    case = db.session.scalar(select(Case).where(Case.reference == reference))
    handling.triage(case, True, None, actor=sam)
    handling.add_note(case, "Intern: leverancier was traag.", actor=sam)
    decisions.decide(
        case,
        "resolved",
        "Het lek is gedicht en de school is ingelicht.",
        actor=sam,
        cause="Een verkeerd ingestelde rechtenmatrix.",
        remedial_action="Rechten hersteld en gecontroleerd.",
    )
    db.session.commit()
    english(client)
    page = text(client.get(f"/volgen/{reference}"))
    outcome = page.split('id="outcome"')[1].split("</section>")[0]
    for expected in (
        "Resolved",
        "Het lek is gedicht en de school is ingelicht.",
        "Een verkeerd ingestelde rechtenmatrix.",
        "Rechten hersteld en gecontroleerd.",
    ):
        assert expected in outcome, expected
    assert "Intern: leverancier was traag." not in page
    assert "Resolved" in text(client.get(f"/volgen/{reference}/afdrukken"))
