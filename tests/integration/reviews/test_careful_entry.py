"""Careful data entry on the staff side: ages outside 0 to 17 refused, an age under 4 and a review date in
the past confirmed before saving, no default role for a new account, "consultation used" only when one was
sent, and a child's first review suggested as the initial one. Typed values are always kept."""

from __future__ import annotations

from datetime import date, time, timedelta

from lxml import html as lxml_html
from sqlalchemy import func, select

from participation.consultation import answers as consultations
from participation.extensions import db
from participation.people.models import Child, Role, StaffUser
from participation.platform import clock
from participation.reviews import scheduling
from participation.reviews.models import Review
from tests.conftest import make_child, make_staff, post_form, schedule_review, staff_client


def local_today(app) -> date:
    with app.app_context():
        return clock.today()


def years_ago(day: date, years: int) -> date:
    return day.replace(year=day.year - years) if (day.month, day.day) != (2, 29) else date(day.year - years, 3, 1)


def child_form(iro, **overrides) -> dict:
    values = {
        "preferred_name": "Kit",
        "preferred_language": "en",
        "iro_id": str(iro.id),
        "social_worker_name": "Sam Social",
        "case_reference": "REF-77",
    }
    values.update(overrides)
    return values


def count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def summary_and_field_say(html: str, message: str) -> None:
    page = lxml_html.fromstring(html)
    assert message in page.xpath('string(//div[contains(@class, "error-summary")])')
    assert any(message in error.text_content() for error in page.xpath('//*[contains(@class, "field-error")]'))


# --- a child's date of birth --------------------------------------------------------------------


def test_a_child_18_today_is_refused_and_what_was_typed_is_kept(app, iro, iro_client):
    born = years_ago(local_today(app), 18)
    response = post_form(iro_client, "/staff/children/new", child_form(iro, date_of_birth=born.isoformat()))
    html = response.get_data(as_text=True)
    summary_and_field_say(html, "A child in care is 0 to 17 years old")
    assert "18 or over" in html
    assert 'value="Kit"' in html and 'value="REF-77"' in html and f'value="{born.isoformat()}"' in html
    assert count(app, Child) == 0


def test_a_child_18_tomorrow_is_added(app, iro, iro_client):
    born = years_ago(local_today(app), 18) + timedelta(days=1)
    response = post_form(iro_client, "/staff/children/new", child_form(iro, date_of_birth=born.isoformat()))
    assert response.status_code == 302 and count(app, Child) == 1


def test_a_child_born_tomorrow_is_refused(app, iro, iro_client):
    born = local_today(app) + timedelta(days=1)
    html = post_form(iro_client, "/staff/children/new", child_form(iro, date_of_birth=born.isoformat())).get_data(
        as_text=True
    )
    summary_and_field_say(html, "This date of birth is in the future")
    assert count(app, Child) == 0


def test_a_child_under_4_is_added_only_once_confirmed(app, iro, iro_client):
    born = local_today(app)  # born today
    data = child_form(iro, date_of_birth=born.isoformat())
    first = post_form(iro_client, "/staff/children/new", data)
    html = first.get_data(as_text=True)
    summary_and_field_say(html, "This child is under 4, so they cannot do a consultation")
    page = lxml_html.fromstring(html)
    box = page.get_element_by_id("under_four_confirmed")
    assert box.get("type") == "checkbox" and box.get("checked") is None
    assert page.xpath('string(//label[@for="under_four_confirmed"])') == "Yes, this child is under 4"
    assert page.xpath('//div[contains(@class, "error-summary")]//a/@href') == ["#under_four_confirmed"]
    assert 'value="Kit"' in html and 'value="REF-77"' in html
    assert count(app, Child) == 0

    second = post_form(iro_client, "/staff/children/new", {**data, "under_four_confirmed": "y"})
    assert second.status_code == 302
    with app.app_context():
        assert db.session.scalar(select(Child.date_of_birth)) == born


def test_a_child_on_their_4th_birthday_is_added_without_a_question(app, iro, iro_client):
    born = years_ago(local_today(app), 4)
    response = post_form(iro_client, "/staff/children/new", child_form(iro, date_of_birth=born.isoformat()))
    assert response.status_code == 302 and count(app, Child) == 1


