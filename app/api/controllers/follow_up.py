"""POST /follow-up and /follow-up/messages: a reporter's view of a case by reference and code, and additions."""

from flask_babel import gettext as _

from app.api import serializers
from app.api.case_access import reporter_viewer
from app.api.json_input import read_object, validated
from app.api.members import FOLLOW_UP, MESSAGE
from app.api.rate_limits import follow_up_budget
from app.api.responses import case_answer, created
from app.cases import access
from app.errors_domain import Conflict
from app.extensions import db
from app.intake.forms.follow_up import AddInformationForm, FollowUpForm
from app.intake.services.follow_up import add_reporter_information, find_for_follow_up


@follow_up_budget
def follow_up():
    (form,) = validated(read_object(), (FollowUpForm, FOLLOW_UP))
    case = find_for_follow_up(form.reference.data, form.code.data)
    return case_answer(case, reporter_viewer(case))


@follow_up_budget
def follow_up_message():
    lookup, addition = validated(read_object(), (FollowUpForm, FOLLOW_UP), (AddInformationForm, MESSAGE))
    case = find_for_follow_up(lookup.reference.data, lookup.code.data)
    viewer = reporter_viewer(case)
    if not access.can_contribute(viewer, case):
        raise Conflict(_("This case is closed; information can no longer be added."))
    event = add_reporter_information(case, addition.body.data.strip(), (), actor=None)
    db.session.commit()
    # The case's URL (followed here with the code), at the new timeline item.
    return created(case_answer(case, viewer, 201), f"{serializers.case_path(case.reference)}#event-{event.id}")
