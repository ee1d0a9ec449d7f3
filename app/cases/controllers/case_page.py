"""The staff case page (GET); actions that show it again build it the same way (app/cases/staff_page.py)."""

from flask_login import login_required

from app.cases import page_access, staff_page


@login_required
def detail(reference: str):
    case, viewer = page_access.staff_case(reference)
    page = staff_page.render(case, viewer)
    page_access.log_staff_look(case, viewer, "view_case")  # once the page is drawn
    return page
