"""Retention end to end in Chromium: a participation officer opens Retention from the main menu, puts a legal hold
on one of two children who left care long ago, the retention job runs (`flask retention`, as the timer runs
it), and the page then shows the run; the held child's record and words are still there, the other's are gone.
axe-core checks the page before and after."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from playwright.sync_api import expect

from participation.extensions import db
from participation.people import legal_hold
from participation.people.models import Child, Role
from participation.platform.clock import utcnow
from participation.statements.models import Statement
from tests.conftest import PASSWORD, make_child, make_staff, second_factor_code

from .pages import StaffLoginPage, assert_accessible
from .test_every_page import axe_problems, layout_problems, with_axe

pytestmark = pytest.mark.e2e

DESK = {"width": 1280, "height": 900}
SMALL_PHONE = {"width": 320, "height": 640}
LEFT_CARE = date(2024, 6, 30)


@pytest.fixture
def two_children(app):
    """Kai and Mo both left care in June 2024; each raised something that year."""
    with app.app_context():
        iro = make_staff(Role.IRO, email="iro@example.org", name="Ida Iro")
        make_staff(Role.PARTICIPATION, email="pat@example.org", name="Pat Officer")
        ids = {}
        for name, reference in (("Kai", "CR-100"), ("Mo", "CR-200")):
            child = make_child(iro, preferred_name=name, case_reference=reference, left_care_on=LEFT_CARE)
            said = Statement(
                child_id=child.id, kind="good_news", words=f"{name}: I passed my exams", created_at=datetime(2024, 5, 1)
            )
            db.session.add(said)
            db.session.commit()
            ids[name] = (child.id, said.id)
        return ids


def sign_in(app, page, email: str) -> None:
    """Sign in with the page object, giving the second step's code when it is asked for here (the page object
    may come to do that itself)."""
    StaffLoginPage(page).open().sign_in(email, PASSWORD)
    page.wait_for_load_state()
    if page.locator("body").get_attribute("data-page") == "staff-second-factor":
        page.get_by_role("textbox", name="Code").fill(second_factor_code(app, email))
        page.get_by_role("button", name="Continue").click()


def test_a_legal_hold_keeps_one_childs_records_through_a_retention_run(app, open_page, two_children):
    page = open_page(viewport=DESK)
    sign_in(app, page, "pat@example.org")
    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="Retention").click()
    expect(page.get_by_role("heading", name="Retention", level=1)).to_be_visible()
    policy = page.get_by_role("region", name="What is kept, and for how long")
    left_care = policy.get_by_role("row", name="Everything about a child who left care")
    expect(left_care).to_contain_text("365 days")
    expect(left_care.get_by_role("cell").last).to_have_text("2 (oldest 30 Jun 2024)")
    expect(page.get_by_text("The retention job has not run yet.")).to_be_visible()
    assert_accessible(page)

    # A mistake first: no reason. The page says so and keeps the reference typed.
    page.get_by_label("Case reference or record number").fill("CR-100")
    page.get_by_role("button", name="Put on legal hold").click()
    expect(page.get_by_role("alert").get_by_role("link", name="Say why the records are held")).to_be_visible()
    expect(page.get_by_label("Case reference or record number")).to_have_value("CR-100")
    assert_accessible(page)
    page.get_by_label("Why are the records held?").fill("Ombudsman complaint 24 001 234")
    page.get_by_role("button", name="Put on legal hold").click()
    expect(page.get_by_role("status")).to_contain_text("records are on legal hold")
    held = page.get_by_role("region", name="1 child on legal hold")
    expect(held.get_by_role("row", name="Kai")).to_contain_text("Ombudsman complaint 24 001 234")
    expect(left_care.get_by_role("cell").last).to_have_text("1 (oldest 30 Jun 2024)")

    # The nightly job runs (as the timer starts it), with the default periods.
    result = app.test_cli_runner().invoke(args=["retention"])
    assert result.exit_code == 0, result.output
    assert "child_record: 1 were anonymised" in result.output

    page.reload()
    run = page.get_by_role("heading", name="Run on", level=3)
    expect(run).to_be_visible()
    expect(
        page.get_by_role("listitem").filter(has_text="Everything about a child who left care: 1 anonymised")
    ).to_be_visible()
    expect(left_care.get_by_role("cell").last).to_have_text("0")
    expect(held.get_by_role("row", name="Kai")).to_be_visible()  # the held child's name is still there
    assert_accessible(page)

    with app.app_context():
        (kai, kai_said), (mo, mo_said) = two_children["Kai"], two_children["Mo"]
        assert db.session.get(Child, kai).preferred_name == "Kai"
        assert db.session.get(Statement, kai_said).words == "Kai: I passed my exams"
        assert db.session.get(Child, mo).preferred_name == f"#{mo}" and db.session.get(Child, mo).case_reference is None
        assert db.session.get(Statement, mo_said).words is None
        assert db.session.get(Statement, mo_said).words_removed_at > utcnow() - timedelta(minutes=5)


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_the_retention_page_on_a_small_phone_in_english_and_arabic(app, open_page, two_children, locale):
    """With a hold and a run on it: no sideways scrolling, and nothing axe-core finds, best practice included."""
    with app.app_context():
        admin = db.session.merge(make_staff(Role.ADMIN, email="admin@example.org"))
        legal_hold.place(db.session.get(Child, two_children["Kai"][0]), "Inquiry", admin)
        db.session.commit()
    assert app.test_cli_runner().invoke(args=["retention"]).exit_code == 0
    page = with_axe(open_page(viewport=SMALL_PHONE))
    sign_in(app, page, "admin@example.org")
    page.goto(f"/staff/admin/retention?lang={locale}")
    page.wait_for_load_state("load")
    assert page.locator("html").get_attribute("lang").startswith(locale)
    assert axe_problems(page) + layout_problems(page) == []
