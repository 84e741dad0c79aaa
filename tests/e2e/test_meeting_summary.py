"""The summary the child can trust: before sending, the child sees exactly what the summary printed for their
meeting will show; choices about people follow their "only my IRO" choice like their words do; and the IRO's
summary of a typical consultation prints on one A4 page (measured with Chromium's own print to PDF)."""

from __future__ import annotations

import re
from datetime import time, timedelta

import pytest
from playwright.sync_api import expect

from participation.consultation import agenda, answers, sending
from participation.consultation.models import ConsultationAnswer
from participation.extensions import db
from participation.platform.clock import today
from participation.reviews import scheduling
from tests.conftest import PASSWORD, link_for, make_child

from .pages import CheckAnswersPage, StaffLoginPage, UnlockPage
from .test_consultation_journeys import arrive

pytestmark = pytest.mark.e2e

PIN = "2468"
# A typical consultation of a 15-year-old: most questions answered, a few sentences each, an agenda to co-chair.
TYPICAL = {
    "feeling": "4",
    "good_things": ("Got into the football team. Living with Sue is calm and I like my room.", "review"),
    "worries": ("I don't get to see my little brother much and nobody tells me why.", "iro"),
    "wishes": ("I want to stay at this school until I finish my GCSEs.", "review"),
    "home": "4",
    "home_words": ("Sue helps with homework. I would like to stay up later at weekends.", "review"),
    "school": "3",
    "school_words": ("Maths is hard this year but my teacher is kind.", "review"),
    "health": "4",
    "family": "2",
    "family_words": ("I want to see my brother every month, not every three months.", "review"),
    "sw_visits": "yes",
    "sw_alone": "no",
    "attend": "all",
    "venue": "school",
    "time": "after_school",
    "invite.carer": "yes",
    "invite.social_worker": "yes",
    "invite.mum": "part",
    "invite.dad": "no",
    "not_wanted": ("My dad, because of what happened last year.", "iro"),
    "alone_first": "yes",
    "advocate": "unsure",
    "interpreter": "no",
    "chair": "co_chair",
    "talk_about": ("Seeing my brother every month. Staying at this school. Pocket money.", "review"),
    "anything_else": ("Thank you for listening last time.", "review"),
}


def typical_consultation(app, iro, *, sent: bool) -> tuple[str, int]:
    """A 15-year-old's consultation as above (sent or not yet): the child's link token and the review's id."""
    with app.app_context():
        child = db.session.merge(make_child(iro, age=15, preferred_name="Jay"))
        review = scheduling.schedule(
            child, today() + timedelta(days=8), time(15, 0), "subsequent", db.session.merge(iro)
        )
        consultation = answers.start(child, review)
        for key, given in TYPICAL.items():
            row = ConsultationAnswer(consultation=consultation, key=key)
            if isinstance(given, tuple):
                row.text, row.text_language, row.share = given[0], "en", given[1]
            else:
                row.value = given
                row.share = "review"
            db.session.add(row)
        db.session.flush()
        agenda.use_suggested(consultation, answers.context_for(consultation).age)
        if sent:
            sending.submit(consultation)
        token = link_for(child, PIN)
        return token, review.id


def pdf_pages(pdf: bytes) -> int:
    """The number of pages in a PDF that Chromium made."""
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_the_child_sees_what_the_meeting_summary_will_show(app, open_page, iro):
    token, _ = typical_consultation(app, iro, sent=False)
    phone = open_page()
    phone.goto(f"/c/{token}")
    arrive(UnlockPage(phone)).give_pin(PIN)
    phone.goto("/me/review/check")
    check = arrive(CheckAnswersPage(phone))
    summary = phone.get_by_role("region", name="What your review meeting will see")
    expect(summary).to_contain_text("What do you want your review to talk about or decide?")
    expect(summary).to_contain_text("Your agenda")
    # Kept for the IRO: named as left off, so the child knows.
    left_off = summary.locator("ul").nth(1)
    expect(left_off).to_contain_text("What are you worried about?")
    expect(left_off).to_contain_text("Is there anyone you do not want at your review?")
    expect(summary).to_contain_text("It never shows how you feel.")
    check.expect_open()


def test_a_typical_summary_prints_on_one_a4_page(app, open_page, iro):
    _, review_id = typical_consultation(app, iro, sent=True)
    desk = open_page(viewport={"width": 1024, "height": 768})
    StaffLoginPage(desk).open().sign_in(iro.email, PASSWORD)
    desk.goto(f"/staff/reviews/{review_id}/consultation/summary")
    main = desk.get_by_role("main")
    expect(main).to_contain_text("Seeing my brother every month")
    expect(main).not_to_contain_text("nobody tells me why")  # only for the IRO
    expect(main).not_to_contain_text("because of what happened")  # who they do not want: only for the IRO
    desk.emulate_media(media="print")
    pdf = desk.pdf(format="A4", print_background=False)
    assert pdf_pages(pdf) == 1
