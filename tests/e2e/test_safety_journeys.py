"""The moments that matter most, in a real browser on a phone, axe-core on every page:

* a 14-year-old taps "I don't feel safe" on an Arabic page: help in Arabic at once, the alert waiting in the
  outbox for the sender, and what they add kept;
* a 12-year-old answers "Scared" and is asked first whether they feel safe right now;
* quick exit: typing capitals and Shift+Tab never leave the page; Shift pressed three times on its own does;
* the IRO sees, on every page, the child who does not feel safe, and everything needed to act.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from participation.extensions import db
from participation.platform.models import OutboxMessage
from participation.statements.models import Statement, StatementAddition
from tests.conftest import PASSWORD, deliver_mail, link_for, make_child

from .pages import (
    CaseloadPage,
    ChildHomePage,
    HelpPage,
    NeutralPage,
    NewStatementPage,
    ReviewStartPage,
    ReviewStepPage,
    SafetyCheckPage,
    StaffLoginPage,
    StaffStatementPage,
    UnlockPage,
)
from .test_consultation_journeys import arabic_catalog, arrive, child_with_review, t  # noqa: F401  (a fixture)

pytestmark = pytest.mark.e2e

PIN = "2468"


def child_link(app, iro, *, name: str, age: int, language: str = "en", **kwargs) -> str:
    """A child with a PIN already chosen and a fresh link: the link's token."""
    with app.app_context():
        child = db.session.merge(make_child(iro, age=age, preferred_name=name, preferred_language=language, **kwargs))
        return link_for(child, PIN)


def into_my_space(page, token: str, lang: str = "en") -> ChildHomePage:
    page.goto(f"/c/{token}")
    translate = t if lang == "ar" else None
    arrive(UnlockPage(page, locale=lang, translate=translate), lang=lang).give_pin(PIN)
    return arrive(ChildHomePage(page, locale=lang, translate=translate), lang=lang)


@pytest.mark.usefixtures("arabic_catalog")
def test_a_fourteen_year_old_who_does_not_feel_safe_gets_help_in_arabic_at_once(app, open_page, iro):
    token = child_link(app, iro, name="Rania", age=14, language="ar")
    phone = open_page()
    into_my_space(phone, token, lang="ar").not_safe()

    help_page = arrive(HelpPage(phone, locale="ar", translate=t), lang="ar")
    expect(help_page.heading(t("You matter. Here is help right now."))).to_be_visible()
    expect(help_page.help_heading("If you are in danger now")).to_be_visible()
    expect(help_page.help_heading("Childline: free, any time, day or night")).to_be_visible()
    expect(help_page.help_heading("The council's out-of-hours team")).to_be_visible()
    for number in ("999", "0800 1111", app.config["OUT_OF_HOURS_PHONE"]):
        expect(help_page.call_link(number)).to_be_visible()
    expect(phone.get_by_role("status")).to_contain_text(iro.name)

    with app.app_context():
        alert = db.session.scalar(select(Statement))
        assert (alert.kind, alert.urgent) == ("unsafe", True)
        duty = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == app.config["DUTY_TEAM_EMAIL"]))
        assert duty is not None and duty.urgent and duty.sent_at is None  # waiting for the sender, not the page
    sent, failed = deliver_mail(app)
    assert sent >= 2 and failed == 0

    # Saying more, in Arabic, twice: both are kept, in order.
    for words in ("أنا خائف في البيت", "أخذوا هاتفي"):
        phone.get_by_role("textbox").fill(words)
        phone.get_by_role("button", name=t("Send"), exact=True).click()
        arrive(HelpPage(phone, locale="ar", translate=t), lang="ar")
    with app.app_context():
        kept = db.session.scalars(select(StatementAddition).order_by(StatementAddition.id)).all()
        assert [(a.words, a.words_language) for a in kept] == [("أنا خائف في البيت", "ar"), ("أخذوا هاتفي", "ar")]
    expect(phone.get_by_role("main")).to_contain_text("أخذوا هاتفي")


