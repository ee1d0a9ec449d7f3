"""A data-breach reporter's later steps through the API: the AP notified (the AP clock stops), and
updated answers to the breach questions; the same forms and services as the follow-up pages."""

from functools import partial

from flask_babel import gettext as _

from app.api import serializers
from app.api.case_access import reporter_viewer, visible_case
from app.api.json_input import read_object, validated
from app.api.members import AP_NOTIFICATION, BREACH_ANSWERS, FOLLOW_UP
from app.api.rate_limits import follow_up_budget
from app.api.responses import json_response
from app.cases import access
from app.errors_domain import Conflict, NotAllowed
from app.extensions import db
from app.intake.forms.breach_update import ApNotificationForm, BreachUpdateForm
from app.intake.forms.follow_up import FollowUpForm
from app.intake.services import breach_updates
from app.intake.services.follow_up import find_for_follow_up


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
    return json_response(serializers.case_view(case, viewer))


def _update_answers(case, viewer, body: dict, actor):
    (form,) = validated(body, (partial(BreachUpdateForm, discovered_at=_breach_of(case, viewer)), BREACH_ANSWERS))
    breach_updates.update_answers(case, form.to_answers(), actor=actor)
    db.session.commit()
    return json_response(serializers.case_view(case, viewer))


def _followed(body: dict):
    (lookup,) = validated(body, (FollowUpForm, FOLLOW_UP))
    case = find_for_follow_up(lookup.reference.data, lookup.code.data)
    return case, reporter_viewer(case)


@follow_up_budget
def follow_up_ap_notification():
    body = read_object()
    case, viewer = _followed(body)
    return _record_ap(case, viewer, body, None)


@follow_up_budget
def follow_up_breach_answers():
    body = read_object()
    case, viewer = _followed(body)
    return _update_answers(case, viewer, body, None)


def case_ap_notification(reference: str):
    case, viewer = visible_case(reference)
    return _record_ap(case, viewer, read_object(), viewer.user)


def case_breach_answers(reference: str):
    case, viewer = visible_case(reference)
    return _update_answers(case, viewer, read_object(), viewer.user)
