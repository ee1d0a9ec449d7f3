"""The public RFC register: the list with search, filters and pages, one RFC, and the Atom feed."""

from flask import Response, abort, render_template, request, url_for
from flask_babel import lazy_gettext as _l

from app.register.models import GEGEVENSDIENSTEN
from app.rfc import feed, labels
from app.rfc.services import register

REFUSED = {
    register.NOT_A_CHOICE: _l("Choose one of the values in the list."),
    register.TOO_LONG: _l("Use at most %(max)s characters.", max=register.MAX_QUERY),
}


def register_list():
    filters, errors = register.parse(request.args)
    try:
        page = register.search(filters, register.DEFAULT_LIMIT, request.args.get("cursor") or None)
        bad_cursor = False
    except ValueError:
        page, bad_cursor = register.search(filters, register.DEFAULT_LIMIT), True
    args = {k: v for k, v in request.args.items() if k in register.FILTER_KEYS and k not in errors and v}
    html = render_template(
        "rfc/register.html",
        page=page,
        errors={key: str(REFUSED[reason]) for key, reason in errors.items()},
        bad_cursor=bad_cursor,
        args=request.args,
        statuses=labels.STATUS,
        types=labels.TYPE,
        priorities=labels.PRIORITY,
        gegevensdiensten=[(g, g) for g in GEGEVENSDIENSTEN],
        next_url=url_for("rfc.register", **args, cursor=page.next_cursor) if page.next_cursor else None,
        first_url=url_for("rfc.register", **args) if request.args.get("cursor") else None,
    )
    return html, 400 if errors or bad_cursor else 200


def register_entry(reference: str):
    rfc = register.find(reference)
    if rfc is None:
        abort(404)
    return render_template("rfc/register_entry.html", rfc=rfc, history=register.status_history(rfc))


def atom_feed():
    return Response(feed.document(register.latest_changes(feed.LIMIT)), mimetype="application/atom+xml")
