"""My cases: the list of the organisation's cases, filtered, with what is asked of it, in keyset pages."""

from dataclasses import replace

from flask import render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app.cases import access, labels
from app.cases.services import hearing
from app.cases.services import queue as work_queue
from app.portal import services
from app.portal.forms import CaseFilterForm
from app.rfc.services import queries as rfc_queries

PAGE_SIZE = 25


def case_list():
    viewer = access.Viewer(user=current_user)
    form = CaseFilterForm(formdata=request.args)
    form.validate()
    filters = work_queue.QueueFilters(
        type=form.value("type"), status=form.value("status") or work_queue.ALL, party_role=form.value("role")
    )
    filters = replace(filters, **access.listing_filter(viewer))
    page, link_ok = work_queue.search_from_link(filters, PAGE_SIZE, request.args.get("cursor") or None)
    cursor = request.args.get("cursor") if link_ok else None
    notice, status = (
        (None, 200) if link_ok else (_("This page link is not valid. You see the first page instead."), 400)
    )
    ids = [case.id for case in page.items]
    args = {key: value for key, value in request.args.items() if value and key != "cursor"}
    return render_template(
        "portal/cases.html",
        form=form,
        page=page,
        notice=notice,
        role_labels=labels.PARTY_ROLE,
        roles=services.roles_of(viewer.organisation_id, ids),
        asks=hearing.asks(ids, viewer.organisation_id),
        rfcs=rfc_queries.of_organisation(viewer.organisation_id),
        next_url=url_for("portal.cases", **args, cursor=page.next_cursor) if page.next_cursor else None,
        first_url=url_for("portal.cases", **args) if cursor else None,
    ), status
