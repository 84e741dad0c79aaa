"""Feedback after a review, end to end on a phone: a foster carer answers from their link in Arabic, the
young person answers in their space, and a participation officer sees both counted in the statistics and
downloads the table as XLSX. axe-core checks every page on the way."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook
from playwright.sync_api import expect
from sqlalchemy import select

from participation.extensions import db
from participation.feedback import links as feedback
from participation.feedback.models import FeedbackAnswer
from participation.feedback.questionnaires import PARENT_CARER
from participation.people.models import Role
from participation.reviews.models import Review
from tests.conftest import PASSWORD, link_for, make_child, make_staff, record_held_yesterday, schedule_review

from .pages import (
    ChildHomePage,
    FeedbackFormPage,
    StaffLoginPage,
    StatisticsPage,
    UnlockPage,
)
from .test_consultation_journeys import arabic_catalog, arrive, t  # noqa: F401  (arabic_catalog: a fixture)

pytestmark = pytest.mark.e2e

PIN = "2468"
COMMENT = "كان الاجتماع مفيدًا جدًا"


def held_review_with_link(app, iro) -> tuple[str, str]:
    """A 13-year-old whose review was held yesterday and recorded; a carer's link. (child token, link token)"""
    with app.app_context():
        child = make_child(iro, age=13, preferred_name="Zara")
        token = link_for(db.session.merge(child), PIN)
    review_id = schedule_review(app, child, iro, days=-1)
    with app.app_context():
        review = db.session.get(Review, review_id)
        record_held_yesterday(review, iro)
        link = feedback.issue_link(review, PARENT_CARER, db.session.merge(iro))
        db.session.commit()
        return token, link.rsplit("/", 1)[-1]


@pytest.mark.usefixtures("arabic_catalog")
def test_carer_and_young_person_answer_and_the_figures_count_them(app, open_page, iro, tmp_path):
    child_token, link_token = held_review_with_link(app, iro)
    with app.app_context():
        make_staff(Role.PARTICIPATION, email="pat@example.org", name="Pat")

    # A foster carer opens their link on their phone and answers in Arabic.
    carer = open_page()
    carer.goto(f"/f/{link_token}?lang=ar")
    form = arrive(FeedbackFormPage(carer, locale="ar", translate=t), lang="ar")
    expect(form.heading(t("How was the review?"))).to_be_visible()
    form.choose("Agree", within="I was treated with respect")
    form.choose("Yes", within="I got the social worker's report before the meeting")
    form.choose("Good", within="Overall, how was the review?")
    form.write("Any comments", COMMENT).send()
    thanks = arrive(FeedbackFormPage(carer, "respond-feedback-thanks", locale="ar", translate=t), lang="ar")
    expect(thanks.heading(t("Thank you for your feedback"))).to_be_visible()
    # The link worked once.
    carer.goto(f"/f/{link_token}?lang=ar")
    arrive(FeedbackFormPage(carer, "respond-feedback-closed", locale="ar", translate=t), lang="ar")

    # The young person, in their space.
    phone = open_page()
    phone.goto(f"/c/{child_token}")
    arrive(UnlockPage(phone)).give_pin(PIN)
    arrive(ChildHomePage(phone))
    phone.get_by_role("link", name="Tell us how it went").click()
    young = arrive(FeedbackFormPage(phone, "child-feedback"))
    expect(phone.get_by_role("main")).to_contain_text("Your IRO won't see who said what")
    # At 13 she is asked as a young adult: statements to agree or disagree with, not faces.
    expect(phone.locator("main img[src*='/img/faces/']")).to_have_count(0)
    young.choose("Very good", within="Overall, how was your review?")
    young.choose("Agree", within="People listened to me")
    young.write("What could be better?", "More time to talk").send("Send")
    done = arrive(FeedbackFormPage(phone, "child-feedback-done"))
    expect(done.heading("Thank you for telling us!")).to_be_visible()

    with app.app_context():
        stored = {(a.question, a.value or a.text) for a in db.session.scalars(select(FeedbackAnswer))}
    assert ("comments", COMMENT) in stored and ("overall", "5") in stored

    # The participation officer sees both counted, and downloads the table.
    desk = open_page(viewport={"width": 1280, "height": 900})
    StaffLoginPage(desk).open().sign_in("pat@example.org", PASSWORD)
    desk.get_by_role("navigation", name="Main menu").get_by_role("link", name="Statistics").click()
    desk.get_by_role("link", name="Feedback", exact=True).click()
    figures = arrive(StatisticsPage(desk))
    # Inside the app the team sees exact figures (not for publication): one of each, two in all.
    expect(figures.cell("Feedback responses", "Parents and carers", "Year")).to_have_text("1")
    expect(figures.cell("Feedback responses", "Total", "Year")).to_have_text("2")
    expect(desk.get_by_role("region", name="Comments")).to_contain_text(COMMENT)
    # As published, counts from 1 to 4 are hidden, the total too.
    desk.get_by_role("link", name="Show the figures as published").click()
    published = arrive(StatisticsPage(desk))
    expect(published.cell("Feedback responses", "Parents and carers", "Year")).to_have_text("fewer than 5")
    download = published.download("Feedback responses")
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    sheet = load_workbook(path).active
    rows = {row[0]: row for row in sheet.iter_rows(values_only=True) if row and row[0]}
    year = rows["From"].index("Year")
    assert rows["Total"][year] is None and rows["Young people"][year] is None  # hidden counts are empty cells
