"""Work never lost on the staff side: a form sent after an idle time-out is kept, and after signing in again the
person is back on that form with what they typed (never on an error page); "Stay signed in" keeps a session."""

from __future__ import annotations

import re
from datetime import timedelta

from lxml import html as lxml_html
from sqlalchemy import func, select
from wtforms import PasswordField, StringField

from participation.extensions import db
from participation.people.models import Child, KeptStaffForm
from participation.platform.clock import today, utcnow
from participation.platform.models import AuthSession
from participation.reviews.models import Review
from participation.statements import intake
from participation.statements.models import Statement, StatementEvent
from participation.web.form_keeping import StaffForm, typed_fields
from tests.conftest import (
    csrf_from,
    idle_all_sessions,
    login,
    make_child,
    record_held_yesterday,
    schedule_review,
    staff_client,
)

NOTE = "Spoke to Sam's carer: contact with Gran moves to Saturdays – « وعد »"
KEPT_ON_LOGIN = "What you typed has been kept: sign in again to carry on."
GIVEN_BACK = "We kept what you typed. Check it and send it again."


def a_statement(app, iro) -> int:
    """A problem a child sent to ``iro``; its id."""
    with app.app_context():
        child = make_child(iro)
        statement = Statement(kind="problem", words="My contact keeps being cancelled", resolution="informal")
        intake.store(statement, db.session.get(Child, child.id), ["iro"], page_locale="en")
        db.session.commit()
        return statement.id


def the_form(page: str, action: str):
    """The form on ``page`` sent to ``action`` (a form without an action is sent to its own page)."""
    tree = lxml_html.fromstring(page)
    forms = tree.xpath("//form[@action=$action]", action=action) or tree.xpath('//form[@method="post"][not(@action)]')
    assert forms, f"no form sent to {action}"
    return forms[0]


def form_on(page: str, action: str) -> dict[str, str]:
    """The hidden fields of the form on ``page`` that is sent to ``action``, as a browser would send them."""
    return {box.get("name"): box.get("value", "") for box in the_form(page, action).xpath('.//input[@type="hidden"]')}


def textarea(page: str, action: str, name: str) -> str:
    """What the text box ``name`` of the form sent to ``action`` holds."""
    return the_form(page, action).xpath(".//textarea[@name=$name]", name=name)[0].text_content().strip()


def time_out_while_writing(app, iro, statement_id: int, note: str = NOTE):
    """An IRO opens a statement, starts a note, leaves it for 31 minutes, then presses "Save note":
    (their browser, the response to the note)."""
    client = staff_client(app, iro.email)
    page = client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    action = f"/staff/statements/{statement_id}/note"
    idle_all_sessions(app, 31)
    return client, client.post(action, data={**form_on(page, action), "note": note})


def kept_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(KeptStaffForm))


def notes_saved(app, statement_id: int) -> int:
    with app.app_context():
        return db.session.scalar(
            select(func.count()).where(StatementEvent.statement_id == statement_id, StatementEvent.note.is_not(None))
        )


def test_a_note_sent_after_a_time_out_is_on_its_form_after_signing_in_again(app, iro):
    statement_id = a_statement(app, iro)
    client, response = time_out_while_writing(app, iro, statement_id)
    # Not an error: to sign in, and back to the page the note was written on (not the address it was sent to).
    assert response.status_code == 303
    sign_in = response.headers["Location"]
    assert sign_in == f"/staff/login?next=/staff/statements/{statement_id}"
    assert KEPT_ON_LOGIN in client.get(sign_in).get_data(as_text=True)
    assert notes_saved(app, statement_id) == 0  # nothing was done for them

    response = login(client, iro.email, url=sign_in)
    assert response.status_code == 302
    assert response.headers["Location"] == f"/staff/statements/{statement_id}"
    page = client.get(response.headers["Location"])
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Something went wrong" not in text
    assert GIVEN_BACK in text
    assert textarea(text, f"/staff/statements/{statement_id}/note", "note") == NOTE
    # Only the form it came from: the outcome form on the same page, with its own "note" box, stays empty.
    assert textarea(text, f"/staff/statements/{statement_id}/outcome", "note") == ""
    assert notes_saved(app, statement_id) == 0  # never sent for them

    # Shown once: opening the page again gives an empty form, and the copy is gone.
    again = client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    assert textarea(again, f"/staff/statements/{statement_id}/note", "note") == ""
    assert GIVEN_BACK not in again
    assert kept_count(app) == 0

    # Sent again by the IRO, it is saved as usual.
    action = f"/staff/statements/{statement_id}/note"
    client.post(action, data={**form_on(text, action), "note": NOTE})
    assert notes_saved(app, statement_id) == 1


