"""Participation: helps children in care take part in their own reviews.

`create_app` builds the Flask app; it has no side effects beyond configuring the app object.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error pages and commands."""
    from . import accounts, cli, errors, i18n, security
    from .config import load_config
    from .database import init_database
    from .extensions import babel, csrf, db, limiter, login_manager, migrate

    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    app.config.from_mapping(load_config(app.instance_path, config))
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)

    init_database(app)
    # Batch mode lets later migrations alter tables on SQLite too.
    migrate.init_app(app, db, directory=str(Path(__file__).parent / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    babel.init_app(
        app,
        locale_selector=i18n.select_locale,
        default_translation_directories=str(i18n.TRANSLATIONS_DIR),
    )
    i18n.init_app(app)
    security.init_app(app)
    login_manager.init_app(app)
    accounts.init_login(login_manager)

    from .child import bp as child_bp
    from .staff import bp as staff_bp

    app.register_blueprint(child_bp)
    app.register_blueprint(staff_bp)
    errors.init_app(app)
    cli.init_app(app)
    return app
