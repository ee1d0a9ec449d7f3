"""The Keurmerkregister's blueprint and every URL rule of the package, in one list."""

from flask import Blueprint

from app.keurmerkregister import views

bp = Blueprint("keurmerkregister", __name__)

RULES = (
    ("GET", "/keurmerkregister", "index", views.index),
    ("GET", "/keurmerkregister/<int:participant_id>", "participant", views.participant),
    ("GET", "/keurmerkregister.csv", "csv", views.csv_download),
    ("GET", "/keurmerkregister/feed.atom", "feed", views.atom_feed),
)
for method, rule, endpoint, view in RULES:
    bp.add_url_rule(rule, endpoint, view, methods=[method])
