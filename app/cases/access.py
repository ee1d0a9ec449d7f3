"""Who may see and do what on a case and on organisation accounts: the one place every view asks.

The foundation: supervisors and coordinators handle cases and see everything. Administrators run
the application: they read every case and file (support, audit) and manage accounts, but they do
not handle cases or write on them. Organisation users see the cases their organisation reported
or is party to, and only what is shared with all parties, with their role, or with them alone.
"""
from dataclasses import dataclass

from app.cases import workflow
from app.cases.models import Case

HANDLER_ROLES = ("supervisor", "coordinator")
ACCOUNT_STAFF_ROLES = ("coordinator", "admin")


@dataclass(frozen=True)
class Viewer:
    """The person looking: a logged-in user, or a reporter who proved the follow-up code."""

    user: object | None = None
    reporter_of_case_id: int | None = None

    @property
    def is_staff(self) -> bool:
        return self.user is not None and self.user.is_staff

    @property
    def organisation_id(self) -> int | None:
        return getattr(self.user, "organisation_id", None)


def party_roles(viewer: Viewer, case: Case) -> set[str]:
    """The roles the viewer's organisation has in the case (reporter, subject, ...)."""
    roles = set()
    org_id = viewer.organisation_id
    if org_id is not None:
        roles = {p.role for p in case.parties if p.organisation_id == org_id}
    if viewer.reporter_of_case_id == case.id or (
        viewer.user is not None and case.reporter_user_id == viewer.user.id
    ):
        roles.add("reporter")
    return roles


def can_view(viewer: Viewer, case: Case) -> bool:
    return viewer.is_staff or bool(party_roles(viewer, case))


def can_handle(viewer: Viewer, case: Case) -> bool:
    """Triage, assignment, internal notes, requests for a response and decisions are the foundation's."""
    return viewer.is_staff and viewer.user.role in HANDLER_ROLES


def is_handler(user) -> bool:
    """Who can be assigned a case: active supervisors and coordinators."""
    return getattr(user, "role", None) in HANDLER_ROLES and bool(user.active)


def can_manage_replies(viewer: Viewer) -> bool:
    """The canned replies are the coordinators' to keep up to date."""
    return viewer.is_staff and viewer.user.role == "coordinator"


def can_contribute(viewer: Viewer, case: Case) -> bool:
    """Adding information or files: the case handlers, and parties while the case is open."""
    if viewer.is_staff:
        return can_handle(viewer, case)
    return bool(party_roles(viewer, case)) and case.is_open


def organisation_scopes(case: Case, organisation_id: int) -> set[str]:
    """What an organisation's users may read on the case; empty when it is no party to it."""
    roles = {p.role for p in case.parties if p.organisation_id == organisation_id}
    if not roles:
        return set()
    scopes = {"parties", f"party:{organisation_id}"}
    if "reporter" in roles:
        scopes.add("reporter")
    return scopes


def visible_scopes(viewer: Viewer, case: Case) -> set[str] | None:
    """The visibility values the viewer may read; None means everything (the foundation)."""
    if viewer.is_staff:
        return None
    roles = party_roles(viewer, case)
    if not roles:
        return set()
    scopes = {"parties", "reporter"} if "reporter" in roles else {"parties"}
    if viewer.organisation_id is not None:
        scopes |= organisation_scopes(case, viewer.organisation_id)
    return scopes


def can_see_item(viewer: Viewer, case: Case, visibility: str) -> bool:
    scopes = visible_scopes(viewer, case)
    return scopes is None or visibility in scopes


def own_scope(viewer: Viewer, case: Case) -> str:
    """Whom a party's own submission speaks for: its organisation, or (a reporter only) the reporter."""
    if viewer.organisation_id is not None and party_roles(viewer, case) - {"reporter"}:
        return f"party:{viewer.organisation_id}"
    return "reporter"


