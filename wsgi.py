"""WSGI entry point: gunicorn wsgi:app, flask --app wsgi ..."""

from app import create_app, worker

app = create_app()
worker.settle()
