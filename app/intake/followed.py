"""The reports this browser follows: remembered in its session after filing or a right code, and
the viewer that makes of its visitor."""

from flask import session
from flask_login import current_user

from app.cases import access
from app.intake.services.follow_up import follow_up_ended

FOLLOWED = "followed_cases"


def acting_user():
    """The logged-in user, or None for a guest."""
    return current_user if current_user.is_authenticated else None


def remember(case) -> None:
    followed = set(session.get(FOLLOWED, []))
    followed.add(case.id)
    session[FOLLOWED] = sorted(followed)[-20:]


def forget(case) -> None:
    """This browser no longer follows the case (None: an unknown reference, nothing to forget)."""
    session[FOLLOWED] = [case_id for case_id in session.get(FOLLOWED, []) if case is None or case_id != case.id]


def follows(case) -> bool:
    return case.id in session.get(FOLLOWED, [])


def viewer(case) -> access.Viewer:
    # A remembered report stops opening when following it up has ended, as its code does.
    followed = follows(case) and not follow_up_ended(case)
    return access.Viewer(user=acting_user(), reporter_of_case_id=case.id if followed else None)
