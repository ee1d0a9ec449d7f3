"""POST /incidents: the same form and service as the incident page."""
from app import db_setup
from app.api.auth import optional_user
from app.api.case_access import reporter_viewer
from app.api.json_input import read_object, validated
from app.api.members import INCIDENT
from app.api.rate_limits import intake_limit
from app.api.responses import filed_case
from app.extensions import limiter
from app.intake import services
from app.intake.forms import IncidentForm


@limiter.limit(intake_limit)
def file_incident():
    # Validation, the clock settings and the answer only read: on SQLite the write lock is held
    # just for the filing.
    db_setup.reading()
    (form,) = validated(read_object(), (IncidentForm, INCIDENT))
    report = form.to_report()
    setting = services.incident_clocks(report.severity)
    db_setup.start_writing()
    actor = optional_user()  # it stamps the token's last use: a write
    filed = services.record_incident(report, (), actor=actor, setting=setting)
    # The answer shows the rows as written, kept loaded through the commit: nothing is read back,
    # and it is built after the write lock is released.
    db_setup.commit_keeping_loaded()
    db_setup.reading()
    return filed_case(filed.case, reporter_viewer(filed.case, actor), filed.code, filed)
