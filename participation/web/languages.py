"""The language of each page: chosen by ``?lang=`` (kept for the session), else the child's own choice or
the language on their record, else the browser's, else English; and the language switcher's links."""

from __future__ import annotations

from functools import cache
from urllib.parse import urlencode

from flask import Flask, g, has_request_context, request, session, url_for
from flask_babel import get_translations
from jinja2 import pass_context
from jinja2.runtime import Context
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


@cache
def locale_choices() -> tuple[tuple[str, str], ...]:
    """The language switcher's choices, each named in its own language: the same on every page, so worked out
    once (on the first page, not at start)."""
    return tuple((code, native_name(code)) for code in LOCALES)


def page_gettext() -> dict:
    """The templates' ``_``, ``gettext`` and ``ngettext`` for one page, bound to its translations.

    Flask-Babel's own template functions look the translations up afresh for every string (asking the request
    context for the locale, the domain and the cache each time), which took a third of drawing a child's page of
    questions; here they are found once per page. They work as Jinja's "new style" ones do: the text is a format
    string, marked safe when the template escapes. Templates drawn without `render_template`, and macros imported
    without context, keep Flask-Babel's functions, which give the same words."""
    translations = get_translations()

    @pass_context
    def gettext(context: Context, string: str, **variables) -> str:
        text = translations.ugettext(string)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    @pass_context
    def ngettext(context: Context, singular: str, plural: str, num: int, **variables) -> str:
        variables.setdefault("num", num)
        text = translations.ungettext(singular, plural, num)
        if context.eval_ctx.autoescape:
            text = Markup(text)
        return text % variables

    return {"gettext": gettext, "ngettext": ngettext}


def init_app(app: Flask) -> None:
    """Refuse to start without compiled catalogs; keep explicit choices; give templates the helpers."""
    check_catalogs()
    app.before_request(remember_explicit_choice)
    app.jinja_env.filters["bdi"] = isolate
    app.context_processor(page_gettext)

    @app.context_processor
    def language_context() -> dict:
        current = page_language()
        return {
            "current_locale": current,
            "html_lang": html_lang(current),
            "text_direction": direction(current),
            "locale_choices": locale_choices(),
            "org_name": org_name(current),
            "language_name": display_name,
            "language_url": language_url,
        }
