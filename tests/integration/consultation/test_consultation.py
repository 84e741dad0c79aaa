"""A child's consultation through the test client: page-by-page saving, resuming, nothing lost, no
duplicates, sending once, adding after sending, and the IRO's email that never carries the child's words."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.consultation.models import (
    Consultation,
    ConsultationAddition,
    ConsultationAnswer,
)
from participation.extensions import db
from participation.platform import clock
from participation.platform.models import OutboxMessage
from tests.conftest import (
    csrf_from,
    make_child_with_link,
    open_child_space,
    post_form,
    schedule_review,
    send_page,
    start,
)


def answers(app, **where) -> list[ConsultationAnswer]:
    with app.app_context():
        rows = db.session.scalars(select(ConsultationAnswer).filter_by(**where).order_by(ConsultationAnswer.key)).all()
        for row in rows:
            db.session.expunge(row)
        return rows


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def test_my_space_offers_getting_ready_and_a_double_tap_on_start_makes_one_consultation(app, make_child_session):
    client, _child, _ = make_child_session(age=8)
    assert "Get ready for your review" in client.get("/me/").get_data(as_text=True)
    assert start(client) == "/me/review/q/feeling"
    assert start(client) == "/me/review/q/feeling"
    assert count(app, Consultation) == 1


def test_a_younger_child_sees_faces_one_question_at_a_time(app, make_child_session):
    client, _, _ = make_child_session(age=7)
    start(client)
    html = client.get("/me/review/q/feeling").get_data(as_text=True)
    assert html.count('type="radio" id="feeling-') == 5
    assert "img/faces/1." in html and "Very happy" in html
    assert html.count("<textarea") == 0  # one question on this screen: the faces
    assert "Skip" in html and "Continue" in html


def test_an_older_child_gets_fuller_questions_and_the_leaving_care_section_only_at_16(app, make_child_session):
    client, _, _ = make_child_session(age=13)
    start(client)
    html = client.get("/me/review/q/feeling").get_data(as_text=True)
    assert html.count("<textarea") == 3 and "img/faces" not in html
    assert client.get("/me/review/q/independence").status_code == 404

    client16, _, _ = make_child_session(age=16)
    start(client16)
    assert "leave care" in client16.get("/me/review/q/independence").get_data(as_text=True)


def test_each_page_is_saved_and_the_child_carries_on_where_they_left_off(app, make_child_session):
    client, _, token = make_child_session(age=9)
    start(client)
    assert send_page(client, "feeling", {"feeling": "4"}).headers["Location"] == "/me/review/q/mood"
    assert send_page(client, "mood", {"mood": "calm"}).headers["Location"] == "/me/review/q/good-things"
    assert (
        send_page(client, "good-things", {"good_things": "Football with Sam\nand my cat"}).headers["Location"]
        == "/me/review/q/worries"
    )
    client.get("/exit")  # quick exit ends the session

    again = app.test_client()
    again.get(f"/c/{token}")
    post_form(again, "/me/secret", {"pin": "2468"})
    html = again.get("/me/review").get_data(as_text=True)
    assert "Carry on where I left off" in html
    assert start(again) == "/me/review/q/worries"
    assert "Football with Sam\nand my cat</textarea>" in again.get("/me/review/q/good-things").get_data(as_text=True)
    assert re.search(r'value="4"\s+checked', again.get("/me/review/q/feeling").get_data(as_text=True))


def test_save_and_finish_later_saves_and_returns_to_my_space(app, make_child_session):
    client, _, _ = make_child_session(age=9)
    start(client)
    response = send_page(client, "wishes", {"wishes": "A bike", "action": "stop"})
    assert response.headers["Location"] == "/me/"
    assert "Saved. You can come back" in client.get("/me/").get_data(as_text=True)
    assert [row.text for row in answers(app, key="wishes")] == ["A bike"]


def test_sending_the_same_page_twice_stores_each_answer_once(app, make_child_session):
    client, _, _ = make_child_session(age=9)
    start(client)
    send_page(client, "good-things", {"good_things": "My cat"})
    send_page(client, "good-things", {"good_things": "My cat"})
    send_page(client, "good-things", {"good_things": "My cat and my dog"})
    rows = answers(app, key="good_things")
    assert [row.text for row in rows] == ["My cat and my dog"]


def test_emptying_an_answer_removes_it(app, make_child_session):
    client, _, _ = make_child_session(age=9)
    start(client)
    send_page(client, "worries", {"worries": "Moving school"})
    send_page(client, "worries", {"worries": "  "})
    assert answers(app, key="worries") == []


def test_a_very_long_answer_is_kept_and_the_child_is_told_kindly(app, make_child_session):
    client, _, _ = make_child_session(age=14)
    start(client)
    long_text = "I like it here. " * 250  # 4,000 characters
    response = send_page(client, "home", {"home": "4", "home_words": long_text})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html and "under 3000 characters" in html
    assert long_text.strip() in html  # shown again exactly
    assert answers(app, key="home_words")[0].text == long_text.strip()  # and not lost meanwhile


def test_a_made_up_choice_is_refused_with_a_message_and_nothing_else_is_lost(app, make_child_session):
    client, _, _ = make_child_session(age=14)
    start(client)
    response = send_page(client, "where", {"venue": "the-moon", "time": "after_school"})
    assert response.status_code == 400
    assert "Please choose one of the answers" in response.get_data(as_text=True)
    assert [(row.key, row.value) for row in answers(app)] == [("time", "after_school")]


def test_choices_are_stored_as_keys_and_words_with_the_language_they_were_written_in(app, make_child_session):
    client, _, _ = make_child_session(age=14, preferred_language="ar")
    start(client)
    send_page(client, "where", {"venue": "school", "time": "after_school"}, query="?lang=ar")
    send_page(client, "home", {"home": "2", "home_words": "أريد غرفتي الخاصة", "home_words-share": "review"})
    rows = {row.key: row for row in answers(app)}
    assert rows["venue"].value == "school" and rows["venue"].text is None
    assert rows["home"].value == "2"
    assert (rows["home_words"].text, rows["home_words"].text_language, rows["home_words"].share) == (
        "أريد غرفتي الخاصة",
        "ar",
        "review",
    )


def test_words_in_the_childs_own_language_are_marked_with_it_even_on_english_pages(app, make_child_session):
    client, _, _ = make_child_session(age=16, preferred_language="ps")
    start(client)
    send_page(client, "home", {"home_words": "زه غواړم له خپل ورور سره اوسېږم"})
    send_page(client, "school", {"school_words": "College is good"})
    rows = {row.key: row for row in answers(app)}
    assert rows["home_words"].text_language == "ps"
    assert rows["school_words"].text_language == "en"
    assert rows["home_words"].share == "iro"  # "only my IRO" unless the child says otherwise


def test_after_quick_exit_a_page_sent_from_the_old_screen_is_not_saved(app, make_child_session):
    client, _, _ = make_child_session(age=10)
    start(client)
    page = client.get("/me/review/q/worries").get_data(as_text=True)
    client.get("/exit")
    response = client.post("/me/review/q/worries", data={"csrf_token": csrf_from(page), "worries": "x"})
    # Quick exit forgot the form's token too, so the old screen's form is refused outright.
    assert response.status_code == 400
    assert answers(app, key="worries") == []


def test_check_your_answers_lists_answers_with_change_links(app, make_child_session):
    client, _, _ = make_child_session(age=9)
    start(client)
    send_page(client, "where", {"venue": "home"})
    send_page(client, "good-things", {"good_things": "Swimming"})
    send_page(client, "who", {"invite.carer": "yes", "invite.social_worker": "part"})
    html = client.get("/me/review/check").get_data(as_text=True)
    assert "Where I live" in html and "Swimming" in html
    assert "My carer: Yes" in html and "My social worker: Only for part" in html
    assert 'href="/me/review/q/where?from=check"' in html
    # A change from the check page goes back to the check page.
    response = send_page(client, "where", {"venue": "school"}, query="?from=check")
    assert response.headers["Location"] == "/me/review/check"


def test_sending_twice_sends_once_and_the_iros_email_carries_no_words(app, make_child_session, iro):
    client, child, _ = make_child_session(age=12)
    start(client)
    send_page(client, "feeling", {"worries": "Secret worry about Mr Smith", "feeling": "2"})
    first = post_form(client, "/me/review/send", form_page="/me/review/check")
    second = post_form(client, "/me/review/send", form_page="/me/review/add")
    assert first.headers["Location"] == second.headers["Location"] == "/me/review/sent"
    html = client.get("/me/review/sent").get_data(as_text=True)
    assert "What happens next" in html and iro.name in html
    with app.app_context():
        messages = db.session.scalars(select(OutboxMessage)).all()
        assert len(messages) == 1
        assert messages[0].recipient == iro.email
        assert "Secret worry" not in messages[0].body and "Mr Smith" not in messages[0].body
        assert child.preferred_name not in messages[0].body + messages[0].subject
        assert "/staff/caseload" in messages[0].body


def test_after_sending_answers_are_locked_but_the_child_can_add_once_per_tap(app, make_child_session, iro):
    client, _, _ = make_child_session(age=12)
    start(client)
    send_page(client, "feeling", {"feeling": "3"})
    post_form(client, "/me/review/send", form_page="/me/review/check")
    assert client.get("/me/review/q/feeling").headers["Location"] == "/me/review/sent"

    page = client.get("/me/review/add").get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(page),
        "addition": "I forgot: I want to see Nan",
        "addition-share": "review",
        "form_token": page.split('name="form_token" value="')[1].split('"')[0],
    }
    assert client.post("/me/review/add", data=data).status_code == 303
    assert client.post("/me/review/add", data=data).status_code == 303  # double tap
    assert count(app, ConsultationAddition) == 1
    assert "I forgot: I want to see Nan" in client.get("/me/review/sent").get_data(as_text=True)
    with app.app_context():
        subjects = [m.subject for m in db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id))]
    assert subjects == [
        "A child has sent you their views before a review",
        "A child has added to their views before a review",
    ]


def test_an_empty_addition_gets_a_kind_message(app, make_child_session):
    client, _, _ = make_child_session(age=12)
    start(client)
    post_form(client, "/me/review/send", form_page="/me/review/check")
    response = post_form(client, "/me/review/add", {"addition": "  ", "form_token": "t" * 40})
    assert response.status_code == 400
    assert "Write what you want to add" in response.get_data(as_text=True)


def test_nothing_can_be_added_once_the_review_has_started(app, make_child_session):
    client, _, _ = make_child_session(age=12)
    start(client)
    post_form(client, "/me/review/send", form_page="/me/review/check")
    with app.app_context():
        consultation = db.session.scalar(select(Consultation))
        consultation.review.scheduled_for = clock.utcnow() - timedelta(minutes=5)
        db.session.commit()
    # The review has started, so there is no next review and the consultation is closed.
    assert client.get("/me/review/add").status_code == 302
    assert count(app, ConsultationAddition) == 0


def test_steps_follow_the_answers(app, make_child_session):
    client, _, _ = make_child_session(age=8)
    start(client)
    first = client.get("/me/review/q/feeling").get_data(as_text=True)
    assert "Page 1 of 22" in first
    # "How should your views get there?" sits beside "Will you come?", so no page appears later.
    assert client.get("/me/review/q/views-how").status_code == 404
    assert "How should your views get to the review?" in client.get("/me/review/q/attend").get_data(as_text=True)
    send_page(client, "attend", {"attend": "no"})
    send_page(client, "interpreter", {"interpreter": "yes"})
    assert send_page(client, "chair", {"chair": "no"}).headers["Location"] == "/me/review/q/anything-else"
    assert send_page(client, "chair", {"chair": "chair"}).headers["Location"] == "/me/review/agenda"
    # Whatever was answered, the count is the one given at the start (the agenda has pages of its own).
    assert "Page 22 of 22" in client.get("/me/review/q/anything-else").get_data(as_text=True)
    assert "There are 22 pages of questions." in client.get("/me/review").get_data(as_text=True)


def test_a_child_can_switch_to_simpler_questions_and_keep_their_answers(app, make_child_session):
    client, _, _ = make_child_session(age=13)
    start(client)
    send_page(client, "feeling", {"feeling": "4", "good_things": "Drama club"})
    response = post_form(client, "/me/review/version", {"version": "younger"}, form_page="/me/review/q/home")
    assert response.headers["Location"] == "/me/review/q/feeling"
    html = client.get("/me/review/q/feeling").get_data(as_text=True)
    assert "img/faces/4." in html and "Switch to the fuller questions" in html
    assert "Drama club" in client.get("/me/review/q/good-things").get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(select(Consultation.question_set)) == "younger-3"


def test_the_iros_choice_of_version_is_used(app, iro):
    child, token = make_child_with_link(app, iro, age=13, consultation_version="younger")
    schedule_review(app, child, iro)
    client = app.test_client()
    open_child_space(client, token)
    start(client)
    assert "img/faces/1." in client.get("/me/review/q/feeling").get_data(as_text=True)


@pytest.mark.parametrize("age", [2, 3])
def test_under_fours_get_no_questions(app, iro, age):
    child, token = make_child_with_link(app, iro, age=age)
    schedule_review(app, child, iro)
    client = app.test_client()
    open_child_space(client, token)
    assert "Get ready for your review" not in client.get("/me/").get_data(as_text=True)
    assert "no questions for you" in client.get("/me/review").get_data(as_text=True)
    assert count(app, Consultation) == 0


def test_each_child_reaches_only_their_own_consultation(app, make_child_session):
    first, _, _ = make_child_session(age=9)
    second, _, _ = make_child_session(age=9)
    start(first)
    send_page(first, "good-things", {"good_things": "Only mine"})
    start(second)
    assert "Only mine" not in second.get("/me/review/q/good-things").get_data(as_text=True)
    assert "Only mine" not in second.get("/me/review/check").get_data(as_text=True)