def message_scopes(viewer: Viewer, case: Case) -> list[str]:
    """The visibilities the viewer may give a message or file, the most private first.

    Handlers choose any: internal, the reporter, one party (other than the reporter's
    organisation, which reads what the reporter reads), or all parties. An organisation shares
    with all parties or keeps it between itself and the foundation.
    """
    if can_handle(viewer, case):
        organisations = sorted({p.organisation_id for p in case.parties if p.role != "reporter"})
        return ["internal", "reporter", *(f"party:{org}" for org in organisations), "parties"]
    if viewer.is_staff or viewer.organisation_id is None or not party_roles(viewer, case):
        return []
    return [f"party:{viewer.organisation_id}", "parties"]


def can_see_reporter_contact(viewer: Viewer, case: Case) -> bool:
    """A complainant's contact details reach the participant complained about only by consent."""
    if viewer.is_staff or "reporter" in party_roles(viewer, case):
        return True
    return bool(case.complaint is not None and case.complaint.contact_shared)


def listing_filter(viewer: Viewer) -> dict | None:
    """QueueFilters arguments that keep a case listing to what the viewer may see; None: nothing."""
    if viewer.is_staff:
        return {}
    if viewer.organisation_id is None:
        return None
    return {"organisation_id": viewer.organisation_id}


# -- organisation accounts ------------------------------------------------------------------------

def can_create_first_user(user) -> bool:
    """Coordinators and administrators give an organisation its first (administrator) account."""
    return user is not None and user.is_staff and user.role in ACCOUNT_STAFF_ROLES


def can_manage_members(user, organisation_id: int) -> bool:
    """Inviting and removing an organisation's users: its own administrators, and account staff."""
    if can_create_first_user(user):
        return True
    return (user is not None and not user.is_staff and user.is_org_admin
            and user.organisation_id == organisation_id)


def can_manage_logins(user) -> bool:
    """Administrators manage every account's login: reset a lost second factor, end sessions, deactivate."""
    return user is not None and getattr(user, "is_authenticated", True) and user.role == "admin"


def can_see_members(user, organisation_id: int) -> bool:
    """Every user sees who else holds an account in the own organisation (and who administers it)."""
    return can_manage_members(user, organisation_id) or (
        user is not None and not user.is_staff and user.organisation_id == organisation_id
    )


def can_file_dispute(user) -> bool:
    """Disputes are between participants: only a user of a participating supplier files one."""
    organisation = getattr(user, "organisation", None)
    return (
        getattr(user, "role", None) == "participant"
        and organisation is not None
        and organisation.kind == "supplier"
        and organisation.is_participant
    )


def can_approve_measures(viewer: Viewer) -> bool:
    """Four eyes: suspension and revocation are approved (or turned down) by a coordinator."""
    return viewer.is_staff and viewer.user.role == "coordinator"


# A proposal is the foundation's until a second coordinator approves it; a rejected one never took effect.
UNDECIDED_MEASURE = ("proposed", "rejected")


def can_decide(viewer: Viewer, case: Case) -> bool:
    """The decision form: a case handler, while the case is being handled (in progress)."""
    return can_handle(viewer, case) and workflow.allowed(case.status, "decided")


def can_handle_measure(viewer: Viewer, measure) -> bool:
    """Recording a measure met, heard or lifted, and proposing the next step: the case's handlers."""
    return can_handle(viewer, measure.case)


def can_view_measure(viewer: Viewer, measure) -> bool:
    """Staff see every measure; a participant's users see those against it once decided."""
    if viewer.is_staff:
        return True
    return viewer.organisation_id == measure.participant_id and measure.status not in UNDECIDED_MEASURE


def can_see_decided_measure(viewer: Viewer, measure) -> bool:
    """In a case's decision the parties read the measures taken; the foundation also its proposals."""
    return viewer.is_staff or measure.status not in UNDECIDED_MEASURE


def can_submit_evidence(viewer: Viewer, measure) -> bool:
    """The participant shows what it did for a measure in force or met, also after the case closed."""
    return can_object(viewer, measure) and measure.status in ("in_force", "met")


def can_object(viewer: Viewer, measure) -> bool:
    """Only the participant the measure is against objects to it (the window is the service's rule)."""
    return not viewer.is_staff and viewer.organisation_id is not None \
        and viewer.organisation_id == measure.participant_id
