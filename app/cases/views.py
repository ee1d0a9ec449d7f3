"""The foundation's side of cases: the queue, the case page and attachment downloads."""
from dataclasses import replace
from io import BytesIO

from flask import (Blueprint, abort, current_app, make_response, redirect, render_template, request, send_file,
                   url_for)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import BooleanField, SearchField, SelectChoice, SelectField
from wtforms.validators import Length, Optional

from app.cases import access, labels
from app.cases.services import handler_settings, queries
from app.cases.services import queue as work_queue
from app.cases.services import case_records as cases

bp = Blueprint("cases", __name__)
PAGE_SIZE = 50
PARTY_ROLE = labels.PARTY_ROLE


def _options(*pairs) -> list[SelectChoice]:
    return [SelectChoice(str(value), label) for value, label in pairs]


def _choices(mapping: dict, first: str) -> list[SelectChoice]:
    return _options(("", first), *mapping.items())


class QueueFilterForm(FlaskForm):
    """The queue's filters: a GET form, so no CSRF token (it changes nothing)."""

    class Meta:
        csrf = False

    q = SearchField(_l("Search"), validators=[Optional(), Length(max=200)])
    type = SelectField(_l("Type"), choices=_choices(labels.CASE_TYPE, _l("All types")), default="")
    status = SelectField(
        _l("Status"),
        choices=_options(("", _l("Open cases")), (work_queue.ALL, _l("All statuses")), *labels.STATUS.items()),
        default="",
    )
    category = SelectField(_l("Category"), choices=_choices(labels.CATEGORY, _l("All categories")), default="")
    participant = SelectField(_l("Participant"), default="")
    assignee = SelectField(_l("Case handler"), default="")
    breached = BooleanField(_l("Only overdue cases"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.participant.choices = _options(("", _l("All participants")), *work_queue.participant_choices())
        self.assignee.choices = _options(
            ("", _l("Anyone")), ("me", _l("Me")), ("none", _l("Not assigned")), *work_queue.staff_choices()
        )

    def value(self, name: str) -> str | None:
        """The field's value, or None when it is empty or was refused."""
        field = self[name]
        return None if field.errors or not field.data else field.data


def _filters(form: QueueFilterForm) -> work_queue.QueueFilters:
    participant = form.value("participant")
    return work_queue.QueueFilters(
        type=form.value("type"),
        status=form.value("status"),
        category=form.value("category"),
        participant_id=int(participant) if participant else None,
        breached=True if form.value("breached") else None,
        q=form.value("q"),
        **work_queue.assignee_filter(form.value("assignee"), me=current_user),
    )


def _page_url(**extra) -> str:
    args = {key: value for key, value in request.args.items() if value and key != "cursor"}
    return url_for("cases.queue", **args, **extra)


@bp.get("/behandelen", endpoint="queue")
@login_required
def queue_page():
    if not access.Viewer(user=current_user).is_staff:
        abort(403)
    form = QueueFilterForm(formdata=request.args)
    form.validate()
    reference = work_queue.as_reference(form.value("q"))
    if reference and queries.find_by_reference(reference) is not None:
        # A reference jumps straight to its case (staff may view every case).
        return redirect(url_for("cases.detail", reference=reference))
    filters = replace(_filters(form), **access.listing_filter(access.Viewer(user=current_user)))
    page, link_ok = work_queue.search_from_link(filters, PAGE_SIZE, request.args.get("cursor") or None)
    cursor = request.args.get("cursor") if link_ok else None
    notice, status = (None, 200) if link_ok else (_("This page link is not valid. You see the first page of the queue instead."), 400)
    return render_template(
        "cases/queue.html",
        form=form,
        page=page,
        due=work_queue.nearest_due(page.items),
        reference=reference,
        notice=notice,
        is_first_page=cursor is None,
        first_url=_page_url(),
        next_url=_page_url(cursor=page.next_cursor) if page.next_cursor else None,
    ), status


def _staff_case(reference: str):
    """The case for the foundation's pages; 404 for everyone else, as for an unknown case."""
    viewer = access.Viewer(user=current_user)
    case = queries.find_by_reference(reference)
    if case is None or not viewer.is_staff:
        abort(404)
    refuse_if_conflicted(viewer, case)
    return case, viewer


def refuse_if_conflicted(viewer: access.Viewer, case) -> None:
    """A handler who declared a conflict of interest with a party is told why the case is closed to them."""
    if access.conflicted(viewer, case):
        abort(make_response(render_template("cases/conflicted.html", reference=case.reference), 403))


@bp.get("/behandelen/<reference>")
@login_required
def detail(reference: str):
    case, viewer = _staff_case(reference)
    return render_template(
        "cases/detail.html",
        case=case,
        events=queries.visible_events(case, access.visible_scopes(viewer, case)),
        deadlines=queries.deadlines(case),
        attachments=work_queue.attachments_of(case),
        lead_case=work_queue.lead_case(case),
        party_roles=PARTY_ROLE,
        conflicts=handler_settings.conflicts_on(case) if current_user.role == "coordinator" else [],
    )


@bp.get("/behandelen/<reference>/bijlagen/<int:attachment_id>")
@login_required
def attachment(reference: str, attachment_id: int):
    case, viewer = _staff_case(reference)
    item = queries.attachment(case, attachment_id)
    if item is None or not access.can_see_item(viewer, case, item.visibility):
        abort(404)
    return send_attachment(case, item)


def send_attachment(case, item):
    """The file as a download, for a viewer the caller has checked; 404 when storage lost it."""
    try:
        data = cases.storage().read(item.storage_key)
    except FileNotFoundError:
        current_app.logger.error("Attachment %s of %s is missing from storage", item.id, case.reference)
        abort(404)
    # Always a download, never shown inline: a file from outside must not run in our origin.
    response = send_file(BytesIO(data), mimetype=item.content_type, as_attachment=True,
                         download_name=item.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response


from app.cases import handling_views  # noqa: E402,F401  (the handlers' actions on the case page)
from app.cases import hearing_views  # noqa: E402,F401  (asking a party for a response)
