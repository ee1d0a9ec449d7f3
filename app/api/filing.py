"""POST /complaints and /disputes: the same forms and services as the complaint and dispute pages."""
from functools import partial

from app.api.auth import optional_user, required_user
from app.api.json_input import COMPLAINT, DISPUTE, read_object, validated
from app.api.views import _filed, _intake_limit, _reporter, bp
from app.cases import access
from app.extensions import db, limiter
from app.intake.services import filing
from app.intake.forms.complaint import ComplaintForm
from app.intake.forms.dispute import DisputeForm


@bp.post("/complaints")
@limiter.limit(_intake_limit)
def file_complaint():
    actor = optional_user()
    (form,) = validated(read_object(), (ComplaintForm, COMPLAINT))
    case, code = filing.file_complaint(form.to_report(), (), actor=actor)
    db.session.commit()
    return _filed(case, _reporter(case, actor), code)


@bp.post("/disputes")
@limiter.limit(_intake_limit)
def file_dispute():
    actor = required_user()
    filing.require_dispute_filer(actor)  # before the body: a 403 outranks a 422
    (form,) = validated(read_object(), (partial(DisputeForm, claimant_id=actor.organisation_id), DISPUTE))
    case, _code = filing.file_dispute(form.to_report(), (), actor=actor)
    db.session.commit()
    # Followed through the account: the claimant's view, no follow-up code.
    return _filed(case, access.Viewer(user=actor))
