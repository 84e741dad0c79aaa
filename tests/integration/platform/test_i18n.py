"""Languages: complete catalogs, right-to-left Arabic pages, and the order in which a locale is chosen."""

from __future__ import annotations

import re

import pytest

from participation.platform import catalogs, i18n
from tests.conftest import make_child_with_link, open_child_space

HTML_TAG = re.compile(r'<html lang="([^"]+)" dir="([^"]+)">')


def html_tag(response) -> tuple[str, str]:
    return HTML_TAG.search(response.get_data(as_text=True)).groups()


def test_every_catalog_is_complete_with_nothing_fuzzy_or_missing():
    assert catalogs.problems() == []


def test_every_listed_locale_has_a_catalog():
    for code in i18n.LOCALES:
        if code != i18n.DEFAULT_LOCALE:
            assert (i18n.TRANSLATIONS_DIR / code / "LC_MESSAGES" / "messages.po").is_file()


def test_the_app_refuses_to_start_without_a_catalog(tmp_path):
    with pytest.raises(i18n.MissingCatalogError):
        i18n.check_catalogs(tmp_path)


@pytest.mark.parametrize(("locale", "lang", "direction"), [("en", "en-GB", "ltr"), ("ar", "ar", "rtl")])
def test_pages_declare_language_and_direction(client, locale, lang, direction):
    assert html_tag(client.get(f"/staff/login?lang={locale}")) == (lang, direction)


def test_arabic_pages_are_translated(client):
    english = client.get("/staff/login?lang=en").get_data(as_text=True)
    arabic = client.get("/staff/login?lang=ar").get_data(as_text=True)
    assert "Sign in" in english
    assert "Sign in" not in arabic and "Email address" not in arabic


def test_explicit_choice_is_remembered_for_the_next_page(client):
    client.get("/staff/login?lang=ar")
    assert html_tag(client.get("/staff/login")) == ("ar", "rtl")


def test_unknown_languages_are_ignored(client):
    assert html_tag(client.get("/staff/login?lang=xx")) == ("en-GB", "ltr")


def test_browser_language_is_used_when_nothing_was_chosen(client):
    response = client.get("/staff/login", headers={"Accept-Language": "ar,en;q=0.5"})
    assert html_tag(response) == ("ar", "rtl")


def test_a_childs_saved_language_beats_the_browser(app, client, iro):
    _, token = make_child_with_link(app, iro, preferred_language="ar")
    open_child_space(client, token)
    response = client.get("/me/", headers={"Accept-Language": "en"})
    assert html_tag(response) == ("ar", "rtl")


def test_a_child_switching_language_keeps_it_next_time(app, client, child_with_link):
    _, token = child_with_link
    open_child_space(client, token)
    assert html_tag(client.get("/me/?lang=ar")) == ("ar", "rtl")
    later = app.test_client()
    later.get(f"/c/{token}")
    assert html_tag(later.get("/me/secret")) == ("ar", "rtl")
    with app.app_context():
        from participation.extensions import db
        from participation.people.models import Child

        assert db.session.get(Child, child_with_link[0].id).preferred_language == "en"  # the IRO's record stays


def test_language_switcher_shows_native_names_and_marks_the_current_one(client):
    html = client.get("/staff/login?lang=ar").get_data(as_text=True)
    assert 'lang="en" hreflang="en"' in html and ">English</a>" in html
    assert re.search(r'lang="ar" hreflang="ar"\s+aria-current="true">العربية</a>', html)


def test_after_a_form_the_switcher_goes_to_a_page_that_exists(iro_client, iro):
    html = iro_client.post("/staff/logout", data={}).get_data(as_text=True)  # refused (no CSRF), rendered
    for href in re.findall(r'href="([^"]*lang=ar[^"]*)"', html):
        assert iro_client.get(href).status_code in (200, 302)


def test_staff_can_work_in_arabic(iro_client):
    assert html_tag(iro_client.get("/staff/caseload?lang=ar")) == ("ar", "rtl")
