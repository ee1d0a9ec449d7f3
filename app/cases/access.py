"""Who may see and do what on a case: the one place every view and API endpoint asks."""
from dataclasses import dataclass

from app.cases.models import Case


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
    """Triage, assignment, internal notes and decisions are the foundation's."""
    return viewer.is_staff and viewer.user.role in ("supervisor", "coordinator")


def can_contribute(viewer: Viewer, case: Case) -> bool:
    """Adding information or files: staff, and parties while the case is open."""
    if viewer.is_staff:
        return True
    return bool(party_roles(viewer, case)) and case.is_open


def visible_scopes(viewer: Viewer, case: Case) -> set[str] | None:
    """The visibility values the viewer may read; None means everything (the foundation)."""
    if viewer.is_staff:
        return None
    roles = party_roles(viewer, case)
    if not roles:
        return set()
    scopes = {"parties"}
    if "reporter" in roles:
        scopes.add("reporter")
    if viewer.organisation_id is not None:
        scopes.add(f"party:{viewer.organisation_id}")
    return scopes


def can_see_item(viewer: Viewer, case: Case, visibility: str) -> bool:
    scopes = visible_scopes(viewer, case)
    return scopes is None or visibility in scopes


def own_scope(viewer: Viewer, case: Case) -> str:
    """Where a party's own submission is filed: visible to itself and the foundation."""
    if viewer.organisation_id is not None and party_roles(viewer, case) - {"reporter"}:
        return f"party:{viewer.organisation_id}"
    return "reporter"
