"""The IRO's side: consultation status, reading what the child sent (and only that), the audit trail,
the printable summary, and recording how the review went."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.extensions import db
from participation.people.models import Role
from participation.platform import clock
from participation.platform.models import AuditEvent
from participation.reviews.models import Review
from tests.conftest import (
    login,
    make_child_with_link,
    make_staff,
    open_child_space,
    post_form,
    schedule_review,
    send_page,
    start,
)


def child_who_sends(app, iro, age=14, language="en", pages=(), send=True):
    """A child who answers ``pages`` [(slug, data)] and (if ``send``) sends; returns (client, child, review id)."""
    child, token = make_child_with_link(app, iro, age=age, preferred_language=language)
    review_id = schedule_review(app, child, iro)
    client = app.test_client()
    open_child_space(client, token)
    start(client)
    for slug, data in pages:
        send_page(client, slug, data)
    if send:
        post_form(client, "/me/review/send", form_page="/me/review/check")
    return client, child, review_id


ARABIC_WORDS = "أريد أن أرى أخي أكثر"


def test_upcoming_reviews_show_each_consultations_status(app, iro, iro_client):
    child_who_sends(app, iro, pages=(), send=False)  # opened, nothing answered
    child_who_sends(app, iro, pages=[("home", {"home": "4"})], send=False)
    child_who_sends(app, iro, pages=[("home", {"home": "4"})])
    client, _, _ = child_who_sends(app, iro, pages=[("home", {"home": "4"})])
    post_form(client, "/me/review/add", {"addition": "One more thing", "form_token": "a" * 40})
    html = iro_client.get("/staff/reviews/upcoming").get_data(as_text=True)
    assert html.count("Not started") == 1
    assert html.count("Started, not sent yet") == 1
    assert html.count(">Sent<") == 1
    assert html.count("Sent, then added to") == 1


def test_the_iro_reads_arrangements_first_choices_in_their_language_and_words_exactly(app, iro, iro_client):
    _, child, review_id = child_who_sends(
        app,
        iro,
        language="ar",
        pages=[
            ("feeling", {"feeling": "2", "worries": ARABIC_WORDS}),
            ("where", {"venue": "school", "time": "after_school"}),
            ("who", {"invite.carer": "yes", "invite.dad": "no", "not_wanted": "Dad", "not_wanted-share": "iro"}),
            ("chair", {"chair": "co_chair"}),
        ],
    )
    assert f"/staff/reviews/{review_id}/consultation" in iro_client.get("/staff/caseload").get_data(as_text=True)
    html = iro_client.get(f"/staff/reviews/{review_id}/consultation").get_data(as_text=True)
    assert html.index("Arrangements") < html.index("What the child said")
    assert "At school or college (not in lessons)" in html and "My carer: Yes" in html and "My dad: No" in html
    assert "Yes, with my IRO&#39;s help (co-chair)" in html or "Yes, with my IRO's help (co-chair)" in html
    assert f'lang="ar" dir="auto">{ARABIC_WORDS}</p>' in html
    assert "Written in Arabic — needs translating" in html
    assert "Only for the IRO" in html
    # In Arabic, the same answers are shown with Arabic labels; the child's words stay as written.
    arabic = iro_client.get(f"/staff/reviews/{review_id}/consultation?lang=ar").get_data(as_text=True)
    assert ARABIC_WORDS in arabic and 'dir="rtl"' in arabic
    # Reading it clears it from "New from children".
    assert f"/staff/reviews/{review_id}/consultation" not in iro_client.get("/staff/caseload").get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.child_id == child.id)).all()
    assert actions.count("consultation.read") == 2


def test_answers_not_yet_sent_stay_private_to_the_child(app, iro, iro_client):
    _, _, review_id = child_who_sends(app, iro, pages=[("home", {"home_words": "Draft thoughts"})], send=False)
    html = iro_client.get(f"/staff/reviews/{review_id}/consultation").get_data(as_text=True)
    assert "Started, not sent yet" in html and "Draft thoughts" not in html


def test_another_iro_and_other_roles_never_see_the_answers(app, iro):
    _, _, review_id = child_who_sends(app, iro, pages=[("home", {"home_words": "Private words"})])
    with app.app_context():
        make_staff(Role.IRO, email="other@example.org")
        make_staff(Role.PARTICIPATION, email="team@example.org")
        make_staff(Role.MANAGER, email="boss@example.org")
    for email, status in (("other@example.org", 404), ("team@example.org", 403), ("boss@example.org", 403)):
        client = app.test_client()
        login(client, email)
        for url in (f"/staff/reviews/{review_id}/consultation", f"/staff/reviews/{review_id}/consultation/summary"):
            response = client.get(url)
            assert response.status_code == status, (email, url)
            assert "Private words" not in response.get_data(as_text=True)
    overview = app.test_client()
    login(overview, "team@example.org")
    assert "Private words" not in overview.get("/staff/overview").get_data(as_text=True)


def test_the_printed_summary_leaves_out_words_only_for_the_iro(app, iro, iro_client):
    _, child, review_id = child_who_sends(
        app,
        iro,
        pages=[
            ("home", {"home_words": "Shared with the meeting", "home_words-share": "review"}),
            ("school", {"school_words": "Only for you", "school_words-share": "iro"}),
            ("who", {"not_wanted": "My uncle"}),
            ("feeling", {"feeling": "4", "mood": "angry"}),
        ],
    )
    html = iro_client.get(f"/staff/reviews/{review_id}/consultation/summary").get_data(as_text=True)
    assert "Shared with the meeting" in html
    # How the child feels stays off the printed page; the IRO reads it on screen.
    assert "Angry" not in html and "How are you feeling?" not in html
    assert "Angry" in iro_client.get(f"/staff/reviews/{review_id}/consultation").get_data(as_text=True)
    assert "Only for you" not in html and "My uncle" not in html
    assert "2 answers the child marked" in html
    with app.app_context():
        assert db.session.scalar(
            select(AuditEvent.action).where(
                AuditEvent.child_id == child.id, AuditEvent.action == "consultation.printed"
            )
        )


def test_a_review_with_the_childs_answers_cannot_be_cancelled(app, iro, iro_client):
    _, _, review_id = child_who_sends(app, iro, pages=[("home", {"home": "3"})], send=False)
    response = post_form(iro_client, f"/staff/reviews/{review_id}/cancel", form_page=f"/staff/reviews/{review_id}/edit")
    assert response.headers["Location"] == f"/staff/reviews/{review_id}/edit"
    with app.app_context():
        assert db.session.get(Review, review_id) is not None


def _hold(app, review_id, days_ago=1):
    with app.app_context():
        review = db.session.get(Review, review_id)
        review.scheduled_for = clock.utcnow() - timedelta(days=days_ago)
        db.session.commit()
        return clock.to_local(review.scheduled_for).date()


def outcome(held_on, **overrides):
    data = {
        "held_on": held_on.isoformat(),
        "held_venue": "school",
        "child_attendance": "all",
        "participation_code": "PN1",
        "chairing": "co_chair",
        "consultation_used": "yes",
        "seen_before": "yes",
    }
    data.update(overrides)
    return data


def test_the_iro_records_how_the_review_went(app, iro, iro_client):
    _, child, review_id = child_who_sends(app, iro, pages=[("where", {"venue": "community"})])
    held_on = _hold(app, review_id)
    caseload = iro_client.get("/staff/caseload").get_data(as_text=True)
    assert "Reviews to record" in caseload and f"/staff/reviews/{review_id}/outcome" in caseload
    page = iro_client.get(f"/staff/reviews/{review_id}/outcome").get_data(as_text=True)
    assert '<option selected value="community">' in page or 'value="community" selected' in page
    response = post_form(iro_client, f"/staff/reviews/{review_id}/outcome", outcome(held_on))
    assert response.status_code == 302
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert (
            review.participation_code,
            review.chairing,
            review.child_attendance,
            review.held_venue,
            review.consultation_used,
            review.seen_before,
            review.held_on,
        ) == ("PN1", "co_chair", "all", "school", True, True, held_on)
    assert "Reviews to record" not in iro_client.get("/staff/caseload").get_data(as_text=True)
    assert ">PN1<" in iro_client.get(f"/staff/children/{child.id}").get_data(as_text=True)


def test_codes_must_fit_attendance_and_age(app, iro, iro_client):
    _, _, review_id = child_who_sends(app, iro, send=False)
    held_on = _hold(app, review_id)
    url = f"/staff/reviews/{review_id}/outcome"
    response = post_form(iro_client, url, outcome(held_on, child_attendance="no", participation_code="PN1"))
    assert response.status_code == 400
    assert "did not attend, so choose a code from PN5 to PN7" in response.get_data(as_text=True)
    response = post_form(
        iro_client, url, outcome(held_on, child_attendance="no", participation_code="PN6", chairing="chair")
    )
    assert "cannot have chaired" in response.get_data(as_text=True)
    response = post_form(iro_client, url, outcome(held_on, participation_code="PN0"))
    assert "only for children under 4" in response.get_data(as_text=True)
    response = post_form(iro_client, url, outcome(held_on + timedelta(days=5)))
    assert "cannot be in the future" in response.get_data(as_text=True)


def test_a_toddlers_review_is_pn0(app, iro, iro_client):
    child, _ = make_child_with_link(app, iro, age=2)
    review_id = schedule_review(app, child, iro)
    held_on = _hold(app, review_id)
    url = f"/staff/reviews/{review_id}/outcome"
    page = iro_client.get(url).get_data(as_text=True)
    assert "under 4 on the day of the review" in page
    toddler = {"chairing": "none", "consultation_used": "no"}  # no consultation under 4, so none was used
    response = post_form(iro_client, url, outcome(held_on, participation_code="PN4", **toddler))
    assert "so the code is PN0" in response.get_data(as_text=True)
    assert post_form(iro_client, url, outcome(held_on, participation_code="PN0", **toddler)).status_code == 302


def test_an_outcome_cannot_be_recorded_before_the_review(app, iro, iro_client):
    child, _ = make_child_with_link(app, iro, age=9)
    review_id = schedule_review(app, child, iro)
    response = iro_client.get(f"/staff/reviews/{review_id}/outcome")
    assert response.headers["Location"] == f"/staff/children/{child.id}"
    with app.app_context():
        assert db.session.get(Review, review_id).outcome_recorded_at is None