def test_every_field_of_a_bigger_form_comes_back(app, iro):
    statement_id = a_statement(app, iro)
    client = staff_client(app, iro.email)
    page = client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    action = f"/staff/statements/{statement_id}/outcome"
    idle_all_sessions(app, 45)
    typed = {"final": "resolved", "for_child": "Your Saturday visits are back on.", "note": "Agreed with the team"}
    response = client.post(action, data={**form_on(page, action), **typed})
    response = login(client, iro.email, url=response.headers["Location"])
    text = client.get(response.headers["Location"]).get_data(as_text=True)
    assert textarea(text, action, "for_child") == typed["for_child"]
    assert textarea(text, action, "note") == typed["note"]
    assert re.search(r'<input[^>]*checked[^>]*value="resolved"|<input[^>]*value="resolved"[^>]*checked', text)
    assert textarea(text, f"/staff/statements/{statement_id}/note", "note") == ""


def test_a_correction_to_a_review_outcome_comes_back_over_what_was_recorded(app, iro):
    with app.app_context():
        child = make_child(iro)
    review_id = schedule_review(app, child, iro)
    with app.app_context():
        review = db.session.get(Review, review_id)
        review.scheduled_for = utcnow() - timedelta(days=1)
        record_held_yesterday(review, iro)  # at home, seen before: what the form starts from
        db.session.commit()
        two_days_ago = (today() - timedelta(days=2)).isoformat()
    client = staff_client(app, iro.email)
    url = f"/staff/reviews/{review_id}/outcome"
    page = client.get(url).get_data(as_text=True)
    typed = {
        "held_on": two_days_ago,
        "held_venue": "school",
        "child_attendance": "all",
        "participation_code": "PN1",
        "chairing": "none",
        "seen_before": "no",
    }
    idle_all_sessions(app, 31)
    response = client.post(url, data={**form_on(page, url), **typed})
    assert response.headers["Location"] == f"/staff/login?next={url}"
    response = login(client, iro.email, url=response.headers["Location"])
    assert response.headers["Location"] == url
    form = the_form(client.get(url).get_data(as_text=True), url)
    assert form.xpath('.//input[@name="held_on"]/@value') == [two_days_ago]
    assert form.xpath('.//select[@name="held_venue"]/option[@selected]/@value') == ["school"]
    assert form.xpath('.//input[@name="seen_before"][@checked]/@value') == ["no"]
    with app.app_context():
        assert db.session.get(Review, review_id).held_venue == "home"  # nothing changed until they send it


def test_someone_else_signing_in_on_that_browser_does_not_get_what_was_typed(app, iro, other_iro):
    statement_id = a_statement(app, iro)
    client, response = time_out_while_writing(app, iro, statement_id)
    response = login(client, other_iro.email, url=response.headers["Location"])
    assert response.status_code == 302
    landed = client.get(response.headers["Location"], follow_redirects=True).get_data(as_text=True)
    assert NOTE not in landed and GIVEN_BACK not in landed
    assert kept_count(app) == 1  # still waiting for the IRO who typed it

    # The IRO signing in again gets it.
    client.post("/staff/logout", data={"csrf_token": csrf_from(landed)})
    response = login(client, iro.email)
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert textarea(page, f"/staff/statements/{statement_id}/note", "note") == NOTE


def test_what_was_typed_is_kept_for_an_hour_only(app, iro):
    statement_id = a_statement(app, iro)
    client, response = time_out_while_writing(app, iro, statement_id)
    with app.app_context():
        kept = db.session.scalar(select(KeptStaffForm))
        kept.created_at -= timedelta(minutes=61)
        db.session.commit()
    response = login(client, iro.email, url=response.headers["Location"])
    # Still back on the page the note was written on, but with nothing filled in and nothing said.
    assert response.headers["Location"] == f"/staff/statements/{statement_id}"
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert textarea(page, f"/staff/statements/{statement_id}/note", "note") == ""
    assert GIVEN_BACK not in page
    assert kept_count(app) == 0  # and the expired copy is gone


