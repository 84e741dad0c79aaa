"""Every problem on a form is told as GOV.UK does: the page title starts with "Error:", a summary at the top
lists each problem, and each link in it goes to the first input it names (the PIN and pictures pages too)."""

from __future__ import annotations

import re

import pytest
from lxml import html as lxml_html

from participation.people.models import Role
from tests.conftest import csrf_from, make_child_with_link, make_staff, post_form, staff_client


def assert_summary_links_reach_inputs(response) -> None:
    page = lxml_html.fromstring(response.get_data(as_text=True))
    assert page.findtext(".//title").startswith("Error:")
    links = page.xpath('//div[contains(@class, "error-summary")]//a/@href')
    assert links, "no error summary"
    for href in links:
        target = page.get_element_by_id(href.removeprefix("#"), None)
        assert target is not None, f"{href} goes nowhere"
        assert target.tag in ("input", "select", "textarea"), f"{href} goes to a <{target.tag}>, not an input"


def test_choosing_a_pin_that_does_not_match(app, child_with_link):
    client = app.test_client()
    client.get(f"/c/{child_with_link[1]}")
    response = post_form(client, "/me/secret/pin", {"pin": "2468", "confirm": "1357"})
    assert_summary_links_reach_inputs(response)


def test_choosing_pictures_without_choosing_them(app, iro):
    _, token = make_child_with_link(app, iro, age=7)
    client = app.test_client()
    client.get(f"/c/{token}")
    response = post_form(client, "/me/secret/pictures", {})
    assert_summary_links_reach_inputs(response)


def test_a_statement_sent_empty(app, make_child_session):
    client, _, _ = make_child_session(age=12)
    page = client.get("/me/statements/new/problem").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    response = client.post("/me/statements/new/problem", data={"csrf_token": csrf_from(page), "form_token": token})
    assert_summary_links_reach_inputs(response)


@pytest.mark.parametrize("path", ["/staff/children/new"])
def test_staff_forms_sent_empty(app, iro, path):
    client = staff_client(app, iro.email)
    assert_summary_links_reach_inputs(post_form(client, path, {}))


def test_adding_a_staff_account_with_nothing_filled_in(app):
    with app.app_context():
        make_staff(Role.ADMIN, email="admin@example.org")
    client = staff_client(app, "admin@example.org")
    assert_summary_links_reach_inputs(post_form(client, "/staff/admin/users/new", {}))
