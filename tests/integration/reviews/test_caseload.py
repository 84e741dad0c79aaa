"""The IRO's caseload: adding children, their record, links, reviews and the audit trail."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from sqlalchemy import select

from participation.extensions import db
from participation.people.models import Child
from participation.platform import clock
from participation.platform.models import AuditEvent, OutboxMessage
from participation.platform.outbox import SCRUBBED
from participation.reviews import scheduling
from participation.reviews.models import Review
from tests.conftest import deliver_mail, make_child, post_form


def child_form(**overrides) -> dict:
    values = {
        "preferred_name": "Zara",
        "date_of_birth": (date.today() - timedelta(days=365 * 9)).isoformat(),
        "preferred_language": "ar",
        "iro_id": "",
        "social_worker_name": "Sam Social",
        "social_worker_email": "sam@example.org",
        "team_manager_name": "",
        "team_manager_email": "",
        "case_reference": "REF-9",
    }
    values.update(overrides)
    return values


def test_add_a_child_to_my_caseload(app, iro, iro_client):
    response = post_form(iro_client, "/staff/children/new", child_form(iro_id=str(iro.id)))
    assert response.status_code == 302
    caseload = iro_client.get("/staff/caseload").get_data(as_text=True)
    assert "Zara" in caseload and "REF-9" in caseload and "None scheduled" in caseload
    with app.app_context():
        child = db.session.scalar(select(Child))
        assert (child.preferred_name, child.preferred_language, child.iro_id) == ("Zara", "ar", iro.id)
        assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.child_id == child.id)) == "child.created"


def test_the_iro_can_choose_the_other_version_of_the_questions_and_go_back_to_by_age(app, iro, iro_client):
    thirteen = (date.today() - timedelta(days=365 * 13)).isoformat()
    post_form(
        iro_client,
        "/staff/children/new",
        child_form(iro_id=str(iro.id), consultation_version="younger", date_of_birth=thirteen),
    )
    with app.app_context():
        child = db.session.scalar(select(Child))
        assert child.consultation_version == "younger"
    page = iro_client.get(f"/staff/children/{child.id}/edit").get_data(as_text=True)
    assert '<option selected value="younger">' in page
    post_form(
        iro_client,
        f"/staff/children/{child.id}/edit",
        child_form(iro_id=str(iro.id), consultation_version="", date_of_birth=thirteen),
    )
    with app.app_context():
        assert db.session.get(Child, child.id).consultation_version is None


def test_bad_details_get_clear_messages_and_keep_what_was_typed(iro, iro_client):
    response = post_form(
        iro_client,
        "/staff/children/new",
        child_form(
            iro_id=str(iro.id),
            preferred_name="",
            date_of_birth=(date.today() + timedelta(days=3)).isoformat(),
            social_worker_email="not-an-email",
        ),
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in html
    assert "s preferred name</a>" in html
    assert "This date of birth is in the future" in html
    assert "right format" in html
    assert 'value="Sam Social"' in html and 'value="REF-9"' in html


def test_case_references_are_unique(app, iro, iro_client):
    with app.app_context():
        make_child(iro, case_reference="REF-9")
    html = post_form(iro_client, "/staff/children/new", child_form(iro_id=str(iro.id))).get_data(as_text=True)
    assert "Another child already has this case reference" in html


def test_opening_a_childs_record_writes_an_audit_event(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    page = iro_client.get(f"/staff/children/{child.id}")
    assert page.status_code == 200 and "Robin" in page.get_data(as_text=True)
    iro_client.get(f"/staff/children/{child.id}")
    with app.app_context():
        events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "child.viewed")).all()
        assert [(event.actor_id, event.child_id) for event in events] == [(iro.id, child.id)] * 2


def test_allocating_a_child_to_another_iro_hands_them_over(app, iro, other_iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    response = post_form(
        iro_client,
        f"/staff/children/{child.id}/edit",
        child_form(iro_id=str(other_iro.id), preferred_name="Robin", case_reference=""),
    )
    assert response.status_code == 302
    assert iro_client.get(f"/staff/children/{child.id}").status_code == 404


def test_new_link_is_shown_once_with_a_qr_code_and_can_be_emailed(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro, preferred_language="ar")
    page = post_form(iro_client, f"/staff/children/{child.id}/link", form_page=f"/staff/children/{child.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    link = html.split('id="child-link" value="')[1].split('"')[0]
    assert link.startswith("http://localhost/c/")
    assert 'src="data:image/svg+xml;base64,' in html
    # The record page no longer shows it.
    assert link not in iro_client.get(f"/staff/children/{child.id}").get_data(as_text=True)
    sent = iro_client.post(
        f"/staff/children/{child.id}/link/email",
        data={
            "link": link,
            "email": "young.person@example.org",
            "csrf_token": html.split('name="csrf_token" type="hidden" value="')[1].split('"')[0],
        },
    )
    assert "on its way to young.person@example.org" in sent.get_data(as_text=True)
    assert deliver_mail(app) == (1, 0)
    with app.app_context():
        message = db.session.scalar(select(OutboxMessage))
        # Sent by the sender (log backend here), then the address and the link are wiped from the outbox.
        assert message.sent_at is not None
        assert message.recipient == SCRUBBED and message.body == SCRUBBED
        actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
        assert actions[-2:] == ["child.viewed", "child.link_emailed"]


def test_emailing_a_link_that_is_no_longer_current_is_refused(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    response = post_form(
        iro_client,
        f"/staff/children/{child.id}/link/email",
        {"link": "http://localhost/c/" + "b" * 43, "email": "x@example.org"},
        form_page=f"/staff/children/{child.id}",
    )
    assert response.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(OutboxMessage)) is None


def test_schedule_change_and_cancel_a_review(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    day = date.today() + timedelta(days=10)
    response = post_form(
        iro_client, f"/staff/children/{child.id}/reviews/new", {"day": day.isoformat(), "at": "14:30", "kind": "second"}
    )
    assert response.status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review))
        assert clock.to_local(review.scheduled_for).replace(tzinfo=None) == datetime.combine(day, time(14, 30))
    post_form(iro_client, f"/staff/reviews/{review.id}/edit", {"day": day.isoformat(), "at": "09:15", "kind": "extra"})
    with app.app_context():
        review = db.session.get(Review, review.id)
        assert clock.to_local(review.scheduled_for).hour == 9 and review.kind == "extra"
    post_form(iro_client, f"/staff/reviews/{review.id}/cancel", form_page=f"/staff/reviews/{review.id}/edit")
    with app.app_context():
        assert db.session.scalar(select(Review)) is None


def test_a_review_needs_a_real_date_and_time(iro, app, iro_client):
    with app.app_context():
        child = make_child(iro)
    html = post_form(
        iro_client, f"/staff/children/{child.id}/reviews/new", {"day": "2026-02-31", "at": "", "kind": "second"}
    ).get_data(as_text=True)
    assert "Enter the date of the review as a real date" in html
    assert "Enter the time of the review" in html


def test_upcoming_reviews_cover_the_next_20_working_days_of_my_children_only(app, iro, other_iro, iro_client):
    with app.app_context():
        mine = make_child(iro, preferred_name="Mine")
        theirs = make_child(other_iro, preferred_name="Theirs")
        today = clock.to_local(clock.utcnow()).date()
        end = scheduling.upcoming_window_end().date()
        for child, day in (
            (mine, today + timedelta(days=2)),
            (theirs, today + timedelta(days=2)),
            (mine, end + timedelta(days=3)),
            (mine, today - timedelta(days=2)),
        ):
            db.session.add(Review(child_id=child.id, scheduled_for=clock.to_utc(day, time(12, 0)), kind="subsequent"))
        db.session.commit()
    html = iro_client.get("/staff/reviews/upcoming").get_data(as_text=True)
    assert html.count("/staff/children/") == 1
    assert "Mine" in html and "Theirs" not in html
