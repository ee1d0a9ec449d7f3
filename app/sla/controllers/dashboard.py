"""The SLA dashboard: open deadlines by state, this month's breaches, the monthly share met, the ones at risk."""

from flask import render_template

from app import clock
from app.sla import dashboard


def dashboard_page():
    now = clock.now()
    this_month = dashboard.month_start(now)
    types, months = dashboard.monthly_share(now)
    risk, risk_count = dashboard.at_risk(now)
    return render_template(
        "sla/dashboard.html",
        states=dashboard.open_by_state(),
        month_start=this_month,
        breaches=dashboard.breaches_since(this_month),
        types=types,
        months=months,
        chart=dashboard.bar_chart(types, months),
        risk=risk,
        risk_count=risk_count,
    )
