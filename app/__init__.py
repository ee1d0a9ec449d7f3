"""The application factory: configuration, extensions, blueprints, error pages and CLI."""

import logging
import os
from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from app.extensions import csrf, db, limiter, login_manager, migrate
from config import CONFIGS

ROOT = Path(__file__).resolve().parent.parent


def create_app(config_name: str | None = None, **overrides) -> Flask:
    config_name = config_name or os.environ.get("MELDPUNT_ENV", "production")
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "app" / "static"),
    )
    app.config.from_object(CONFIGS[config_name])
    app.config.update(overrides)
    if not app.config["SECRET_KEY"]:
        raise RuntimeError("Set SECRET_KEY: the production configuration has no default secret.")
    Path(app.config["INSTANCE_DIR"]).mkdir(parents=True, exist_ok=True)
    _install_data_keys(app)
    # SQLAlchemy logs statements and result rows (decrypted values) when its logger is enabled; a root
    # logger at DEBUG must not turn that on. SQLALCHEMY_ECHO still does, deliberately.
    logging.getLogger("sqlalchemy.engine").setLevel(logging.WARNING)

    proxies = app.config.get("TRUSTED_PROXY_COUNT", 0)
    if proxies:
        # The proxies' headers, and only as many as there are proxies: a client's own are not trusted.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    _init_extensions(app)
    from app.web import input_guard

    input_guard.use_bounded_ids(app)  # before the blueprints add their rules
    _register_blueprints(app)
    from app.web import links as web_links

    web_links.install()  # the URLs services and notices hand out (app/links.py)

    from app import errors, i18n, security
    from app.cases import deadline_events, labels
    from app.compliance import labels as compliance_labels
    from app.compliance import measure_events
    from app.compliance.controllers import decision as decision_views
    from app.privacy import panel as privacy_panel
    from app.sla import tallies as sla_tallies

    errors.register(app)
    input_guard.register(app)
    security.register(app)
    i18n.register(app)
    labels.register(app)
    compliance_labels.register(app)
    deadline_events.register()
    measure_events.register()
    sla_tallies.install()  # the SLA dashboard's counts follow every commit
    decision_views.register()  # the decision panel on the staff case page
    privacy_panel.register()  # the retention term, legal hold and access log link (coordinators)
    from app.rfc import setup as rfc_setup

    rfc_setup.register(app)  # the RFC desk's filters, clocks, API events and incident panel

    from app.cli import register_cli

    register_cli(app)
    return app


def _install_data_keys(app: Flask) -> None:
    from app import crypto

    keys = crypto.load_keys(
        app.config["DATA_KEYS"], app.config["DATA_KEY_FILE"], create=app.config["DATA_KEY_FILE_CREATE"]
    )
    if not keys:
        raise RuntimeError(
            "Set MELDPUNT_DATA_KEYS or MELDPUNT_DATA_KEY_FILE: personal data is encrypted at rest with a key "
            "kept outside the database (`flask --app wsgi keys generate` prints a new one)."
        )
    crypto.install(crypto.Keyring(keys))


def _init_extensions(app: Flask) -> None:
    from app.db_setup import configure_engine_events, engine_options

    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    login_manager.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    with app.app_context():
        configure_engine_events(db.engine)

    from app.auth.loaders import register_loaders

    register_loaders(login_manager)
    # Importing the models registers every table on the metadata (migrations compare against it).
    from app import models  # noqa: F401


def _register_blueprints(app: Flask) -> None:
    from app.accounts.blueprint import bp as accounts_bp
    from app.api.blueprint import bp as api_bp
    from app.auth.blueprint import bp as auth_bp
    from app.auth.blueprint import users_bp
    from app.cases.blueprint import bp as cases_bp
    from app.compliance.blueprint import bp as compliance_bp
    from app.intake.blueprint import bp as intake_bp
    from app.keurmerkregister.blueprint import bp as keurmerkregister_bp
    from app.main.blueprint import bp as main_bp
    from app.notify.blueprint import bp as notify_bp
    from app.portal.blueprint import bp as portal_bp
    from app.privacy.blueprint import bp as privacy_bp
    from app.rfc.blueprint import bp as rfc_bp
    from app.sla.blueprint import bp as sla_bp

    for blueprint in (
        main_bp,
        auth_bp,
        intake_bp,
        cases_bp,
        notify_bp,
        sla_bp,
        api_bp,
        accounts_bp,
        portal_bp,
        compliance_bp,
        keurmerkregister_bp,
        rfc_bp,
        users_bp,
        privacy_bp,
    ):
        app.register_blueprint(blueprint)
