"""Feedback after a review: it opens when the IRO records the review; the young person answers once in
their space; parents, carers and professionals answer once each from a link that expires; and nothing kept
says who answered."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.feedback import links as feedback
from participation.feedback.models import FeedbackLink, FeedbackResponse
from participation.platform.models import OutboxMessage
from participation.reviews.models import Review
from tests.conftest import csrf_from, deliver_mail, held_yesterday, login, post_form


@pytest.fixture
def held_review(app, make_child_session, iro):
    """A child (9) in their space, whose review was held yesterday and recorded by their IRO."""
    client, child, _ = make_child_session(age=9)
    return client, held_yesterday(app, child, iro)


def answer(client, url: str, data: dict):
    page = client.get(url)
    assert page.status_code == 200, page.status_code
    return client.post(url, data={"csrf_token": csrf_from(page.get_data(as_text=True)), **data})


def responses(app) -> list[FeedbackResponse]:
    with app.app_context():
        rows = db.session.scalars(select(FeedbackResponse)).all()
        for row in rows:
            row.answers  # noqa: B018  (load before the session closes)
        return rows


def test_the_young_person_is_asked_once_and_is_not_named(app, held_review, iro):
    client, _review_id = held_review
    home = client.get("/me/").get_data(as_text=True)
    assert "How was your review?" in home and "won't see who said what" in home
    response = answer(
        client, "/me/feedback", {"listened": "5", "overall": "4", "sw_before": "yes", "better": "Shorter please"}
    )
    assert "Thank you for telling us!" in response.get_data(as_text=True)
    [stored] = responses(app)
    assert (stored.respondent, stored.iro_id, stored.age_band, stored.language) == (
        "young_person",
        iro.id,
        "4-11",
        "en",
    )
    assert stored.review_date == date.today() - timedelta(days=1)
    assert {a.question: a.value or a.text for a in stored.answers} == {
        "listened": "5",
        "overall": "4",
        "sw_before": "yes",
        "better": "Shorter please",
    }
    # Asked once: the card goes, and sending again stores nothing.
    assert "How was your review?" not in client.get("/me/").get_data(as_text=True)
    client.post("/me/feedback", data={"csrf_token": csrf_from(home), "overall": "1"})
    assert len(responses(app)) == 1


def test_an_empty_or_made_up_answer_gets_a_kind_message(app, held_review):
    client, _ = held_review
    response = answer(client, "/me/feedback", {"better": ""})
    assert response.status_code == 400 and "Please answer at least one question." in response.get_data(as_text=True)
    response = answer(client, "/me/feedback", {"overall": "9", "better": "Keep this"})
    html = response.get_data(as_text=True)
    assert (
        response.status_code == 400 and "Please choose one of the answers." in html and "Keep this</textarea>" in html
    )
    assert responses(app) == []


def make_link(iro_client, review_id: int, respondent: str = "parent_carer", **extra) -> str:
    url = f"/staff/reviews/{review_id}/feedback"
    response = post_form(iro_client, url, {"respondent": respondent, "language": "en", **extra})
    assert response.status_code == 200
    return re.search(r'id="feedback-link" value="http://localhost(/f/[^"]+)"', response.get_data(as_text=True)).group(1)


def test_a_link_works_once_for_one_person(app, held_review, iro_client):
    _, review_id = held_review
    path = make_link(iro_client, review_id)
    carer = app.test_client()
    page = carer.get(path)
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "I was treated with respect" in html
    first = carer.post(path, data={"csrf_token": csrf_from(html), "respect": "5", "comments": "Well run"})
    assert "Thank you for your feedback" in first.get_data(as_text=True)
    again = carer.post(path, data={"csrf_token": csrf_from(html), "respect": "1"})
    assert again.status_code == 410 and "already been given" in again.get_data(as_text=True)
    assert app.test_client().get(path).status_code == 410
    [stored] = responses(app)
    assert stored.respondent == "parent_carer"
    with app.app_context():
        assert db.session.scalar(select(func.count(FeedbackLink.id)).where(FeedbackLink.used_at.is_not(None))) == 1


def test_an_expired_or_made_up_link_explains_itself(app, held_review, iro_client):
    _, review_id = held_review
    path = make_link(iro_client, review_id, "professional")
    with app.app_context():
        link = db.session.scalar(select(FeedbackLink))
        link.expires_at = link.created_at - timedelta(minutes=1)
        db.session.commit()
    response = app.test_client().get(path)
    assert response.status_code == 410 and "Feedback for this review has closed" in response.get_data(as_text=True)
    assert app.test_client().get("/f/" + "x" * 43).status_code == 404


def test_the_link_can_be_emailed_in_the_readers_language_and_the_address_is_not_kept(app, held_review, iro_client):
    _, review_id = held_review
    path = make_link(iro_client, review_id, email="carer@example.org", language="ar")
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage)).all()
        assert message.recipient == "carer@example.org" and message.sent_at is None  # waiting for the sender
    assert deliver_mail(app) == (1, 0)
    with app.app_context():
        [message] = db.session.scalars(select(OutboxMessage)).all()
        assert message.sent_at is not None and message.recipient == "[removed after sending]"
    assert path.endswith("?lang=ar")  # the link opens in the language it was sent in
    arabic = app.test_client().get(path).get_data(as_text=True)
    assert 'dir="rtl"' in arabic and 'lang="ar"' in arabic


def test_feedback_opens_only_once_the_review_is_recorded_and_only_for_its_iro(
    app, make_child_session, iro, iro_client, other_iro
):
    client, child, _ = make_child_session(age=9)
    with app.app_context():
        review_id = db.session.scalar(select(Review.id).where(Review.child_id == child.id))
    assert iro_client.get(f"/staff/reviews/{review_id}/feedback").status_code == 302
    assert "How was your review?" not in client.get("/me/").get_data(as_text=True)
    other = app.test_client()
    login(other, other_iro.email)
    assert other.get(f"/staff/reviews/{review_id}/feedback").status_code == 404
    with app.app_context():
        assert feedback.link_state(None) == "unknown"
