"""The staff queue: filters, search, a reference that jumps to its case, and keyset paging."""

from dataclasses import replace

from flask import abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app.cases import access
from app.cases.forms import QueueFilterForm
from app.cases.services import queries
from app.cases.services import queue as work_queue

PAGE_SIZE = 50


def _filters(form: QueueFilterForm) -> work_queue.QueueFilters:
    return work_queue.QueueFilters(
        type=form.value("type"),
        status=form.value("status"),
        category=form.value("category"),
        participant_id=form.value("participant"),
        breached=True if form.value("breached") else None,
        q=form.value("q"),
        **work_queue.assignee_filter(form.value("assignee"), me=current_user),
    )


def _page_url(**extra) -> str:
    args = {key: value for key, value in request.args.items() if value and key != "cursor"}
    return url_for("cases.queue", **args, **extra)


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
    notice, status = (
        (None, 200)
        if link_ok
        else (_("This page link is not valid. You see the first page of the queue instead."), 400)
    )
    return render_template(
        "cases/queue.html",
        form=form,
        page=page,
        due=work_queue.nearest_due(page.items),
        reference=reference,
        notice=notice,
        first_url=_page_url() if cursor is not None else None,
        next_url=_page_url(cursor=page.next_cursor) if page.next_cursor else None,
    ), status
