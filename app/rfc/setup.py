"""What the RFC desk adds at start-up: its template filters, its clocks' meaning for the sweep and the SLA
pages, its API events, and its panel on an incident's staff page."""

from app.cases import staff_page
from app.rfc import case_panel, deadline_events, labels


def register(app) -> None:
    labels.register(app)
    deadline_events.register()
    staff_page.register_panel(case_panel.incident_panel)
