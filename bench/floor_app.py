"""The floor: the least a Flask + Flask-SQLAlchemy app on this stack can do per filed report.

POST /api/v1/incidents reads the JSON body, inserts one row and answers 201 with JSON. The
database engine is set up as the desk sets up its own (SQLite: WAL, foreign keys, busy timeout,
synchronous=NORMAL, a write lock taken at BEGIN; PostgreSQL: a plain pool with pre-ping), so
the difference with the desk is the desk's own work, not the engine.

    FLOOR_DATABASE_URL=sqlite:////tmp/x.sqlite gunicorn -w 2 bench.floor_app:app
"""

import json
import os
from datetime import UTC, datetime

from flask import Flask, Response, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import DateTime, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from app.db_setup import configure_engine_events, engine_options

db = SQLAlchemy()


class FloorIncident(db.Model):
    __tablename__ = "floor_incidents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    category: Mapped[str] = mapped_column(String(30))
    reporter_email: Mapped[str] = mapped_column(String(254))
    description: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


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
