"""Saying something any time, end to end on a phone: a 9-year-old reports that a letter from mum never came
to their IRO and social worker, the social worker acknowledges it and records that it was posted, and the
child reads the outcome. axe-core checks every page on the way. (Safety journeys: `test_safety_journeys`.)"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from participation.extensions import db
from participation.people.models import Role
from tests.conftest import PASSWORD, link_for, make_child, make_staff

from .pages import (
    ChildHomePage,
    ChildStatementPage,
    MyStatementsPage,
    NewStatementPage,
    StaffLoginPage,
    StaffStatementPage,
    StaffStatementsPage,
    UnlockPage,
)
from .test_consultation_journeys import arrive, t

pytestmark = pytest.mark.e2e

PIN = "2468"
LETTER = "My letter from mum never came"
POSTED = "The letter was posted today"


def child_link(app, iro, *, name: str, age: int, language: str = "en") -> str:
    """A child with a PIN already chosen and a fresh link: the link's token."""
    with app.app_context():
        child = db.session.merge(
            make_child(
                iro,
                age=age,
                preferred_name=name,
                preferred_language=language,
                social_worker_name="Jordan Blake",
                social_worker_email="jordan@example.org",
            )
        )
        return link_for(child, PIN)


def into_my_space(page, token: str, lang: str = "en") -> ChildHomePage:
    page.goto(f"/c/{token}")
    arrive(UnlockPage(page, locale=lang, translate=t if lang == "ar" else None), lang=lang).give_pin(PIN)
    return arrive(ChildHomePage(page, locale=lang, translate=t if lang == "ar" else None), lang=lang)


def test_a_problem_is_sent_acknowledged_and_sorted(app, open_page, iro):
    with app.app_context():
        make_staff(Role.SOCIAL_WORKER, email="jordan@example.org", name="Jordan Blake")
    token = child_link(app, iro, name="Maya", age=9)

    # The child, on their phone.
    phone = open_page()
    home = into_my_space(phone, token)
    home.new_statement("A problem")
    form = arrive(NewStatementPage(phone, "problem"))
    form.write("What's wrong?", LETTER).choose("Family time", within="What is it about? (if you want to say)")
    form.send_to("My IRO", "My social worker")
    form.choose("Sort it out informally", within="How would you like it sorted out?").send()
    sent = arrive(ChildStatementPage(phone))
    expect(sent.heading("Sent. Thank you for telling us.")).to_be_visible()
    expect(sent.status).to_have_text("Sent. Not read yet")

    # The social worker signs in, opens it, acknowledges it and records the outcome.
    desk = open_page()
    StaffLoginPage(desk).open().sign_in("jordan@example.org", PASSWORD)
    messages = arrive(StaffStatementsPage(desk))
    messages.open_item("Maya")
    item = arrive(StaffStatementPage(desk))
    expect(desk.get_by_role("region", name="What the child said")).to_contain_text(LETTER)
    item.acknowledge()
    arrive(item)
    expect(desk.get_by_role("status")).to_contain_text("Acknowledged")

    phone.reload()
    expect(ChildStatementPage(phone).status).to_have_text("Your social worker has read this")

    item.record_outcome(final="Resolved", for_child=POSTED, note="Checked with the post room")
    arrive(item)
    expect(desk.get_by_role("region", name="Outcome")).to_contain_text(POSTED)

    # The child sees it is sorted, with the answer, but not the internal note.
    phone.goto("/me/")
    ChildHomePage(phone).my_statements()
    mine = arrive(MyStatementsPage(phone))
    expect(phone.get_by_role("main")).to_contain_text("Sorted")
    mine.open_statement("A problem")
    message = arrive(ChildStatementPage(phone))
    expect(message.status).to_have_text("Sorted")
    expect(message.answer).to_contain_text(POSTED)
    expect(phone.get_by_role("main")).not_to_contain_text("post room")
