"""The Keurmerkregister's views: the list with filters, one participant, the CSV download and the Atom feed."""

import re
from collections.abc import Callable, Iterable
from datetime import date
from functools import cache, partial
from itertools import chain

from flask import Response, abort, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from app.compliance.labels import KEURMERK_STATUS, MEASURE_KIND
from app.i18n import localdate
from app.keurmerkregister import feed, listing

REFUSED = {
    listing.NOT_A_CHOICE: _l("Choose one of the values in the list."),
    listing.TOO_LONG: _l("Use at most %(max)s characters.", max=listing.MAX_QUERY),
}
# A spreadsheet runs a cell starting with one of these as a formula.
FORMULA_START = ("=", "+", "-", "@")
NEEDS_QUOTES = re.compile(r'[",\r\n]')


def _refusals(errors: dict[str, str]) -> dict[str, str]:
    return {key: str(REFUSED[reason]) for key, reason in errors.items()}


def _day() -> Callable[[date], str]:
    """The register's date format, each distinct date formatted once per request: keurmerken share
    their dates of grant."""
    return cache(partial(localdate, fmt="d MMMM yyyy"))


def _labels() -> dict:
    """The words of the register's codes and cells, translated once per request rather than per row."""
    return {
        "status": {code: str(text) for code, text in KEURMERK_STATUS.items()},
        "measure": {code: str(text) for code, text in MEASURE_KIND.items()},
        "not_published": _("Decision not published"),
        "granted": _("Granted"),
    }


def index():
    filters, errors = listing.parse(request.args)
    page = listing.page(filters, request.args.get("page", 1, type=int))
    # The download and the pages show what this page shows: the accepted filters only.
    query_args = {k: v for k, v in request.args.items() if k in listing.FILTER_KEYS and k not in errors and v}
    html = render_template(
        "keurmerkregister/index.html",
        page=page,
        errors=_refusals(errors),
        args=request.args,
        labels=_labels(),
        day=_day(),
        category_options=[(c, c) for c in listing.allowed("category")],
        gegevensdienst_options=[(g, g) for g in listing.allowed("gegevensdienst")],
        query_args=query_args,
    )
    return html, 400 if errors else 200


def participant(participant_id: int):
    row = listing.participant(participant_id)
    if row is None:
        abort(404)
    return render_template(
        "keurmerkregister/participant.html",
        row=row,
        labels=_labels(),
        day=_day(),
        public_reason=listing.public_reason,
        measures=listing.published_measures(participant_id),
    )


def _field(value: str) -> str:
    """A CSV field as the csv module's excel dialect writes it: quoted when it holds a quote, comma or line end."""
    return '"' + value.replace('"', '""') + '"' if NEEDS_QUOTES.search(value) else value


def _cell(value: str) -> str:
    """A field of free text: a spreadsheet shows it as text rather than running it as a formula."""
    return _field(f"'{value}" if value.startswith(FORMULA_START) else value)


def _text(rows: Iterable[Iterable[str]]) -> str:
    """A CSV file of rows of fields already quoted, with the excel dialect's line ends."""
    return "".join(",".join(row) + "\r\n" for row in rows)


def csv_download():
    filters, errors = listing.parse(request.args)
    if errors:
        text = "\n".join(f"{key}: {message}" for key, message in _refusals(errors).items())
        return Response(text + "\n", status=400, mimetype="text/plain")
    header = (_("Participant"), _("Category"), _("Product"), _("Gegevensdienst"), _("Status"), _("Since"))
    statuses = {code: _field(text) for code, text in _labels()["status"].items()}
    # The fields are quoted and joined here rather than by csv.writer: over the same 10,000 rows of
    # cells it took 20 ms against 8 ms for this (measured 2026-12-04, tests pin the output to it).
    # Each distinct value is quoted once: ten keurmerken share their participant's name, five their
    # product's, many their date.
    cell, field, day = cache(_cell), cache(_field), cache(date.isoformat)
    rows = (
        (cell(name), cell(category or ""), cell(product), field(dienst), statuses[status.status], day(since))
        for _pid, name, category, _kid, product, _ref, dienst, status, since in listing.keurmerken(filters)
    )
    return Response(
        _text(chain([map(_field, header)], rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="keurmerkregister.csv"'},
    )


def atom_feed():
    return Response(feed.document(listing.latest_events(feed.LIMIT)), mimetype="application/atom+xml")
