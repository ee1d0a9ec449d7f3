"""The monthly CAB agenda: the RFCs waiting for prioritisation or review, with their impact analysis."""

from flask import render_template

from app import clock
from app.rfc import page_access
from app.rfc.services import queries


def agenda():
    page_access.staff_only()
    return render_template("rfc/cab.html", rfcs=queries.cab_agenda(), month=clock.local(clock.now()))