def test_changing_a_childs_date_of_birth_to_under_4_is_confirmed(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro, age=10, preferred_name="Kit")
    url = f"/staff/children/{child.id}/edit"
    typo = years_ago(local_today(app), 2)
    html = post_form(iro_client, url, child_form(iro, date_of_birth=typo.isoformat())).get_data(as_text=True)
    assert "tick the box to confirm" in html
    with app.app_context():
        assert db.session.get(Child, child.id).date_of_birth == child.date_of_birth
    post_form(iro_client, url, child_form(iro, date_of_birth=typo.isoformat(), under_four_confirmed="y"))
    with app.app_context():
        assert db.session.get(Child, child.id).date_of_birth == typo


def test_a_toddlers_other_details_change_without_asking_again(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro, age=2)
    data = child_form(iro, date_of_birth=child.date_of_birth.isoformat(), social_worker_name="New Worker")
    assert post_form(iro_client, f"/staff/children/{child.id}/edit", data).status_code == 302
    with app.app_context():
        assert db.session.get(Child, child.id).social_worker_name == "New Worker"


def test_an_18_year_old_cannot_be_saved_by_editing(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro, age=10)
    born = years_ago(local_today(app), 19)
    html = post_form(
        iro_client, f"/staff/children/{child.id}/edit", child_form(iro, date_of_birth=born.isoformat())
    ).get_data(as_text=True)
    assert "18 or over" in html
    with app.app_context():
        assert db.session.get(Child, child.id).date_of_birth == child.date_of_birth


# --- a new staff account's role -----------------------------------------------------------------


def admin_client(app):
    with app.app_context():
        make_staff(Role.ADMIN, email="admin@example.org")
    return staff_client(app, "admin@example.org")


def test_a_new_account_has_no_role_until_one_is_chosen(app):
    client = admin_client(app)
    page = lxml_html.fromstring(client.get("/staff/admin/users/new").get_data(as_text=True))
    options = page.xpath('//select[@id="role"]/option')
    assert (options[0].get("value"), options[0].text) == ("", "Choose a role")
    assert page.xpath('//select[@id="role"]/option[@selected]/@value') in ([], [""])

    person = {"name": "Nia New", "email": "nia@example.org", "role": "", "active": "y"}
    html = post_form(client, "/staff/admin/users/new", person).get_data(as_text=True)
    summary_and_field_say(html, "Choose the person's role")
    assert 'value="Nia New"' in html and 'value="nia@example.org"' in html
    with app.app_context():
        assert db.session.scalar(select(StaffUser).where(StaffUser.email == "nia@example.org")) is None

    post_form(client, "/staff/admin/users/new", {**person, "role": "iro"})
    with app.app_context():
        assert db.session.scalar(select(StaffUser.role).where(StaffUser.email == "nia@example.org")) == "iro"


def test_editing_an_account_shows_its_role(app):
    client = admin_client(app)
    with app.app_context():
        person = make_staff(Role.PARTICIPATION)
    page = lxml_html.fromstring(client.get(f"/staff/admin/users/{person.id}").get_data(as_text=True))
    assert page.xpath('//select[@id="role"]/option[@selected]/@value') == ["participation"]


# --- a review in the past -----------------------------------------------------------------------


