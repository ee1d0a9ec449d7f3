"""The processing register (AVG art. 30): what the desk keeps per case type, why, how long, for whom."""

from flask import render_template

from app.privacy.services import processing
from app.privacy.services import retention as retention_service


def processing_register():
    return render_template(
        "privacy/processing_register.html",
        controller=processing.CONTROLLER,
        activities=processing.activities(),
        recipients=processing.RECIPIENTS,
        warning_days=retention_service.warning_days(),
    )