def test_scared_is_asked_about_before_anyone_is_alerted(app, open_page, iro):
    token = child_with_review(app, iro, name="Kofi", age=12, pin=PIN)
    phone = open_page()
    home = into_my_space(phone, token)
    home.get_ready()
    arrive(ReviewStartPage(phone)).start()
    step = ReviewStepPage(phone)
    arrive(step.expect_step("feeling"))
    step.choose("Scared", within="How are you feeling?").continue_()

    check = arrive(SafetyCheckPage(phone))
    expect(check.heading("Do you feel safe right now?")).to_be_visible()
    expect(phone.get_by_role("main")).to_contain_text("straight away")
    expect(phone.get_by_role("main")).to_contain_text("Nothing else happens")
    with app.app_context():
        assert db.session.scalars(select(Statement)).all() == []
    check.answer("I'm safe, but I want to talk to someone")
    arrive(step.expect_step("home"))
    expect(phone.get_by_role("status")).to_contain_text("We have asked your IRO to get in touch with you")
    with app.app_context():
        [item] = db.session.scalars(select(Statement)).all()
        assert (item.kind, item.urgent) == ("talk", False)


def test_typing_capitals_and_shift_tab_never_leave_but_three_shifts_do(app, open_page, iro, neutral_site):
    token = child_link(
        app, iro, name="Ayo", age=13, social_worker_name="Jordan Blake", social_worker_email="jordan@example.org"
    )
    phone = open_page()
    into_my_space(phone, token).new_statement("A problem")
    form = arrive(NewStatementPage(phone, "problem"))
    box = phone.get_by_role("textbox", name="What's wrong?")
    box.click()
    phone.keyboard.type("I saw Mum And Dad")
    for _ in range(3):
        phone.keyboard.press("Shift+Tab")
    phone.keyboard.press("Shift+A")
    phone.wait_for_timeout(300)
    form.expect_open()
    expect(box).to_have_value("I saw Mum And Dad")

    phone.keyboard.press("Shift")
    expect(form.exit_status).to_have_text("Shift, press 2 more times to exit.")
    phone.keyboard.press("a")  # any other key starts again
    phone.keyboard.press("Shift")
    phone.keyboard.press("Shift")
    form.expect_open()
    phone.keyboard.press("Shift")
    NeutralPage(phone, neutral_site).expect_open()


def test_the_iro_sees_the_child_on_every_page_and_everything_needed_to_act(app, open_page, iro):
    token = child_link(
        app,
        iro,
        name="Rania",
        age=14,
        case_reference="CR-77",
        social_worker_name="Jordan Blake",
        social_worker_email="jordan@example.org",
    )
    phone = open_page()
    into_my_space(phone, token).not_safe()
    arrive(HelpPage(phone))

    desk = open_page(viewport={"width": 1024, "height": 768})
    StaffLoginPage(desk).open().sign_in(iro.email, PASSWORD)
    caseload = arrive(CaseloadPage(desk))
    banner = desk.get_by_role("region", name="Urgent alerts")
    expect(banner).to_contain_text("Rania does not feel safe")
    caseload.upcoming_reviews()
    expect(desk.get_by_role("region", name="Urgent alerts")).to_contain_text("Rania does not feel safe")
    desk.get_by_role("link", name="Rania does not feel safe", exact=False).click()
    alert = arrive(StaffStatementPage(desk))
    contacts = desk.get_by_role("region", name="Who to contact")
    for detail in (
        iro.name,
        "01234 567 890",
        "Jordan Blake",
        app.config["DUTY_TEAM_EMAIL"],
        app.config["OUT_OF_HOURS_PHONE"],
        "CR-77",
    ):
        expect(contacts).to_contain_text(detail)
    alert.acknowledge()
    arrive(alert)
    expect(desk.get_by_role("region", name="Urgent alerts")).to_have_count(0)