def test_a_review_in_the_past_is_saved_only_once_confirmed(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    url = f"/staff/children/{child.id}/reviews/new"
    yesterday = local_today(app) - timedelta(days=1)
    data = {"day": yesterday.isoformat(), "at": "10:30", "kind": "second"}
    html = post_form(iro_client, url, data).get_data(as_text=True)
    summary_and_field_say(html, "This date is in the past. Is that right?")
    page = lxml_html.fromstring(html)
    assert page.xpath('string(//label[@for="past_confirmed"])') == "Yes, the review was on this date"
    assert page.get_element_by_id("day").get("value") == yesterday.isoformat()
    assert page.get_element_by_id("at").get("value") == "10:30"
    assert page.xpath('//select[@id="kind"]/option[@selected]/@value') == ["second"]
    assert count(app, Review) == 0

    assert post_form(iro_client, url, {**data, "past_confirmed": "y"}).status_code == 302
    with app.app_context():
        review = db.session.scalar(select(Review))
        assert scheduling.review_day(review) == yesterday and review.kind == "second"


def test_a_review_today_is_not_questioned(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    data = {"day": local_today(app).isoformat(), "at": "23:59", "kind": "initial"}
    assert post_form(iro_client, f"/staff/children/{child.id}/reviews/new", data).status_code == 302


def test_moving_a_review_into_the_past_is_confirmed_but_keeping_its_past_day_is_not(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    review_id = schedule_review(app, child, iro, days=5)
    url = f"/staff/reviews/{review_id}/edit"
    past = local_today(app) - timedelta(days=30)
    html = post_form(iro_client, url, {"day": past.isoformat(), "at": "15:00", "kind": "subsequent"}).get_data(
        as_text=True
    )
    assert "This date is in the past" in html
    with app.app_context():
        assert scheduling.review_day(db.session.get(Review, review_id)) != past
    post_form(iro_client, url, {"day": past.isoformat(), "at": "15:00", "kind": "subsequent", "past_confirmed": "y"})
    # Changing only the kind of a review already in the past asks nothing.
    response = post_form(iro_client, url, {"day": past.isoformat(), "at": "15:00", "kind": "extra"})
    assert response.status_code == 302
    with app.app_context():
        review = db.session.get(Review, review_id)
        assert scheduling.review_day(review) == past and review.kind == "extra"


# --- the kind of a new review -------------------------------------------------------------------


def suggested(iro_client, child) -> list[str]:
    page = lxml_html.fromstring(iro_client.get(f"/staff/children/{child.id}/reviews/new").get_data(as_text=True))
    return page.xpath('//select[@id="kind"]/option[@selected]/@value')


def test_a_childs_first_review_is_suggested_as_initial_then_second_then_later(app, iro, iro_client):
    with app.app_context():
        child = make_child(iro)
    assert suggested(iro_client, child) == ["initial"]
    future = local_today(app) + timedelta(days=10)
    post_form(iro_client, f"/staff/children/{child.id}/reviews/new", {"day": future.isoformat(), "at": "10:00"})
    with app.app_context():
        assert db.session.scalar(select(Review.kind)) == "initial"  # what was suggested is what is saved
    assert suggested(iro_client, child) == ["second"]
    with app.app_context():
        record = db.session.get(Child, child.id)
        scheduling.schedule(record, future + timedelta(days=5), time(10), "extra", db.session.get(StaffUser, iro.id))
        db.session.commit()
    assert suggested(iro_client, child) == ["second"]  # an extra review does not move the sequence on
    with app.app_context():
        record = db.session.get(Child, child.id)
        scheduling.schedule(record, future + timedelta(days=90), time(10), "second", db.session.get(StaffUser, iro.id))
        db.session.commit()
    assert suggested(iro_client, child) == ["subsequent"]


# --- "consultation used" ------------------------------------------------------------------------


def held_review(app, iro, *, started: bool = False) -> tuple[Child, int, date]:
    with app.app_context():
        child = make_child(iro, age=12)
    review_id = schedule_review(app, child, iro)
    with app.app_context():
        review = db.session.get(Review, review_id)
        if started:
            consultations.start(review.child, review)
        review.scheduled_for = clock.utcnow() - timedelta(days=1)
        db.session.commit()
        return child, review_id, scheduling.review_day(review)


def outcome(held_on: date, used: str) -> dict:
    return {
        "held_on": held_on.isoformat(),
        "held_venue": "school",
        "child_attendance": "all",
        "participation_code": "PN1",
        "chairing": "none",
        "consultation_used": used,
        "seen_before": "yes",
    }


def test_consultation_used_is_not_offered_when_none_was_sent(app, iro, iro_client):
    _, review_id, held_on = held_review(app, iro)
    url = f"/staff/reviews/{review_id}/outcome"
    page = lxml_html.fromstring(iro_client.get(url).get_data(as_text=True))
    yes, no = page.xpath('//input[@name="consultation_used"]')
    assert yes.get("value") == "yes" and yes.get("disabled") is not None
    assert no.get("checked") is not None
    assert "did not send a consultation for this review, so it cannot have been used" in page.text_content()

    response = post_form(iro_client, url, outcome(held_on, "yes"))
    assert response.status_code == 400
    summary_and_field_say(response.get_data(as_text=True), "No consultation was sent for this review")
    with app.app_context():
        assert db.session.get(Review, review_id).outcome_recorded_at is None

    assert post_form(iro_client, url, outcome(held_on, "no")).status_code == 302
    with app.app_context():
        assert db.session.get(Review, review_id).consultation_used is False


def test_a_consultation_started_but_not_sent_was_not_used(app, iro, iro_client):
    _, review_id, held_on = held_review(app, iro, started=True)
    response = post_form(iro_client, f"/staff/reviews/{review_id}/outcome", outcome(held_on, "yes"))
    assert response.status_code == 400 and "No consultation was sent" in response.get_data(as_text=True)
