"""A child's way in: personal link, PIN or pictures, lockout, quick exit and idle timeout."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from participation.extensions import db
from participation.people import children
from participation.people.models import Child
from participation.platform.models import AuditEvent, AuthSession, OutboxMessage
from tests.conftest import (
    csrf_from,
    idle_all_sessions,
    make_child_with_link,
    open_child_space,
    post_form,
)


def test_opening_the_link_moves_to_a_clean_address(client, child_with_link):
    _, token = child_with_link
    response = client.get(f"/c/{token}")
    assert response.status_code == 303
    assert token not in response.headers["Location"]
    assert response.headers["Location"].endswith("/me/secret")
    assert response.headers["Referrer-Policy"] == "no-referrer"


def test_only_the_hash_of_the_link_is_stored(app, child_with_link):
    child, token = child_with_link
    with app.app_context():
        stored = db.session.get(Child, child.id).link_token_hash
    assert token not in stored and len(stored) == 64
    assert len(token) >= 43


def test_an_unknown_link_is_a_kind_404(client):
    response = client.get("/c/" + "a" * 43)
    assert response.status_code == 404
    assert "This link does not work" in response.get_data(as_text=True)
    assert "Exit this page" in response.get_data(as_text=True)


def test_first_visit_chooses_a_pin_then_my_space_shows_the_iro(client, child_with_link, iro):
    _, token = child_with_link
    client.get(f"/c/{token}")
    choose = client.get("/me/secret").get_data(as_text=True)
    assert "Choose 4 numbers" in choose
    assert "Choose 3 pictures" in choose  # the child is 10
    assert "Robin" not in choose  # no name before the secret: the link may not be in the child's hands
    # Space is not open before the PIN is chosen.
    assert client.get("/me/").headers["Location"].endswith("/me/secret")
    response = post_form(client, "/me/secret/pin", {"pin": "2468", "confirm": "2468"})
    assert response.status_code == 303
    home = client.get("/me/").get_data(as_text=True)
    assert "Hello Robin!" in home
    assert iro.name in home and "01234 567 890" in home
    assert iro.email not in home  # the child is 10: a child under 12 is never asked to email anyone


def test_pin_mistakes_get_kind_messages(client, child_with_link):
    _, token = child_with_link
    client.get(f"/c/{token}")
    page = post_form(client, "/me/secret/pin", {"pin": "12a4", "confirm": "12a4"}).get_data(as_text=True)
    assert "There is a problem" in page and "exactly 4 numbers" in page
    page = post_form(client, "/me/secret/pin", {"pin": "1111", "confirm": "1111"}).get_data(as_text=True)
    assert "easy to guess" in page
    page = post_form(client, "/me/secret/pin", {"pin": "2468", "confirm": "8642"}).get_data(as_text=True)
    assert "not the same" in page


def test_the_pin_is_hashed(app, client, child_with_link):
    child, token = child_with_link
    open_child_space(client, token, pin="2468")
    with app.app_context():
        stored = db.session.get(Child, child.id)
        assert stored.secret_kind == "pin"
        assert stored.secret_hash.startswith("$argon2id$") and "2468" not in stored.secret_hash


def test_returning_child_gives_pin_to_get_in(app, child_with_link):
    _, token = child_with_link
    open_child_space(app.test_client(), token, pin="2468")
    later = app.test_client()
    later.get(f"/c/{token}")
    page = later.get("/me/secret").get_data(as_text=True)
    # Whoever holds the link is not told whose space it is before the PIN is given.
    assert "Welcome back!" in page and "Robin" not in page
    wrong = post_form(later, "/me/secret", {"pin": "9999"})
    assert wrong.status_code == 401
    assert "4 more tries" in wrong.get_data(as_text=True)
    right = post_form(later, "/me/secret", {"pin": "2468"})
    assert right.status_code == 303
    assert later.get("/me/").status_code == 200


def test_five_wrong_pins_pause_the_space_and_tell_the_iro(app, child_with_link, iro):
    child, token = child_with_link
    open_child_space(app.test_client(), token, pin="2468")
    guesser = app.test_client()
    guesser.get(f"/c/{token}")
    csrf = csrf_from(guesser.get("/me/secret").get_data(as_text=True))
    statuses = [guesser.post("/me/secret", data={"pin": f"135{n}", "csrf_token": csrf}).status_code for n in range(5)]
    assert statuses == [401, 401, 401, 401, 429]
    # Even the right PIN waits now.
    paused = guesser.post("/me/secret", data={"pin": "2468", "csrf_token": csrf})
    assert paused.status_code == 429
    assert "paused" in paused.get_data(as_text=True)
    assert guesser.get("/me/").status_code == 302
    with app.app_context():
        mail = db.session.scalars(select(OutboxMessage)).all()
        assert [message.recipient for message in mail] == [iro.email]
        assert "Robin" not in mail[0].body  # the email names no child
        assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "child.secret_locked")) is not None
        stored = db.session.get(Child, child.id)
        stored.secret_locked_until -= timedelta(minutes=16)
        db.session.commit()
    assert guesser.post("/me/secret", data={"pin": "2468", "csrf_token": csrf}).status_code == 303


def test_iro_can_reset_the_secret(app, child_with_link, iro_client):
    child, token = child_with_link
    child_client = app.test_client()
    open_child_space(child_client, token, pin="2468")
    response = post_form(
        iro_client, f"/staff/children/{child.id}/secret/reset", form_page=f"/staff/children/{child.id}"
    )
    assert response.status_code == 302
    # The open session ended, and next time the child chooses again.
    assert child_client.get("/me/").status_code == 302
    child_client.get(f"/c/{token}")
    assert "Choose 4 numbers" in child_client.get("/me/secret").get_data(as_text=True)


def test_younger_children_can_choose_three_pictures(app, iro):
    _, token = make_child_with_link(app, iro, age=7, preferred_name="Mo")
    client = app.test_client()
    client.get(f"/c/{token}")
    missing = post_form(client, "/me/secret/pictures", {"first": "cat", "second": "sun"})
    assert "Choose your third picture" in missing.get_data(as_text=True)
    assert 'value="cat" checked' in missing.get_data(as_text=True)  # kept what was chosen
    assert (
        post_form(client, "/me/secret/pictures", {"first": "cat", "second": "sun", "third": "fish"}).status_code == 303
    )
    later = app.test_client()
    later.get(f"/c/{token}")
    assert post_form(later, "/me/secret", {"first": "sun", "second": "cat", "third": "fish"}).status_code == 401
    assert post_form(later, "/me/secret", {"first": "cat", "second": "sun", "third": "fish"}).status_code == 303


def test_older_children_use_a_pin(app, iro):
    _, token = make_child_with_link(app, iro, age=15, preferred_name="Kai")
    client = app.test_client()
    client.get(f"/c/{token}")
    assert "Choose 3 pictures" not in client.get("/me/secret").get_data(as_text=True)
    assert client.get("/me/secret/pictures").headers["Location"].endswith("/me/secret/pin")


def test_quick_exit_ends_the_session_and_leaves_for_a_neutral_site(app, client, child_with_link):
    _, token = child_with_link
    open_child_space(client, token)
    with client.session_transaction() as session:
        stolen = dict(session)
    response = client.get("/exit")
    assert response.status_code == 303
    assert response.headers["Location"] == "https://www.bbc.co.uk/weather"
    after = client.get("/me/")
    assert after.status_code == 302 and "/me/closed" in after.headers["Location"]
    replay = app.test_client()
    with replay.session_transaction() as session:
        session.update(stolen)
    assert replay.get("/me/").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(AuthSession.ended_reason).where(AuthSession.verified.is_(True))) == "quick_exit"


def test_every_child_page_has_the_quick_exit(app, client, child_with_link):
    _, token = child_with_link
    client.get(f"/c/{token}")

    def assert_exit_on(path):
        response = client.get(path)
        assert response.status_code == 200, path
        html = response.get_data(as_text=True)
        assert 'href="/exit"' in html and "Exit this page" in html, path

    assert_exit_on("/me/secret")
    assert_exit_on("/me/secret/pin")
    assert_exit_on("/me/secret/pictures")
    post_form(client, "/me/secret/pin", {"pin": "2468", "confirm": "2468"})
    assert_exit_on("/me/")
    assert_exit_on("/me/closed")


def test_a_new_link_stops_the_old_one_and_ends_open_sessions(app, client, child_with_link):
    child, token = child_with_link
    open_child_space(client, token)
    with app.app_context():
        children.issue_link(db.session.get(Child, child.id), None)
        db.session.commit()
    assert client.get("/me/").status_code == 302
    assert app.test_client().get(f"/c/{token}").status_code == 404


def test_idle_child_sessions_close_after_20_minutes(app, client, child_with_link):
    _, token = child_with_link
    open_child_space(client, token)
    idle_all_sessions(app, minutes=21)
    response = client.get("/me/")
    assert response.status_code == 302
    closed = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "closed by itself" in closed
    assert "Hello Robin" not in closed


def test_child_pages_are_never_cached(client, child_with_link):
    _, token = child_with_link
    open_child_space(client, token)
    response = client.get("/me/")
    assert response.headers["Cache-Control"] == "no-store"


def test_a_pin_typed_with_arabic_digits_is_the_same_pin(app, child_with_link):
    _, token = child_with_link
    open_child_space(app.test_client(), token, pin="٢٤٦٨")
    later = app.test_client()
    later.get(f"/c/{token}")
    assert post_form(later, "/me/secret", {"pin": "2468"}).status_code == 303
    persian = app.test_client()
    persian.get(f"/c/{token}")
    assert post_form(persian, "/me/secret", {"pin": "۲۴۶۸"}).status_code == 303
