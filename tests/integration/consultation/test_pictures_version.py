"""The youngest children: the pictures version within the 4–11 band, a steady page count, an agenda and
confirmation that fit the child's age, young people spoken to as young adults, and read-aloud on every page."""

from __future__ import annotations

import re

from sqlalchemy import select

from participation.consultation.models import Consultation, ConsultationAnswer
from participation.extensions import db
from tests.conftest import (
    held_yesterday,
    make_child_with_link,
    open_child_space,
    post_form,
    schedule_review,
    send_page,
    start,
)

PICTURE_STEPS = ["feeling", "mood", "good-things", "worries", "wishes", "attend", "where", "who", "anything-else"]


def stored(app) -> dict[str, str | None]:
    with app.app_context():
        return {row.key: row.value or row.text for row in db.session.scalars(select(ConsultationAnswer))}


def test_a_six_year_old_gets_nine_pages_of_pictures_and_their_taps_are_kept_as_keys(app, make_child_session):
    client, _, _ = make_child_session(age=6)
    assert "There are 9 pages of questions." in client.get("/me/review").get_data(as_text=True)
    assert start(client).endswith("/me/review/q/feeling")
    for number, slug in enumerate(PICTURE_STEPS, 1):
        html = client.get(f"/me/review/q/{slug}").get_data(as_text=True)
        assert f"Page {number} of 9" in html
    good = client.get("/me/review/q/good-things").get_data(as_text=True)
    assert len(re.findall(r'type="checkbox"', good)) == 10 and "Who can see this?" in good
    send_page(client, "good-things", {"good_pics.pets": "yes", "good_pics.playing": "yes", "good_things": "Swimming"})
    send_page(client, "who", {"invite.carer": "yes", "invite-share": "review"})
    assert stored(app) == {
        "good_pics.pets": "yes",
        "good_pics.playing": "yes",
        "good_things": "Swimming",
        "invite.carer": "yes",
    }
    # Untapped, a tile is removed; kept taps stay ticked on the page.
    send_page(client, "good-things", {"good_pics.pets": "yes"})
    assert "good_pics.playing" not in stored(app)
    assert re.search(r'id="good_pics.pets"[^>]*checked', client.get("/me/review/q/good-things").get_data(as_text=True))


