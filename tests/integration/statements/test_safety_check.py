"""An answer of "scared" asks first: "Do you feel safe right now?" Each choice says beforehand what it does:
No raises the urgent alert; "safe but I want to talk to someone" sends a tracked item to the IRO due the next
working day; "I'm OK" does nothing more. Staff see where it came from: the question, the answer, and the
child's words on that page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from participation.extensions import db
from participation.platform.clock import today
from participation.platform.working_days import add_working_days
from participation.statements.models import Statement
from tests.conftest import csrf_from, login, only_statement, send_page, send_statement, start

WORRIED = "I have my Home Office interview next week and I keep thinking about it"


def _statements(app) -> list[Statement]:
    with app.app_context():
        rows = db.session.scalars(select(Statement).order_by(Statement.id)).all()
        for row in rows:
            row.recipients  # noqa: B018  (load before the session closes)
        return rows


def answer_check(client, url: str, choice: str | None):
    page = client.get(url).get_data(as_text=True)
    data = {"csrf_token": csrf_from(page)}
    for name in ("source", "step", "id", "carry_on"):
        marker = f'name="{name}" value="'
        if marker in page:
            data[name] = page.split(marker)[1].split('"')[0]
    if choice:
        data["safe"] = choice
    return client.post(url.split("?")[0], data=data)


@pytest.fixture
def scared_in_consultation(make_child_session):
    """A 14-year-old answers "Scared" on the first page of the older questions and writes about a worry."""
    client, child, _ = make_child_session(age=14)
    start(client)
    response = send_page(client, "feeling", {"feeling": "3", "mood": "scared", "worries": WORRIED})
    assert response.status_code == 303
    return client, response.headers["Location"]


def test_scared_asks_first_and_says_what_each_answer_does(app, scared_in_consultation, iro):
    client, url = scared_in_consultation
    assert url.startswith("/me/safe-check?source=consultation&step=feeling")
    page = client.get(url).get_data(as_text=True)
    assert "Do you feel safe right now?" in page and "You told us you feel: Scared" in page
    assert "We will tell your IRO (Ida Iro), your social worker (Jordan Blake)" in page
    assert "the council&#39;s duty team straight away" in page
    with app.app_context():
        due = add_working_days(today(), 1)
    assert f"get in touch with you by {due.strftime('%A')} {due.day} {due.strftime('%B %Y')}" in page  # British
    assert "Nothing else happens" in page
    assert _statements(app) == []  # nothing raised until the child answers


def test_not_safe_raises_the_urgent_alert_with_where_it_came_from(app, scared_in_consultation, iro):
    client, url = scared_in_consultation
    response = answer_check(client, url, "no")
    assert "/me/not-safe/" in response.headers["Location"] and "carry_on=home" in response.headers["Location"]
    [alert] = _statements(app)
    assert (alert.kind, alert.urgent, alert.source) == ("unsafe", True, "consultation")
    assert (alert.source_question, alert.source_answer) == ("mood", "scared")
    iro_client = app.test_client()
    login(iro_client, iro.email)
    page = iro_client.get(f"/staff/statements/{alert.id}").get_data(as_text=True)
    assert "How are you feeling?" in page and "They answered: Scared" in page and WORRIED in page
    assert "they answered: No" in page


def test_safe_but_wants_to_talk_is_a_tracked_item_for_the_iro_due_the_next_working_day(
    app, scared_in_consultation, iro
):
    client, url = scared_in_consultation
    response = answer_check(client, url, "talk")
    assert response.headers["Location"] == "/me/review/q/home"
    [item] = _statements(app)
    assert (item.kind, item.urgent, item.tracked) == ("talk", False, True)
    assert [r.role for r in item.recipients] == ["iro"]
    with app.app_context():
        assert item.acknowledge_by == add_working_days(today(), 1)
    assert item.source_answer == "scared" and WORRIED in item.source_words


def test_im_ok_does_nothing_more(app, scared_in_consultation):
    client, url = scared_in_consultation
    response = answer_check(client, url, "ok")
    assert response.headers["Location"] == "/me/review/q/home"
    assert _statements(app) == []


def test_no_answer_is_asked_again_kindly(app, scared_in_consultation):
    client, url = scared_in_consultation
    response = answer_check(client, url, None)
    assert response.status_code == 400 and "Choose one of the answers" in response.get_data(as_text=True)
    assert _statements(app) == []


def test_the_same_answer_saved_again_does_not_ask_again(app, scared_in_consultation):
    client, _url = scared_in_consultation
    again = send_page(client, "feeling", {"feeling": "3", "mood": "scared", "worries": WORRIED})
    assert "safe-check" not in again.headers["Location"]


def test_scared_after_a_worker_visit_asks_too(app, make_child_session):
    client, _, _ = make_child_session()
    response = send_statement(
        client, "worker-visit", {"rating": "1", "mood": "scared", "more_words": "Talk to me alone", "to": ["iro"]}
    )
    assert response.headers["Location"].startswith("/me/safe-check?source=statement&id=")
    answer_check(client, response.headers["Location"], "no")
    visit, alert = _statements(app)
    assert (visit.kind, alert.kind, alert.source) == ("worker_visit", "unsafe", "worker_visit")
    assert "Talk to me alone" in alert.source_words


def test_the_check_cannot_be_pointed_at_someone_elses_statement(app, make_child_session):
    first, _, _ = make_child_session()
    send_statement(first, "worker-visit", {"rating": "2", "mood": "scared", "to": ["iro"]})
    statement_id = only_statement(app).id
    second, _, _ = make_child_session()
    assert second.get(f"/me/safe-check?source=statement&id={statement_id}").status_code == 404
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 1
