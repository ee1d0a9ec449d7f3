"""The floor: the least a Flask + Flask-SQLAlchemy app on this stack can do per filed report, and per register CSV.

POST /api/v1/incidents reads the JSON body, inserts one row and answers 201 with JSON.
GET /keurmerkregister.csv, on a desk's database, writes the rows of the desk's register download, and
GET /api/v1/cases answers the staff's first page of the API list (bench/api_floor.py). The
database engine is set up as the desk sets up its own (SQLite: WAL, foreign keys, busy timeout,
synchronous=NORMAL, a write lock taken at BEGIN; PostgreSQL: a plain pool with pre-ping), so
the difference with the desk is the desk's own work, not the engine.

    FLOOR_DATABASE_URL=sqlite:////tmp/x.sqlite gunicorn -w 2 bench.floor_app:app
"""

import csv
import io
import json
import os
from datetime import UTC, datetime

from flask import Flask, Response, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from app import worker
from app.db_setup import configure_engine_events, engine_options
from bench import api_floor

db = SQLAlchemy()


class FloorIncident(db.Model):
    __tablename__ = "floor_incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30))
    reporter_email: Mapped[str] = mapped_column(String(254))
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# The register download's rows (participant, category, product, gegevensdienst, since) in its order,
# read by one query and written by csv.writer: no status worked out from measures, no later change
# looked up, no translation, no guard against formulas. No desk writing that CSV can be faster.
REGISTER_ROWS = text(
    "SELECT o.name, o.category, p.name, k.gegevensdienst, k.granted_on"
    " FROM keurmerken k JOIN products p ON p.id = k.product_id JOIN organisations o ON o.id = p.organisation_id"
    " WHERE o.is_participant ORDER BY o.name, p.name, k.gegevensdienst"
)
REGISTER_HEADER = ("Deelnemer", "Categorie", "Product", "Gegevensdienst", "Status", "Sinds")


def bare_app(database: SQLAlchemy, url: str) -> Flask:
    """A Flask app on `url` with the desk's engine set-up and a health check (both floors)."""
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = url
    app.config["SQLALCHEMY_ENGINE_OPTIONS"] = engine_options(url)
    database.init_app(app)
    with app.app_context():
        # The desk's own engine set-up (POSTs take SQLite's write lock at BEGIN), not a copy of it.
        configure_engine_events(database.engine)

    @app.get("/healthz")
    def health():
        return {"status": "ok"}

    return app


def create_app(url: str | None = None) -> Flask:
    app = bare_app(db, url or os.environ["FLOOR_DATABASE_URL"])

    @app.post("/api/v1/incidents")
    def file_incident():
        body = request.get_json()
        reporter = body.get("reporter") or {}
        row = FloorIncident(
            title=str(body.get("title", ""))[:200],
            category=str(body.get("category", ""))[:30],
            reporter_email=str(reporter.get("email", ""))[:254],
            description=str(body.get("description", "")),
            created_at=datetime.now(UTC),
        )
        db.session.add(row)
        db.session.commit()
        payload = json.dumps({"id": row.id, "title": row.title, "status": "received"})
        return Response(payload, status=201, mimetype="application/json")

    @app.get("/keurmerkregister.csv")
    def register_csv():
        out = io.StringIO()
        writer = csv.writer(out)
        writer.writerow(REGISTER_HEADER)
        writer.writerows(
            (name, category or "", product, dienst, "Geldig", since.isoformat())
            for name, category, product, dienst, since in db.session.execute(REGISTER_ROWS)
        )
        return Response(out.getvalue(), mimetype="text/csv")

    api_floor.register(app, db)
    return app


def create_schema(url: str) -> None:
    """Drops and creates the floor's one table."""
    app = create_app(url)
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.session.remove()
        db.engine.dispose()


if os.environ.get("FLOOR_DATABASE_URL"):
    app = create_app()
    worker.settle()  # served as the desk is (wsgi.py), so the difference is the desk's own work
