"""Who may see and do what on a case and on organisation accounts: the one place every view asks.

The foundation: supervisors and coordinators handle cases and see everything. Administrators run
the application: they read every case and file (support, audit) and manage accounts, but they do
not handle cases or write on them. Organisation users see the cases their organisation reported
or is party to, and only what is shared with all parties, with their role, or with them alone.
"""

from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import select

from app.cases import workflow
from app.cases.handling_models import ConflictOfInterest
from app.cases.models import Case
from app.cases.visibility import for_party
from app.extensions import db

HANDLER_ROLES = ("supervisor", "coordinator")
# The roles in which an organisation files a case; its filer keeps a personal reporter role only
# while still a member of that organisation.
FILING_ROLES = ("reporter", "claimant")
# How a complainant who did not share their details is named wherever a party can read it. Stored
# in timeline rows, so it is the same word in every language.
HIDDEN_COMPLAINANT = "klager"


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

    @cached_property
    def conflict_organisation_ids(self) -> frozenset[int]:
        """The organisations a staff member declared a conflict of interest with (read once)."""
        if not self.is_staff or self.user.id is None:  # the foundation's own systems declare none
            return frozenset()
        return frozenset(
            db.session.scalars(
                select(ConflictOfInterest.organisation_id).where(ConflictOfInterest.user_id == self.user.id)
            )
        )


@dataclass(frozen=True)
class Subscriber:
    """An organisation's own system (a webhook endpoint) in the place of a user: it reads what the
    organisation's users read; the foundation's systems (no organisation) what its coordinators read."""

    organisation_id: int | None
    role: str
    id: None = None
    active: bool = True

    @property
    def is_staff(self) -> bool:
        return self.organisation_id is None


def subscriber_viewer(organisation_id: int | None) -> Viewer:
    """Whom a webhook endpoint of this organisation (None: of the foundation) delivers as."""
    return Viewer(user=Subscriber(organisation_id, "participant" if organisation_id is not None else "coordinator"))


def party_roles(viewer: Viewer, case: Case) -> set[str]:
    """The roles the viewer's organisation has in the case (reporter, subject, ...)."""
    roles = set()
    org_id = viewer.organisation_id
    if org_id is not None:
        roles = {p.role for p in case.parties if p.organisation_id == org_id}
    if viewer.reporter_of_case_id == case.id or _filed_while_member(viewer, case):
        roles.add("reporter")
    return roles


def _filed_while_member(viewer: Viewer, case: Case) -> bool:
    """The user filed the case and still belongs to the organisation it was filed for.

    Access follows the organisation, not the person: a user who leaves the school they reported
    for (and joins another organisation) no longer reads or replies on its cases.
    """
    if viewer.user is None or case.reporter_user_id != viewer.user.id or viewer.organisation_id is None:
        return False
    return any(p.organisation_id == viewer.organisation_id and p.role in FILING_ROLES for p in case.parties)


def case_organisation_ids(case: Case) -> set[int]:
    """Every organisation the case is about or between: its parties and its participant."""
    ids = {party.organisation_id for party in case.parties}
    if case.participant_id is not None:
        ids.add(case.participant_id)
    return ids


def conflicted(viewer: Viewer, case: Case) -> bool:
    """A staff member with a declared conflict of interest with a party stays off the case entirely."""
    return bool(viewer.conflict_organisation_ids & case_organisation_ids(case))


def can_view(viewer: Viewer, case: Case) -> bool:
    if viewer.is_staff:
        return not conflicted(viewer, case)
    return bool(party_roles(viewer, case))


def reads_in_portal(user, case: Case) -> bool:
    """An organisation account (not staff) that can open the case under /mijn/zaken."""
    return user is not None and bool(user.active) and not user.is_staff and can_view(Viewer(user=user), case)


def can_handle(viewer: Viewer, case: Case) -> bool:
    """Triage, assignment, internal notes, requests for a response and decisions are the foundation's."""
    return viewer.is_staff and viewer.user.role in HANDLER_ROLES and not conflicted(viewer, case)


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
    scopes = {"parties", for_party(organisation_id)}
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
        return for_party(viewer.organisation_id)
    return "reporter"


def message_scopes(viewer: Viewer, case: Case) -> list[str]:
    """The visibilities the viewer may give a message or file, the most private first.

    Handlers choose any: internal, the reporter, one party (other than the reporter's
    organisation, which reads what the reporter reads), or all parties. An organisation shares
    with all parties or keeps it between itself and the foundation.
    """
    if can_handle(viewer, case):
        organisations = sorted({p.organisation_id for p in case.parties if p.role != "reporter"})
        return ["internal", "reporter", *(for_party(org) for org in organisations), "parties"]
    if viewer.is_staff or viewer.organisation_id is None or not party_roles(viewer, case):
        return []
    return [for_party(viewer.organisation_id), "parties"]


