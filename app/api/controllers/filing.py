"""POST /complaints and /disputes: the same forms, file checks and services as the complaint and dispute pages."""

from functools import partial

from app.api.auth import optional_user, required_user
from app.api.case_access import reporter_viewer
from app.api.json_input import validated
from app.api.members import COMPLAINT, DISPUTE
from app.api.rate_limits import filing_budget
from app.api.report_input import read_report, report_files
from app.api.responses import filed_case
from app.cases import access
from app.db_setup import reads_first, writes
from app.intake.forms.complaint import ComplaintForm
from app.intake.forms.dispute import DisputeForm
from app.intake.services import filing


@filing_budget
@reads_first
def file_complaint():
    actor = optional_user()
    (form,) = validated(read_report(), (ComplaintForm, COMPLAINT))
    files = report_files()
    report = form.to_report()
    setting = filing.clock_setting(report)  # read before the write lock
    with writes():
        filed = filing.file_complaint(report, files, actor=actor, setting=setting)
    return filed_case(filed, reporter_viewer(filed.case, actor))


@filing_budget
@reads_first
def file_dispute():
    actor = required_user()
    filing.require_dispute_filer(actor)  # before the body: a 403 outranks a 422
    (form,) = validated(read_report(), (partial(DisputeForm, claimant_id=actor.organisation_id), DISPUTE))
    files = report_files()
    report = form.to_report()
    setting = filing.clock_setting(report)  # read before the write lock
    with writes():
        filed = filing.file_dispute(report, files, actor=actor, setting=setting)
    # Followed through the account: the claimant's view, no follow-up code.
    return filed_case(filed, access.Viewer(user=actor))
