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


def test_every_listed_locale_has_a_family_catalog_and_staff_languages_a_staff_one():
    for code in i18n.LOCALES:
        if code != i18n.DEFAULT_LOCALE:
            assert (i18n.TRANSLATIONS_DIR / code / "LC_MESSAGES" / "family.po").is_file()
            assert (i18n.TRANSLATIONS_DIR / code / "LC_MESSAGES" / "staff.po").is_file() == (code in i18n.STAFF_LOCALES)


def test_the_app_refuses_to_start_without_a_catalog(tmp_path):
    with pytest.raises(i18n.MissingCatalogError):
        i18n.check_catalogs(tmp_path)


RIGHT_TO_LEFT = {"ar", "ps", "fa", "fa_AF", "ckb", "ur"}


@pytest.mark.parametrize("locale", i18n.LOCALES)
def test_pages_declare_language_and_direction(client, locale):
    lang = {"en": "en-GB", "fa_AF": "fa-AF"}.get(locale, locale)
    assert html_tag(client.get(f"/help?lang={locale}")) == (lang, "rtl" if locale in RIGHT_TO_LEFT else "ltr")


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


def test_the_language_in_a_childs_link_stays_after_the_pin_and_next_time(app, child_with_link):
    child, token = child_with_link
    phone = app.test_client()
    phone.get(f"/c/{token}?lang=ar")
    assert html_tag(phone.get("/me/secret")) == ("ar", "rtl")
    open_child_space(phone, token)  # the PIN page starts a new session: the choice survives it
    assert html_tag(phone.get("/me/")) == ("ar", "rtl")
    another_phone = app.test_client()
    another_phone.get(f"/c/{token}")
    assert html_tag(another_phone.get("/me/secret")) == ("ar", "rtl")  # kept on the child's record


def test_a_feedback_link_opens_in_the_language_it_was_sent_in(app, iro_client, iro):
    from tests.conftest import make_child, post_form, record_held_yesterday, schedule_review

    with app.app_context():
        from participation.extensions import db
        from participation.reviews.models import Review

        child = make_child(iro, age=9)
    review_id = schedule_review(app, child, iro, days=-1)
    with app.app_context():
        record_held_yesterday(db.session.get(Review, review_id), iro)
        db.session.commit()
    page = post_form(
        iro_client, f"/staff/reviews/{review_id}/feedback", {"respondent": "parent_carer", "language": "ar"}
    )
    link = re.search(r'id="feedback-link" value="http://localhost(/f/[^"]+)"', page.get_data(as_text=True)).group(1)
    assert link.endswith("?lang=ar")
    assert html_tag(app.test_client().get(link)) == ("ar", "rtl")


def test_the_iro_is_told_when_a_childs_language_has_no_pages_yet(app, iro_client, iro):
    from tests.conftest import make_child

    with app.app_context():
        somali = make_child(iro, preferred_language="so")
        tigrinya = make_child(iro, preferred_language="ti", preferred_name="Yonas")
    html = iro_client.get(f"/staff/children/{somali.id}").get_data(as_text=True)
    assert "There are no pages in Somali yet: Robin will see their pages in English." in html
    assert "There are no pages in" not in iro_client.get(f"/staff/children/{tigrinya.id}").get_data(as_text=True)


def test_words_are_marked_with_the_language_their_letters_belong_to():
    assert i18n.written_language("ሰላም እዩ", "en", "ti") == "ti"
    assert i18n.written_language("سڵاو", "en", "ckb") == "ckb"
    assert i18n.written_language("سلام", "en", "fa_AF") == "fa_AF"
    assert i18n.written_language("Silav", "en", "ku") == "en"  # Kurmanji is written in Latin letters
    assert i18n.written_language("ሰላም", "en", "en") == "und"


def test_a_council_can_give_its_name_in_each_language(app, app_config, monkeypatch):
    from participation import create_app

    monkeypatch.setenv("ORG_NAME_AR", "مجلس البلدة")
    named = create_app(app_config)
    assert "مجلس البلدة" in named.test_client().get("/staff/login?lang=ar").get_data(as_text=True)
    assert "Demo Borough Council" in named.test_client().get("/staff/login?lang=en").get_data(as_text=True)


def test_a_page_with_a_problem_says_error_first_in_its_title(client):
    page = client.post("/staff/login", data={"email": "", "password": ""})  # no CSRF: the form's own page
    html = client.get("/staff/login").get_data(as_text=True)
    assert "<title>Error:" not in html
    response = client.get("/staff/login")
    csrf = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', response.get_data(as_text=True)).group(1)
    failed = client.post("/staff/login", data={"csrf_token": csrf, "email": "", "password": ""})
    assert failed.get_data(as_text=True).split("<title>")[1].startswith("Error:")
    del page


def test_a_translator_can_review_a_language_in_a_spreadsheet(tmp_path, monkeypatch):
    """Export, change one translation, import with a reviewer's name: the catalog holds the change and says who
    reviewed it (on a copy of the Arabic catalogs)."""
    import io
    import shutil

    from babel.messages.pofile import read_po
    from openpyxl import load_workbook

    copy = tmp_path / "translations"
    shutil.copytree(i18n.TRANSLATIONS_DIR, copy)
    monkeypatch.setattr(catalogs, "TRANSLATIONS_DIR", copy)
    book = load_workbook(io.BytesIO(catalogs.export_xlsx("ar")))
    sheet = book.active
    assert [cell.value for cell in sheet[1]] == list(catalogs.SHEET_HEADERS)
    row = next(r for r in sheet.iter_rows(min_row=2) if r[0].value == "Exit this page")
    row[3].value = "اخرج من هذه الصفحة الآن"
    changed = io.BytesIO()
    book.save(changed)
    assert catalogs.import_xlsx("ar", changed.getvalue(), reviewed_by="Layla Haddad, Interpreting Service") == 1
    with (copy / "ar" / "LC_MESSAGES" / "family.po").open("rb") as handle:
        catalog = read_po(handle, locale="ar")
    assert catalog["Exit this page"].string == "اخرج من هذه الصفحة الآن"
    assert catalogs.review_status("ar").startswith("reviewed by Layla Haddad, Interpreting Service")


def test_admins_see_every_language_and_whether_it_was_reviewed(app):
    from participation.people.models import Role
    from tests.conftest import make_staff, staff_client

    with app.app_context():
        make_staff(Role.ADMIN, email="admin@example.org")
    html = staff_client(app, "admin@example.org").get("/staff/admin/languages").get_data(as_text=True)
    assert "Arabic" in html and "Machine-assisted, not yet reviewed" in html
