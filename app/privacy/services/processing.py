"""The processing register (AVG art. 30), built from the configuration so it cannot drift from it."""

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from app.cases import labels
from app.cases.models import CASE_TYPES
from app.privacy import retention
from app.privacy.forms import CLASS_LABELS
from app.privacy.services import retention as retention_service

CONTROLLER = _l("Stichting Edu-V")
# Per case type: why the desk processes it (purpose), the legal basis, and what it keeps.
PURPOSES = {
    "incident": (
        _l("Handling reports of incidents and data breaches in the afsprakenstelsel; supervising compliance"),
        _l("Public-interest task of supervising the afsprakenstelsel (AVG art. 6(1)(e)); the participants' agreement"),
        _l(
            "Reporter's name, e-mail, phone and organisation; the breach answers (categories of data, numbers"
            " and groups of people affected, consequences, measures); messages, notes and files"
        ),
    ),
    "complaint": (
        _l("Handling complaints about participants (hoor en wederhoor)"),
        _l("Legitimate interest of the complainant and the foundation (art. 6(1)(f)); the complaints rules"),
        _l("Complainant's name, e-mail, phone and organisation; the complaint; messages, notes and files"),
    ),
    "dispute": (
        _l("Mediating and deciding disputes between participants"),
        _l("The participants' agreement (art. 6(1)(b)); the disputes rules"),
        _l("The contact persons of both parties; the claim and the replies; messages, notes and files"),
    ),
    "objection": (
        _l("Deciding objections to measures"),
        _l("The participants' agreement (art. 6(1)(b))"),
        _l("The objecting participant's contact person; the objection; messages and files"),
    ),
}
RECIPIENTS = (
    (
        _l("Supervisors and coordinators of the foundation"),
        _l("every case, except one with an organisation they declared a conflict of interest with"),
    ),
    (_l("Administrators"), _l("read every case and file (support and audit); they do not handle cases")),
    (
        _l("The reporter (with reference and code, or their organisation's users)"),
        _l("their report and what is shared with them"),
    ),
    (
        _l("The other parties' users"),
        _l("what is shared with all parties or with their role; a hidden complainant's details never"),
    ),
    (_l("The public Keurmerkregister"), _l("published measures with their public reason; no personal data")),
)


@dataclass(frozen=True)
class Activity:
    case_type: str
    name: str
    purpose: str
    basis: str
    data: str
    terms: list[tuple[str, int]]


def activities() -> list[Activity]:
    years = retention_service.settings()
    rows = []
    for case_type in CASE_TYPES:
        purpose, basis, data = PURPOSES[case_type]
        terms = [(str(CLASS_LABELS[case_type]), years[case_type])]
        if case_type == "incident":
            terms.append((str(CLASS_LABELS[retention.AP_NOTIFIED]), years[retention.AP_NOTIFIED]))
        terms.append((str(CLASS_LABELS[retention.MEASURE]), years[retention.MEASURE]))
        rows.append(Activity(case_type, labels.label(labels.CASE_TYPE, case_type), purpose, basis, data, terms))
    return rows