def chosen_visibility(viewer: Viewer, case: Case, code: str) -> str:
    """What a writer's choice stores. A party's "internal" means the foundation only: kept between the
    foundation and the party itself (its own party scope, which no other party reads)."""
    if code == "internal" and not can_handle(viewer, case) and own_party_scope(viewer, case) is not None:
        return own_party_scope(viewer, case)
    return code


def shown_visibility(viewer: Viewer, case: Case, code: str) -> str:
    """A stored visibility as the viewer names it: a party calls its own scope "internal"."""
    own = own_party_scope(viewer, case)
    return "internal" if own is not None and code == own else code


def own_party_scope(viewer: Viewer, case: Case) -> str | None:
    """The party-only scope of a party's user (not the foundation's), else None."""
    if viewer.is_staff or viewer.organisation_id is None or not party_roles(viewer, case):
        return None
    return for_party(viewer.organisation_id)


def hides_reporter(case: Case) -> bool:
    """A complaint whose author did not agree to share their details with the participant."""
    return case.type == "complaint" and case.complaint is not None and not case.complaint.contact_shared


def can_see_reporter_contact(viewer: Viewer, case: Case) -> bool:
    """A complainant's identity reaches the participant complained about only by consent."""
    if viewer.is_staff or "reporter" in party_roles(viewer, case):
        return True
    return not hides_reporter(case)


def reporter_label(case: Case) -> str:
    """How the reporter is named on the case's timeline: the neutral word unless they consented."""
    return HIDDEN_COMPLAINANT if hides_reporter(case) else case.reporter_name


def shown_label(case: Case, actor, label: str) -> str:
    """The actor label a timeline event or file is stored with: the one place that keeps a hidden
    complainant unnamed, whichever path they (or their organisation's users) act through."""
    if not hides_reporter(case):
        return label
    if actor is None:  # a guest acts with the code: the label is their own name or the desk's
        return HIDDEN_COMPLAINANT if label == case.reporter_name else label
    if actor.is_staff:
        return label
    acting = Viewer(user=actor)
    if actor.id == case.reporter_user_id or "reporter" in party_roles(acting, case):
        return HIDDEN_COMPLAINANT
    return label


def party_name(viewer: Viewer, case: Case, party) -> str:
    """A party organisation's name as the viewer may read it: a hidden complainant's is withheld."""
    if party.role == "reporter" and not can_see_reporter_contact(viewer, case):
        return HIDDEN_COMPLAINANT
    return party.organisation.name


def listing_filter(viewer: Viewer) -> dict | None:
    """QueueFilters arguments that keep a case listing to what the viewer may see; None: nothing."""
    if viewer.is_staff:
        ids = viewer.conflict_organisation_ids
        return {"excluded_organisation_ids": tuple(sorted(ids))} if ids else {}
    if viewer.organisation_id is None:
        return None
    return {"organisation_id": viewer.organisation_id}


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
    """Staff see every measure (but for a conflict of interest); a participant's users see those
    against it once decided."""
    if viewer.is_staff:
        return not conflicted(viewer, measure.case)
    return viewer.organisation_id == measure.participant_id and measure.status not in UNDECIDED_MEASURE


def can_see_decided_measure(viewer: Viewer, measure) -> bool:
    """In a case's decision the parties read the measures taken; the foundation also its proposals."""
    return viewer.is_staff or measure.status not in UNDECIDED_MEASURE


def can_submit_evidence(viewer: Viewer, measure) -> bool:
    """The participant shows what it did for a measure in force or met, also after the case closed."""
    return can_object(viewer, measure) and measure.status in ("in_force", "met")


def can_object(viewer: Viewer, measure) -> bool:
    """Only the participant the measure is against objects to it (the window is the service's rule)."""
    return (
        not viewer.is_staff and viewer.organisation_id is not None and viewer.organisation_id == measure.participant_id
    )


def can_update_breach(viewer: Viewer, case: Case) -> bool:
    """The reporter of a data leak (with the code, or its organisation's users) records that the AP
    was told and updates the breach answers in stages (AVG art. 33(4)); the foundation reads them."""
    return (
        not viewer.is_staff
        and case.type == "incident"
        and case.category == "data_breach"
        and case.incident is not None
        and "reporter" in party_roles(viewer, case)
    )
