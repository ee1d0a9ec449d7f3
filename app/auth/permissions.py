"""Who may manage accounts: organisation users, logins and webhook endpoints (the one place account pages,
the API and services ask)."""

ACCOUNT_STAFF_ROLES = ("coordinator", "admin")


def can_create_first_user(user) -> bool:
    """Coordinators and administrators give an organisation its first (administrator) account."""
    return user is not None and user.is_staff and user.role in ACCOUNT_STAFF_ROLES


def can_manage_members(user, organisation_id: int) -> bool:
    """Inviting and removing an organisation's users: its own administrators, and account staff."""
    if can_create_first_user(user):
        return True
    return user is not None and not user.is_staff and user.is_org_admin and user.organisation_id == organisation_id


def can_manage_logins(user) -> bool:
    """Administrators manage every account's login: reset a lost second factor, end sessions, deactivate."""
    return user is not None and getattr(user, "is_authenticated", True) and user.role == "admin"


def can_see_members(user, organisation_id: int) -> bool:
    """Every user sees who else holds an account in the own organisation (and who administers it)."""
    return can_manage_members(user, organisation_id) or (
        user is not None and not user.is_staff and user.organisation_id == organisation_id
    )


def webhook_organisation(user) -> tuple[bool, int | None]:
    """Whose webhook endpoints the user manages: (True, its organisation) for an organisation's administrator,
    (True, None) for a coordinator (the foundation's own systems), (False, None) for everyone else."""
    if user is None or not getattr(user, "is_authenticated", True) or not user.active:
        return False, None
    if user.is_staff:
        return user.role == "coordinator", None
    return bool(user.is_org_admin and user.organisation_id is not None), user.organisation_id
