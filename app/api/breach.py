"""A data-breach reporter's later steps through the API: the AP notified (the AP clock stops), and
updated answers to the breach questions; the same forms and services as the follow-up pages."""
from functools import partial

from flask_babel import gettext as _

from app.api import serializers
from app.api.json_input import FOLLOW_UP, INCIDENT, Member, MOMENT, read_object, validated
from app.api.views import _follow_up_budget, _json, _reporter, bp, visible_case
from app.cases import access
from app.errors_domain import Conflict, NotAllowed
from app.extensions import db
from app.intake.forms.breach_update import BREACH_FIELDS, ApNotificationForm, BreachUpdateForm
from app.intake.forms.follow_up import FollowUpForm
from app.intake.services import breach_updates
from app.intake.services.follow_up import find_for_follow_up

AP_NOTIFICATION = (Member("notifiedAt", "ap_notified_at", MOMENT), Member("apReference", "ap_reference"),
                   Member("notifiedBy", "ap_notified_by"))
# The breach members of an incident report, with the same paths (personalData.affectedMin, ...).
BREACH_ANSWERS = tuple(member for member in INCIDENT if member.field in BREACH_FIELDS)


def _breach_of(case, viewer: access.Viewer):
    if case.type != "incident" or case.category != "data_breach" or case.incident is None:
        raise Conflict(_("Only a data leak has answers for the AP."))
    if not access.can_update_breach(viewer, case):
        raise NotAllowed(_("Only the reporter of the data leak records this."))
    return case.incident.discovered_at


def _record_ap(case, viewer, body: dict, actor):
    (form,) = validated(body, (partial(ApNotificationForm, discovered_at=_breach_of(case, viewer)), AP_NOTIFICATION))
    breach_updates.record_ap_notification(case, **form.to_notification(), actor=actor)
    db.session.commit()
    return _json(serializers.case_view(case, viewer))


def _update_answers(case, viewer, body: dict, actor):
    (form,) = validated(body, (partial(BreachUpdateForm, discovered_at=_breach_of(case, viewer)), BREACH_ANSWERS))
    breach_updates.update_answers(case, form.to_answers(), actor=actor)
    db.session.commit()
    return _json(serializers.case_view(case, viewer))


def _followed(body: dict):
    (lookup,) = validated(body, (FollowUpForm, FOLLOW_UP))
    case = find_for_follow_up(lookup.reference.data, lookup.code.data)
    return case, _reporter(case)


@bp.post("/follow-up/ap-notification")
@_follow_up_budget
def follow_up_ap_notification():
    body = read_object()
    case, viewer = _followed(body)
    return _record_ap(case, viewer, body, None)


@bp.post("/follow-up/breach-answers")
@_follow_up_budget
def follow_up_breach_answers():
    body = read_object()
    case, viewer = _followed(body)
    return _update_answers(case, viewer, body, None)


@bp.post("/cases/<reference>/ap-notification")
def case_ap_notification(reference: str):
    case, viewer = visible_case(reference)
    return _record_ap(case, viewer, read_object(), viewer.user)


@bp.post("/cases/<reference>/breach-answers")
def case_breach_answers(reference: str):
    case, viewer = visible_case(reference)
    return _update_answers(case, viewer, read_object(), viewer.user)
