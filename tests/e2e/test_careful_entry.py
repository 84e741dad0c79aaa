"""Careful data entry in Chromium: an IRO adds a two-year-old (the app asks them to confirm a child under 4),
then schedules the child's first review on a past date (the kind starts as "initial", and the past date is
confirmed before it is saved). axe-core checks the pages, the error states included."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from playwright.sync_api import expect

from tests.conftest import PASSWORD

from .pages import CaseloadPage, ChildDetailPage, ChildFormPage, StaffLoginPage

pytestmark = pytest.mark.e2e


def test_a_toddler_and_a_past_review_are_saved_once_confirmed(app, open_page, iro, live_server):
    staff = open_page()
    StaffLoginPage(staff).open().arrive().sign_in(iro.email, PASSWORD)
    CaseloadPage(staff).arrive().add_child()
    form = ChildFormPage(staff).arrive()
    two_years_ago = date.today() - timedelta(days=2 * 365 + 30)
    form.fill(preferred_name="Pip", date_of_birth=two_years_ago.isoformat(), language="English")
    form.save()

    # Nothing is saved yet: the page asks, beside a box to tick, and keeps what was typed.
    form.arrive()
    summary = staff.get_by_role("alert")
    expect(summary).to_contain_text("This child is under 4, so they cannot do a consultation")
    expect(staff.get_by_role("textbox", name="Preferred name")).to_have_value("Pip")
    expect(staff.get_by_label("Date of birth")).to_have_value(two_years_ago.isoformat())
    summary.get_by_role("link").click()
    confirm = staff.get_by_role("checkbox", name="Yes, this child is under 4")
    expect(confirm).to_be_focused()
    confirm.check()
    form.save()

    ChildDetailPage(staff).arrive()
    expect(staff.get_by_role("status").filter(has_text="Pip has been added.")).to_be_visible()

    # The child's first review: "initial" is already chosen; a date last week is questioned first.
    staff.get_by_role("link", name="Schedule a review").click()
    kind = staff.get_by_role("combobox", name="Kind of review")
    expect(kind.locator("option:checked")).to_have_text("Initial review (within 20 working days)")
    last_week = date.today() - timedelta(days=7)
    staff.get_by_label("Date", exact=True).fill(last_week.isoformat())
    staff.get_by_label("Time", exact=True).fill("10:30")
    staff.get_by_role("button", name="Save review").click()
    expect(staff.get_by_role("alert")).to_contain_text("This date is in the past. Is that right?")
    expect(staff.get_by_label("Date", exact=True)).to_have_value(last_week.isoformat())
    expect(staff.get_by_label("Time", exact=True)).to_have_value("10:30")
    staff.get_by_role("checkbox", name="Yes, the review was on this date").check()
    staff.get_by_role("button", name="Save review").click()

    ChildDetailPage(staff).arrive()
    expect(staff.get_by_role("status").filter(has_text="The review has been scheduled.")).to_be_visible()
