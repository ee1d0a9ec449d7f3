"""Demo RFCs through the real services, so the RFC register, the CAB agenda and a release have something to show."""

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select

from app import clock
from app.auth.models import User
from app.extensions import db
from app.rfc import planning
from app.rfc.models import Release, Rfc
from app.rfc.services import handling, releases, submission

SUBMITTER, SCHOOL = "leverancier@demo.edu-v.nl", "school@demo.edu-v.nl"
ANALYST, MANAGER = "behandelaar@demo.edu-v.nl", "coordinator@demo.edu-v.nl"
RELEASE = "2026.2 (demo)"


@dataclass(frozen=True)
class DemoRfc:
    submitter: str
    report: submission.RfcReport
    steps: tuple[str, ...]  # the statuses it goes through after submission
    reason: str | None = None  # for a rejection


def _report(title: str, variant: str, rfc_type: str, priority: str, gegevensdienst: str | None, text: str):
    return submission.RfcReport(
        title=f"Demo-gegevens: {title}",
        variant=variant,
        type=rfc_type,
        priority=priority,
        agreement="Afsprakenstelsel Edu-V, release 1 (demo)",
        gegevensdienst=gegevensdienst,
        description=f"Demo-gegevens (verzonnen): {text}",
        rationale="Demo-gegevens (verzonnen): leveranciers vragen erom.",
    )


PLAN = (
    DemoRfc(
        SUBMITTER,
        _report(
            "toetsversie bij leerresultaten",
            "gegevensdienst",
            "minor",
            "minor",
            "Leerresultaten",
            "voeg de versie van de toets toe aan elk resultaat.",
        ),
        (
            "qualified",
            "to_prioritise",
            "to_handle",
            "in_progress",
            "change_proposal",
            "to_review",
            "to_change",
            "changed",
            "pre_release",
            "released",
        ),
    ),
    DemoRfc(
        SUBMITTER,
        _report(
            "einddatum per onderwijsaanbod",
            "gegevensdienst",
            "major",
            "major",
            "Onderwijsaanbod",
            "een einddatum per aanbod, zodat afnemers verlopen aanbod herkennen.",
        ),
        ("qualified", "to_prioritise"),
    ),
    DemoRfc(
        SCHOOL,
        _report(
            "klachtenregeling verduidelijken",
            "beheersing",
            "trivial",
            "trivial",
            None,
            "de termijnen in de klachtenregeling in gewone taal.",
        ),
        ("qualified", "in_progress"),
    ),
    DemoRfc(
        SCHOOL,
        _report(
            "eigen bewaartermijnen per school",
            "privacy",
            "minor",
            "minor",
            None,
            "elke school een eigen bewaartermijn laten kiezen.",
        ),
        (),
        reason="Dit valt onder de model-verwerkersovereenkomst van het Privacyconvenant Onderwijs (demo).",
    ),
)


def _user(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == email))


def load() -> int:
    """Submits and moves the demo RFCs that are missing; returns how many it submitted."""
    analyst, manager = _user(ANALYST), _user(MANAGER)
    if analyst is None or manager is None:
        return 0
    release = db.session.scalar(select(Release).where(Release.name == RELEASE))
    if release is None:
        planned_on = clock.local(clock.now()).date() + timedelta(days=30)
        release = releases.create(RELEASE, "feature", planned_on, "Demo-gegevens (verzonnen).", actor=manager)
    submitted = 0
    for demo in PLAN:
        submitter = _user(demo.submitter)
        if submitter is None or db.session.scalar(select(Rfc.id).where(Rfc.title == demo.report.title)):
            continue
        rfc = submission.submit(demo.report, actor=submitter).rfc
        for step in demo.steps:
            if step == "change_proposal":
                frozen = planning.needs_freeze_reason(rfc.is_technical, release.planned_on)
                reason = "Demo-gegevens: een wettelijke termijn (verzonnen)." if frozen else None
                handling.plan(rfc, release.id, reason, actor=analyst)
            handling.transition(rfc, step, None, actor=manager if step in ("to_prioritise", "to_handle") else analyst)
        if demo.reason:
            handling.transition(rfc, "rejected", demo.reason, actor=manager)
        submitted += 1
    return submitted
