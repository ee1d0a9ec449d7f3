"""POST /incidents: the same form, file checks and filing service as the incident page."""

from app.api.auth import optional_user
from app.api.case_access import reporter_viewer
from app.api.json_input import validated
from app.api.members import INCIDENT
from app.api.rate_limits import filing_budget
from app.api.report_input import read_report, report_files
from app.api.responses import filed_case
from app.db_setup import reads_first, writes
from app.intake.forms.incident import IncidentForm
from app.intake.services import filing


@filing_budget
@reads_first
def file_incident():
    (form,) = validated(read_report(), (IncidentForm, INCIDENT))
    actor = optional_user()
    files = report_files()
    report = form.to_report()
    setting = filing.clock_setting(report)  # read before the write lock
    with writes():
        filed = filing.file_incident(report, files, actor=actor, setting=setting)
    return filed_case(filed, reporter_viewer(filed.case, actor))
