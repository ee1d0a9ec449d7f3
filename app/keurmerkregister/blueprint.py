"""The Keurmerkregister's blueprint and every URL rule of the package, in one list."""
from flask import Blueprint

from app.keurmerkregister import views

bp = Blueprint("keurmerkregister", __name__)

RULES = (
    ("/keurmerkregister", "index", views.index),
    ("/keurmerkregister/<int:participant_id>", "participant", views.participant),
    ("/keurmerkregister.csv", "csv", views.csv_download),
    ("/keurmerkregister/feed.atom", "feed", views.atom_feed),
)
for rule, endpoint, view in RULES:
    bp.add_url_rule(rule, endpoint, view, methods=["GET"])