def test_a_made_up_tile_value_gets_a_kind_message_and_keeps_the_page(app, make_child_session):
    client, _, _ = make_child_session(age=6)
    start(client)
    response = send_page(client, "worries", {"worry_pics.sad": "maybe", "worries": "the dark"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Please choose one of the answers, or skip this question." in html
    assert 'href="#worry_pics.sad"' in html and "the dark" in html


def test_the_iro_reads_the_pictures_as_words_and_what_was_kept_private(app, make_child_session, iro_client):
    client, _, _ = make_child_session(age=5)
    start(client)
    send_page(client, "worries", {"worry_pics.missing_family": "yes", "worry_pics.told_off": "yes"})
    send_page(client, "who", {"invite.carer": "yes", "invite.mum": "yes", "invite-share": "review"})
    post_form(client, "/me/review/send", form_page="/me/review/check")
    with app.app_context():
        review_id = db.session.scalar(select(Consultation.review_id))
    html = iro_client.get(f"/staff/reviews/{review_id}/consultation").get_data(as_text=True)
    assert "Missing mum or dad" in html and "Being told off" in html
    assert "My carer" in html and "My mum" in html
    meeting = iro_client.get(f"/staff/reviews/{review_id}/consultation/summary").get_data(as_text=True)
    assert "My mum" in meeting  # the child let who comes be talked about
    assert "Missing mum or dad" not in meeting  # their worries stay with the IRO


def test_the_iro_can_choose_pictures_for_an_older_child_and_a_child_can_switch_to_them(app, iro, make_child_session):
    child, token = make_child_with_link(app, iro, age=10, consultation_version="pictures")
    schedule_review(app, child, iro)
    client = app.test_client()
    open_child_space(client, token)
    start(client)
    assert "Page 1 of 9" in client.get("/me/review/q/feeling").get_data(as_text=True)

    other, _, _ = make_child_session(age=9)
    start(other)
    page = other.get("/me/review/q/feeling").get_data(as_text=True)
    assert "Page 1 of 22" in page and "Switch to pictures to tap" in page
    post_form(other, "/me/review/version", {"version": "pictures"}, form_page="/me/review/q/feeling")
    assert "Page 1 of 9" in other.get("/me/review/q/feeling").get_data(as_text=True)


def test_a_consultation_keeps_the_question_set_it_started_with(app, make_child_session):
    client, _, _ = make_child_session(age=9)
    start(client)
    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        consultation.question_set = "younger-2"  # started before the page count was made steady
        db.session.commit()
    assert client.get("/me/review/q/views-how").status_code == 404  # shown only after "not coming"
    send_page(client, "attend", {"attend": "no"})
    assert "How should your views get to the review?" in client.get("/me/review/q/views-how").get_data(as_text=True)


def test_the_suggested_agenda_fits_the_childs_age(app, make_child_session):
    for age, expected, absent in (
        (9, ["School"], ["School, college or work", "Plans for leaving care"]),
        (13, ["School, college or work"], ["Plans for leaving care"]),
        (16, ["School, college or work", "Plans for leaving care"], []),
    ):
        client, _, _ = make_child_session(age=age)
        start(client)
        send_page(client, "chair", {"chair": "chair"})
        post_form(client, "/me/review/agenda/suggested", form_page="/me/review/agenda")
        html = client.get("/me/review/agenda").get_data(as_text=True)
        items = [title.strip() for title in re.findall(r'class="agenda-title"[^>]*>(.*?)</p>', html, re.S)]
        assert set(expected) <= set(items) and not set(absent) & set(items), (age, items)


def test_a_child_under_12_is_never_asked_to_email_and_sees_what_they_sent(app, make_child_session, iro):
    for age, may_email, four in ((6, False, "Happy"), (11, False, "Happy"), (12, True, "Good")):
        client, _, _ = make_child_session(age=age)
        start(client)
        first = "feeling"
        send_page(client, first, {"feeling": "4"})
        post_form(client, "/me/review/send", form_page="/me/review/check")
        sent = client.get("/me/review/sent").get_data(as_text=True)
        assert ("you can email" in sent) is may_email, age
        assert (iro.email in client.get("/me/").get_data(as_text=True)) is may_email, age
        assert "What you sent" in sent and four in sent, age


def test_young_people_answer_feedback_as_statements_and_children_with_faces(app, make_child_session, iro):
    for age, sees, not_seen in (
        (9, "Did people listen to you?", "Strongly agree"),
        (14, "People listened to me", "Did people listen to you?"),
    ):
        client, child, _ = make_child_session(age=age)
        held_yesterday(app, child, iro)
        html = client.get("/me/feedback").get_data(as_text=True)
        assert sees in html and not_seen not in html, age
        assert ("img/faces/" in html) is (age < 12), age
    response = post_form(client, "/me/feedback", {"listened": "5", "understood": "2"})
    assert "Thank you for telling us!" in response.get_data(as_text=True)


def test_every_child_page_offers_read_aloud_and_credits_the_pictures(app, make_child_session):
    client, _, _ = make_child_session(age=6)
    start(client)
    for url in ("/me/", "/me/review", "/me/review/q/good-things", "/me/review/check", "/help", "/about"):
        html = client.get(url).get_data(as_text=True)
        assert "data-read-aloud" in html and "Read aloud" in html, url
        assert 'href="/about"' in html, url
    about = client.get("/about").get_data(as_text=True)
    assert "OpenMoji" in about and "CC BY-SA 4.0" in about
    assert "creativecommons.org/licenses/by-sa/4.0" in about
