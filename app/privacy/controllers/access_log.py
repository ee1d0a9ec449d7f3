"""The access log, read by coordinators per case and per user (paged, newest first)."""

from flask import abort, render_template
from flask_babel import lazy_gettext as _l

from app.audit import services as access_log
from app.auth.models import User
from app.cases import page_access
from app.extensions import db
from app.paging import paginate

PER_PAGE = 50
ACTIONS = {
    "view_case": _l("Opened the case page"),
    "view_case_api": _l("Read the case through the API"),
    "print_case": _l("Printed the case"),
    "download": _l("Downloaded a file"),
    "export": _l("Exported (data subject's request)"),
}


def case_log(reference: str):
    case, _viewer = page_access.staff_case(reference)
    page = paginate(access_log.entries(case_id=case.id), PER_PAGE)
    return render_template("privacy/access_log.html", page=page, case=case, user=None, access_actions=ACTIONS)


def user_log(user_id: int):
    user = db.session.get(User, user_id)
    if user is None or not user.is_staff:
        abort(404)
    page = paginate(access_log.entries(user_id=user.id), PER_PAGE)
    return render_template("privacy/access_log.html", page=page, case=None, user=user, access_actions=ACTIONS)
