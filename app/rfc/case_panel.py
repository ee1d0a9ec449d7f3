"""The incident's side of a blocker: the staff case page links the RFC that started (or joined) it."""

from app.cases import access, staff_page
from app.rfc.services import queries


def incident_panel(case, viewer: access.Viewer, _in_use) -> staff_page.Panel | None:
    if case.type != "incident" or not viewer.is_staff:
        return None
    rfcs = queries.linked_to_case(case.id)
    return staff_page.Panel("rfc/_case_panel.html", rfcs, top=True) if rfcs else None
