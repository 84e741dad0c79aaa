"""An IRO answers a subject access request in Chromium: opens the child, downloads everything held about them as
a PDF, and the PDF's text holds the child's words, the review's date in British style and who opened the record."""

from __future__ import annotations

import io
import re

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from participation.extensions import db
from participation.people.models import Child, Role, StaffUser
from participation.reviews.models import Review
from tests.child_records import AGENDA, RAISED, TOLD, WORRY, fill
from tests.conftest import PASSWORD, held_yesterday, make_child, make_staff, schedule_review, second_factor_code

from .pages import BasePage, CaseloadPage, StaffLoginPage

pytestmark = pytest.mark.e2e


class ChildRecordsPage(BasePage):
    data_page = "staff-child-records"


class FindRecordsPage(BasePage):
    data_page = "staff-find-records"


class EraseChildPage(BasePage):
    data_page = "staff-erase-child"

    def erase(self, name: str, reason: str) -> None:
        self.page.get_by_role("textbox", name="Type the child's preferred name to confirm").fill(name)
        self.page.get_by_role("textbox", name="Why is this child being erased?").fill(reason)
        self.page.get_by_role("button", name="Erase the child and everything about them").click()


def _sign_in(app, desk, email: str) -> None:
    """Sign in with the page object, and give the second step's code if it is still asked for here (the
    page object may come to do that itself)."""
    StaffLoginPage(desk).open().sign_in(email, PASSWORD)
    desk.wait_for_load_state()
    if desk.locator("body").get_attribute("data-page") == "staff-second-factor":
        desk.get_by_role("textbox", name="Code").fill(second_factor_code(app, email))
        desk.get_by_role("button", name="Continue").click()


def test_an_iro_downloads_everything_held_about_a_child(app, open_page, iro, tmp_path):
    with app.app_context():
        child = make_child(iro, age=13, preferred_name="Robin", case_reference="CR-1001")
    schedule_review(app, child, iro, days=10)
    review_id = held_yesterday(app, child, iro)
    with app.app_context():
        fill(db.session.get(Child, child.id), db.session.get(StaffUser, iro.id), review_id)
        held_on = db.session.get(Review, review_id).held_on
    desk = open_page(viewport={"width": 1024, "height": 768})

    _sign_in(app, desk, iro.email)
    CaseloadPage(desk).expect_open().open_child("Robin")
    desk.get_by_role("link", name="Everything held about Robin (subject access)").click()
    ChildRecordsPage(desk).arrive()
    with desk.expect_download() as download_info:
        desk.get_by_role("link", name="Download everything (PDF)").click()
    download = download_info.value

    assert re.fullmatch(r"subject-access-CR-1001-\d{4}-\d{2}-\d{2}\.pdf", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    reader = PdfReader(io.BytesIO(saved.read_bytes()))
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    for words in (WORRY, AGENDA, RAISED, TOLD):
        assert words in text
    assert f"{held_on.day} {held_on:%B %Y}" in text  # the review's date, British style ("1 December 2026")
    assert "Opened a child's record" in text and "Ida Iro" in text  # who opened the child's record
    assert "for a subject access request" in text


def test_the_participation_team_finds_a_child_and_erases_them(app, open_page, iro):
    with app.app_context():
        child = make_child(iro, age=13, preferred_name="Robin", case_reference="CR-1001")
        make_staff(Role.PARTICIPATION, email="pat@example.org", name="Pat Participation")
    schedule_review(app, child, iro, days=10)
    desk = open_page()

    _sign_in(app, desk, "pat@example.org")
    desk.get_by_role("navigation", name="Main menu").get_by_role("link", name="Children's records").click()
    FindRecordsPage(desk).arrive()
    desk.get_by_role("textbox", name="Case reference or record number").fill("CR-1001")
    desk.get_by_role("button", name="Find the child").click()
    ChildRecordsPage(desk).arrive()
    desk.get_by_role("link", name="Erase this child").click()
    erase = EraseChildPage(desk).arrive()
    erase.erase("Robyn", "Record made in error")
    expect(desk.get_by_role("alert")).to_contain_text("That is not the child's preferred name")
    expect(desk.get_by_role("textbox", name="Why is this child being erased?")).to_have_value("Record made in error")
    erase.check_accessible()
    erase.erase("Robin", "Record made in error")

    FindRecordsPage(desk).expect_open()
    expect(desk.get_by_role("status")).to_contain_text("The child and everything about them have been erased.")
    with app.app_context():
        assert db.session.get(Child, child.id) is None