def test_a_forged_post_without_this_browsers_csrf_token_keeps_nothing(app, iro):
    statement_id = a_statement(app, iro)
    client = staff_client(app, iro.email)
    page = client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    action = f"/staff/statements/{statement_id}/note"
    fields = form_on(page, action)
    idle_all_sessions(app, 31)
    # Another browser's token (as a page elsewhere could get by opening the sign-in page itself), or none.
    stranger = app.test_client()
    foreign_token = csrf_from(stranger.get("/staff/login").get_data(as_text=True))
    for token in (foreign_token, "", None):
        data = {**fields, "note": "Planted words"}
        if token is None:
            del data["csrf_token"]
        else:
            data["csrf_token"] = token
        assert client.post(action, data=data).status_code == 400
    assert kept_count(app) == 0


def test_a_form_sent_after_signing_out_is_not_kept_but_never_ends_on_an_error(app, iro):
    statement_id = a_statement(app, iro)
    client = staff_client(app, iro.email)
    page = client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    action = f"/staff/statements/{statement_id}/note"
    fields = form_on(page, action)
    client.post("/staff/logout", data={"csrf_token": fields["csrf_token"]})
    sign_in = client.get("/staff/login").get_data(as_text=True)
    response = client.post(action, data={**fields, "csrf_token": csrf_from(sign_in), "note": "After sign-out"})
    assert response.status_code == 303
    assert kept_count(app) == 0
    response = login(client, iro.email, url=response.headers["Location"])
    assert response.headers["Location"] == f"/staff/statements/{statement_id}"
    assert client.get(response.headers["Location"]).status_code == 200


def test_passwords_and_security_tokens_are_never_kept():
    class FormWithASecret(StaffForm):
        name = StringField()
        password = PasswordField()

    assert typed_fields(FormWithASecret) == ["name"]


# --- staying signed in ----------------------------------------------------------------------------------------


def seconds_left(page: str) -> int:
    """How long the time-out warning on a staff page is told the session has left."""
    return int(re.search(r'data-seconds-left="(\d+)"', page).group(1))


def open_session(app) -> AuthSession:
    with app.app_context():
        return db.session.scalar(select(AuthSession).where(AuthSession.ended_at.is_(None)))


def test_stay_signed_in_starts_the_idle_time_again(app, iro):
    client = staff_client(app, iro.email)
    page = client.get("/staff/caseload").get_data(as_text=True)
    assert 1790 <= seconds_left(page) <= 1800  # what the warning counts from
    idle_all_sessions(app, 29)
    response = client.post("/staff/stay-signed-in", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 200
    assert 1790 <= response.get_json()["seconds_left"] <= 1800
    idle_all_sessions(app, 29)  # 58 minutes since the page was opened, 29 since "Stay signed in"
    assert client.get("/staff/caseload").status_code == 200


def test_stay_signed_in_needs_the_csrf_token(app, iro):
    client = staff_client(app, iro.email)
    client.get("/staff/caseload")
    for data in ({}, {"csrf_token": "forged"}):
        response = client.post("/staff/stay-signed-in", data=data)
        assert response.status_code == 400
        assert response.get_json(silent=True) is None


def test_stay_signed_in_without_a_session_does_nothing(app, iro):
    client = app.test_client()
    token = csrf_from(client.get("/staff/login").get_data(as_text=True))
    response = client.post("/staff/stay-signed-in", data={"csrf_token": token})
    assert response.status_code == 303
    assert response.headers["Location"].startswith("/staff/login")
    assert open_session(app) is None
    assert kept_count(app) == 0


def test_stay_signed_in_after_the_time_out_does_not_open_the_session_again(app, iro):
    client = staff_client(app, iro.email)
    page = client.get("/staff/caseload").get_data(as_text=True)
    idle_all_sessions(app, 31)
    response = client.post("/staff/stay-signed-in", data={"csrf_token": csrf_from(page)})
    assert response.status_code == 303
    assert open_session(app) is None
    assert client.get("/staff/caseload").status_code == 302
