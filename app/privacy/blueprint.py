"""The privacy blueprint: every URL of the privacy pages, in one list (endpoint `privacy.<name>`)."""

from flask import Blueprint

from app.privacy import gate
from app.privacy.controllers import access_log, holds, processing, retention, subjects

bp = Blueprint("privacy", __name__, url_prefix="/beheer/privacy")
bp.before_request(gate.coordinators_only)  # coordinators (the register: all staff); others get a 404

GET, POST, BOTH = ("GET",), ("POST",), ("GET", "POST")
RULES = (
    # (URL under /beheer/privacy, endpoint, view, methods)
    ("/bewaartermijnen", "retention_overview", retention.overview, GET),
    ("/bewaartermijnen/instellingen", "retention_settings", retention.settings, BOTH),
    ("/zaken/<reference>/bewaarplicht", "place_hold", holds.place, POST),
    ("/zaken/<reference>/bewaarplicht/opheffen", "lift_hold", holds.lift, POST),
    ("/zaken/<reference>/inzagelog", "case_access_log", access_log.case_log, GET),
    ("/gebruikers/<int:user_id>/inzagelog", "user_access_log", access_log.user_log, GET),
    ("/betrokkene", "subject_search", subjects.search, BOTH),
    ("/betrokkene/export", "subject_export", subjects.export, POST),
    ("/betrokkene/wissen", "subject_erase", subjects.erase, POST),
    ("/verwerkingsregister", "processing_register", processing.processing_register, GET),
)

for url, endpoint, view, methods in RULES:
    bp.add_url_rule(url, endpoint, view, methods=list(methods))
