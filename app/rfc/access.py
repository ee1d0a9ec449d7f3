"""Who may submit, see and handle RFCs: the one place every RFC page, endpoint and feed asks.

Users of participants, candidate participants and implementation partners (organisation accounts other
than the foundation's) submit RFCs and follow their organisation's. The change manager (a coordinator) and
the information analysts (supervisors) handle them; the change manager chairs the CAB, so records its
advice and priority. Administrators read everything and handle nothing. Everyone reads the public register,
which never names the submitter.
"""

from app.rfc.models import Rfc

HANDLER_ROLES = ("supervisor", "coordinator")
# The organisations whose users propose changes: suppliers (participants, candidates, implementation
# partners) and school boards. The foundation's own accounts handle them.
SUBMITTING_KINDS = ("supplier", "school_board")


def _is_staff(user) -> bool:
    return bool(getattr(user, "is_staff", False))


def _active(user) -> bool:
    return user is not None and bool(getattr(user, "active", False))


def can_submit(user) -> bool:
    organisation = getattr(user, "organisation", None)
    return (
        _active(user)
        and getattr(user, "role", None) == "participant"
        and organisation is not None
        and organisation.kind in SUBMITTING_KINDS
    )


def can_handle(user) -> bool:
    """Qualifying, analysing, moving an RFC through its statuses, planning releases."""
    return _active(user) and getattr(user, "role", None) in HANDLER_ROLES


def can_chair_cab(user) -> bool:
    """The CAB's advice and priority are recorded by the change manager, who chairs it."""
    return _active(user) and getattr(user, "role", None) == "coordinator"


def can_view(user, rfc: Rfc) -> bool:
    """The whole RFC: the foundation, and the users of the organisation that submitted it."""
    if not _active(user):
        return False
    if _is_staff(user):
        return True
    organisation_id = getattr(user, "organisation_id", None)
    return organisation_id is not None and organisation_id == rfc.organisation_id


def can_download(user, rfc: Rfc) -> bool:
    """The files sent with an RFC: whoever sees the whole RFC (its organisation and the foundation); the
    public register never lists them."""
    return can_view(user, rfc)


def follows_in_portal(user, rfc: Rfc) -> bool:
    """An organisation account (not staff) that follows the RFC under /mijn/zaken."""
    return can_view(user, rfc) and not _is_staff(user)


def visible_scopes(user, rfc: Rfc) -> tuple[str, ...]:
    """The event visibilities the user may read on the RFC."""
    if _active(user) and _is_staff(user):
        return ("internal", "submitter", "public")
    if can_view(user, rfc):
        return ("submitter", "public")
    return ("public",)


def receives_event(subscriber, organisation_id: int | None) -> bool:
    """An RFC's status change reaches the foundation's systems and those of the submitting organisation."""
    if _is_staff(subscriber):
        return True
    own = getattr(subscriber, "organisation_id", None)
    return own is not None and own == organisation_id
