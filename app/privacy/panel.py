"""The privacy panel on the staff case page (coordinators): the retention term, the legal hold, the access log."""

from dataclasses import dataclass

from app.cases import access, staff_page
from app.cases.models import Case
from app.privacy.forms import HoldForm, LiftHoldForm
from app.privacy.models import CaseRetention
from app.privacy.retention import Term
from app.privacy.services import erasure
from app.privacy.services import retention as retention_service


@dataclass(frozen=True)
class RetentionPanel:
    term: Term | None
    row: CaseRetention | None
    hold_form: HoldForm | None
    lift_form: LiftHoldForm | None


def retention_panel(case: Case, viewer: access.Viewer, _in_use) -> staff_page.Panel | None:
    if viewer.user.role != "coordinator":
        return None
    row = erasure.retention_of(case)
    held = row is not None and row.held
    erased = row is not None and row.erased_at is not None
    return staff_page.Panel(
        "privacy/_case_panel.html",
        RetentionPanel(
            term=None if erased else retention_service.term_of(case),
            row=row,
            hold_form=None if held or erased else HoldForm(formdata=None),
            lift_form=LiftHoldForm(formdata=None) if held else None,
        ),
    )


def register() -> None:
    staff_page.register_panel(retention_panel)
