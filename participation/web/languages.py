"""The language of each page: chosen by ``?lang=`` (kept for the session), else the child's own choice or
the language on their record, else the browser's, else English; and the language switcher's links."""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Flask, g, has_request_context, request, session, url_for
from markupsafe import Markup

from ..platform.i18n import (
    DEFAULT_LOCALE,
    LOCALES,
    check_catalogs,
    child_locale,
    cldr_locale,
    direction,
    display_name,
    html_lang,
    native_name,
    org_name,
    page_language,
)


def select_locale() -> str:
    """Pick the page language: ?lang= > session > the child's own choice, then the language on their
    record > browser > English. Outside a request (commands, timers) it is English. Returned as the CLDR
    locale its dates and numbers follow (English pages are British: `cldr_locale`)."""
    return cldr_locale(_chosen_language())


def _chosen_language() -> str:
    if not has_request_context():
        return DEFAULT_LOCALE
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        return chosen
    if session.get("lang") in LOCALES:
        return session["lang"]
    child = g.get("child")
    return (
        (child_locale(child) if child is not None else None)
        or request.accept_languages.best_match(LOCALES)
        or DEFAULT_LOCALE
    )


def remember_explicit_choice() -> None:
    """Keep a valid ?lang= choice in the session so the next page stays in that language."""
    chosen = request.args.get("lang")
    if chosen in LOCALES:
        session["lang"] = chosen


def language_url(code: str) -> str:
    """This page in another language, or (after a form was sent) the audience's home page in it."""
    args = request.args.to_dict()
    args["lang"] = code
    if request.method == "GET":
        return request.path + "?" + urlencode(args)
    return url_for("child.home" if g.get("child") is not None else "staff.home", lang=code)


def isolate(text: object) -> Markup:
    """Words staff typed (a name, a note), set inside a sentence in the page's language: in their own direction,
    so "Your IRO is Sam Jones" reads right in Arabic and an Arabic name reads right in English."""
    return Markup("<bdi>%s</bdi>") % text


def init_app(app: Flask) -> None:
    """Refuse to start without compiled catalogs; keep explicit choices; give templates the helpers."""
    check_catalogs()
    app.before_request(remember_explicit_choice)
    app.jinja_env.filters["bdi"] = isolate

    @app.context_processor
    def language_context() -> dict:
        current = page_language()
        return {
            "current_locale": current,
            "html_lang": html_lang(current),
            "text_direction": direction(current),
            "locale_choices": [(code, native_name(code)) for code in LOCALES],
            "org_name": org_name(current),
            "language_name": display_name,
            "language_url": language_url,
        }
