"""`create_app`: settings, extensions, blueprints, error pages and commands. Building the app has no side
effects beyond configuring the app object (catalogs are compiled when the app is installed)."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

ROOT = Path(__file__).resolve().parent.parent


def create_app(config: dict | None = None) -> Flask:
    """Build the app: settings, extensions, blueprints, error pages and commands."""
    from . import cli, schema_migrations, settings
    from .extensions import babel, csrf, db, limiter, login_manager
    from .platform import db as database
    from .platform import i18n, logs
    from .web import (
        access,
        dates,
        error_pages,
        error_titles,
        headers,
        health,
        languages,
        request_ids,
        static_files,
        symbols,
    )
    from .web.inputs import CleanRequest, RowIdConverter

    _register_models()
    app = Flask(
        __name__,
        template_folder=str(ROOT / "templates"),
        static_folder=str(ROOT / "static"),
        instance_relative_config=True,
    )
    app.config.from_mapping(settings.load(app.instance_path, config))
    logs.setup(app.config["LOG_LEVEL"])
    # Before any route is added: row ids a database can hold, and no NUL in what a request carries.
    app.url_map.converters["int"] = RowIdConverter
    app.request_class = CleanRequest
    Path(app.instance_path).mkdir(parents=True, exist_ok=True)
    if app.config["TRUSTED_PROXIES"]:
        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)  # type: ignore[method-assign]
    # The built static files, hashed and compressed, served in front of the app (when they have been built).
    static_files.init_app(app)

    database.init_app(app)
    # The figures are counted as things happen, in the same unit of work (see figures.tally).
    from .figures import tally

    tally.listen(db.session)
    schema_migrations.init_app(app)
    csrf.init_app(app)
    limiter.init_app(app)
    # Two catalogs per language, read as one: what families read, and the staff pages (see platform.catalogs).
    babel.init_app(
        app,
        locale_selector=languages.select_locale,
        default_domain="family;staff",
        default_translation_directories=f"{i18n.TRANSLATIONS_DIR};{i18n.TRANSLATIONS_DIR}",
    )
    languages.init_app(app)
    dates.init_app(app)
    symbols.init_app(app)
    headers.init_app(app)
    error_titles.init_app(app)
    login_manager.init_app(app)
    access.init_login(login_manager)

    from .web.child import bp as child_bp
    from .web.respond import bp as respond_bp
    from .web.staff import bp as staff_bp

    app.register_blueprint(child_bp)
    app.register_blueprint(respond_bp)
    app.register_blueprint(staff_bp)
    app.register_blueprint(health.bp)
    error_pages.init_app(app)
    cli.init_app(app)
    # Outermost: a request id and an access line for every request, static files included.
    request_ids.init_app(app)
    return app


def _register_models() -> None:
    """Import every table's model, so the schema (and the migrations) know them all."""
    from .consultation import models as _consultation  # noqa: F401
    from .feedback import models as _feedback  # noqa: F401
    from .figures import models as _figures  # noqa: F401
    from .people import models as _people  # noqa: F401
    from .platform import models as _platform  # noqa: F401
    from .reviews import models as _reviews  # noqa: F401
    from .statements import models as _statements  # noqa: F401
