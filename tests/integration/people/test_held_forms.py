"""After an idle time-out nothing changes without the child's PIN: a form posted from a page left open is
held, exactly as typed, and nothing is stored, emptied, overwritten or sent in the child's name until the
child gives their PIN again and chooses to carry on with it. "I don't feel safe" is the one exception."""

from __future__ import annotations

import re

from sqlalchemy import func, select

from participation.consultation.models import ConsultationAnswer
from participation.extensions import db
from participation.people.models import HeldSubmission
from participation.platform.models import OutboxMessage
from participation.statements.models import Statement, StatementAddition
from tests.conftest import csrf_from, idle_all_sessions, post_form, send_page, start

WORRIES = "I miss my brother"


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _answers(app) -> dict[str, str | None]:
    with app.app_context():
        return {row.key: row.text or row.value for row in db.session.scalars(select(ConsultationAnswer))}


def _give_pin_again(client, token: str):
    client.get(f"/c/{token}")
    return post_form(client, "/me/secret", {"pin": "2468"})


def test_answers_and_a_message_posted_after_a_time_out_change_nothing_until_the_pin(app, make_child_session):
    client, _, token = make_child_session(age=10)
    start(client)
    send_page(client, "worries", {"worries": "The first thing I said"})
    page = client.get("/me/review/q/worries").get_data(as_text=True)
    problem = client.get("/me/statements/new/problem").get_data(as_text=True)
    idle_all_sessions(app, minutes=45)  # the phone was left open; someone else picks it up
    mail_before = _count(app, OutboxMessage)

    # Emptying the answer, overwriting it, and sending a message in the child's name: all held.
    emptied = client.post("/me/review/q/worries", data={"csrf_token": csrf_from(page), "worries": ""})
    overwritten = client.post("/me/review/q/worries", data={"csrf_token": csrf_from(page), "worries": WORRIES})
    sent = client.post(
        "/me/statements/new/problem",
        data={
            "csrf_token": csrf_from(problem),
            "words": "Nobody came to take me to contact",
            "to": ["iro"],
            "resolution": "formal",
            "form_token": re.search(r'name="form_token" value="([^"]+)"', problem).group(1),
        },
    )
    for response in (emptied, overwritten, sent):
        assert response.status_code == 303 and response.headers["Location"] == "/me/closed?held=1"
    assert "nothing has been sent or changed" in client.get("/me/closed?held=1").get_data(as_text=True)
    assert _answers(app)["worries"] == "The first thing I said"
    assert _count(app, Statement) == 0 and _count(app, OutboxMessage) == mail_before
    assert _count(app, HeldSubmission) == 3
    assert client.get("/me/review/q/worries").headers["Location"].startswith("/me/closed")

    # With the PIN, the child sees what was held, first.
    response = _give_pin_again(client, token)
    assert response.headers["Location"] == "/me/held"
    held_page = client.get("/me/held").get_data(as_text=True)
    assert held_page.count("Look at it and carry on") == 3
    held_ids = re.findall(r'name="held" value="(\d+)"', held_page)

    # Carry on with the page: it opens filled in; only pressing Continue saves it.
    carry = post_form(client, "/me/held", {"held": held_ids[1], "action": "carry_on"})
    step = client.get(carry.headers["Location"]).get_data(as_text=True)
    assert f">{WORRIES}</textarea>" in step
    assert _answers(app)["worries"] == "The first thing I said"
    client.post(
        carry.headers["Location"],
        data={"csrf_token": csrf_from(step), "worries": WORRIES, "held": held_ids[1], "action": "continue"},
    )
    assert _answers(app)["worries"] == WORRIES

    # Throw the others away: nothing was ever sent.
    post_form(client, "/me/held", {"held": held_ids[0], "action": "throw_away"})
    post_form(client, "/me/held", {"held": held_ids[2], "action": "throw_away"})
    assert _count(app, HeldSubmission) == 0 and _count(app, Statement) == 0
    assert client.get("/me/held").headers["Location"] == "/me/"


def test_a_held_message_is_sent_only_when_the_child_sends_it(app, make_child_session):
    client, _, token = make_child_session()
    problem = client.get("/me/statements/new/good-news").get_data(as_text=True)
    idle_all_sessions(app, minutes=45)
    client.post(
        "/me/statements/new/good-news",
        data={
            "csrf_token": csrf_from(problem),
            "words": "I got a part in the play",
            "to": ["iro"],
            "form_token": re.search(r'name="form_token" value="([^"]+)"', problem).group(1),
        },
    )
    _give_pin_again(client, token)
    held_id = re.search(r'name="held" value="(\d+)"', client.get("/me/held").get_data(as_text=True)).group(1)
    form_url = post_form(client, "/me/held", {"held": held_id, "action": "carry_on"}).headers["Location"]
    form = client.get(form_url).get_data(as_text=True)
    assert ">I got a part in the play</textarea>" in form and 'value="iro" checked' in form
    assert _count(app, Statement) == 0
    data = {
        "csrf_token": csrf_from(form),
        "words": "I got a part in the play",
        "to": ["iro"],
        "held": held_id,
        "form_token": re.search(r'name="form_token" value="([^"]+)"', form).group(1),
    }
    assert client.post("/me/statements/new/good-news", data=data).status_code == 303
    assert _count(app, Statement) == 1 and _count(app, HeldSubmission) == 0


def test_i_dont_feel_safe_always_works_and_saying_more_is_kept_marked_without_the_pin(app, make_child_session):
    client, _, _ = make_child_session()
    home = client.get("/me/").get_data(as_text=True)
    idle_all_sessions(app, minutes=45)
    response = client.post("/me/not-safe", data={"csrf_token": csrf_from(home)})
    assert response.status_code == 200 and "0800 1111" in response.get_data(as_text=True)
    assert "Robin" not in response.get_data(as_text=True)
    with app.app_context():
        alert = db.session.scalars(select(Statement)).one()
        assert alert.kind == "unsafe"
        alert_id = alert.id
    response = client.post(
        f"/me/not-safe/{alert_id}", data={"csrf_token": csrf_from(home), "words": "Help", "form_token": "t" * 43}
    )
    assert response.headers["Location"] == "/me/closed?saved=1"
    with app.app_context():
        addition = db.session.scalars(select(StatementAddition)).one()
        assert addition.words == "Help" and addition.without_pin


def test_held_forms_are_only_ever_the_childs_own(app, make_child_session):
    first, _, token = make_child_session()
    page = first.get("/me/statements/new/good-news").get_data(as_text=True)
    idle_all_sessions(app, minutes=45)
    first.post("/me/statements/new/good-news", data={"csrf_token": csrf_from(page), "words": "Secret"})
    with app.app_context():
        held_id = db.session.scalars(select(HeldSubmission.id)).one()
    second, _, _ = make_child_session()
    assert "Secret" not in second.get(f"/me/statements/new/good-news?held={held_id}").get_data(as_text=True)
    response = post_form(second, "/me/held", {"held": held_id, "action": "throw_away"}, form_page="/me/")
    assert response.status_code == 404
    assert _count(app, HeldSubmission) == 1
