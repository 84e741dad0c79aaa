"""A child who does not feel safe: help on screen at once, never waiting on the mail server; an urgent item
for every adult on their record and an alert to the duty team, in the outbox when the page answers; whatever
the child adds is kept, in order; and staff see everything they need to act, on every page, until someone
acknowledges it."""

from __future__ import annotations

from sqlalchemy import func, select

from participation.extensions import db
from participation.people.models import Role
from participation.statements.models import Statement, StatementAddition
from tests.conftest import (
    csrf_from,
    login,
    make_staff,
    only_statement,
    post_form,
    queued_mail,
)

HELP_NUMBERS = ("999", "0800 1111", "0300 123 4567")


def tap_not_safe(client):
    """Press "I don't feel safe" in the bar at the top of a child page."""
    page = client.get("/me/").get_data(as_text=True)
    assert "I don&#39;t feel safe" in page or "I don't feel safe" in page
    return client.post("/me/not-safe", data={"csrf_token": csrf_from(page)})


def say_more(client, url: str, words: str):
    """Write in the "tell us more" box on the help page and send it."""
    page = client.get(url).get_data(as_text=True)
    token = page.split('name="form_token" value="')[1].split('"')[0]
    return client.post(url, data={"csrf_token": csrf_from(page), "form_token": token, "words": words})


def test_one_tap_shows_help_and_queues_the_alert_for_every_adult_and_the_duty_team(app, make_child_session, iro):
    with app.app_context():
        worker = make_staff(Role.SOCIAL_WORKER, email="jordan@example.org", name="Jordan Blake", phone="0777 000")
    client, child, _ = make_child_session(
        age=14, case_reference="CR-1001", team_manager_name="Tess Manager", team_manager_email="tess@example.org"
    )
    response = tap_not_safe(client)
    assert response.status_code == 303
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    for number in HELP_NUMBERS:
        assert number in html
    assert "your IRO (Ida Iro)" in html and "your social worker (Jordan Blake)" in html
    assert "the council&#39;s duty team" in html

    statement = only_statement(app)
    assert (statement.kind, statement.urgent, statement.source, statement.tracked) == ("unsafe", True, "button", True)
    assert sorted(r.role for r in statement.recipients) == ["iro", "social_worker", "team_manager"]
    messages = queued_mail(app)
    # The team manager has no account here, so the participation team is told to pass it on.
    assert sorted(m.recipient for m in messages) == sorted(
        [iro.email, worker.email, app.config["DUTY_TEAM_EMAIL"], app.config["PARTICIPATION_TEAM_EMAIL"]]
    )
    # In the outbox, urgent, for the sender to deliver: the page never waited for a mail server.
    assert all(m.urgent and m.sent_at is None and m.attempts == 0 for m in messages)
    duty = next(m for m in messages if m.recipient == app.config["DUTY_TEAM_EMAIL"])
    assert "CR-1001" in duty.body and child.preferred_name not in duty.body
    for contact in (iro.name, iro.email, "01234 567 890", "Jordan Blake", "0777 000", "tess@example.org"):
        assert contact in duty.body


def test_tapping_again_joins_the_open_alert(app, make_child_session):
    client, _, _ = make_child_session()
    first = tap_not_safe(client).headers["Location"]
    queued = len(queued_mail(app))
    assert tap_not_safe(client).headers["Location"] == first
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 1
    assert len(queued_mail(app)) == queued


def test_saying_more_keeps_every_addition_in_order_and_never_puts_words_in_email(app, make_child_session, iro):
    client, _, _ = make_child_session()
    url = tap_not_safe(client).headers["Location"]
    first, second = "Someone at home shouts at me at night", "Now they have taken my phone charger"
    assert say_more(client, url, first).status_code == 303
    assert say_more(client, url, second).status_code == 303
    with app.app_context():
        additions = db.session.scalars(select(StatementAddition).order_by(StatementAddition.id)).all()
        assert [a.words for a in additions] == [first, second]
        assert all(a.words_language == "en" and not a.without_pin for a in additions)
    page = client.get(url).get_data(as_text=True)
    assert first in page and second in page
    # The adults were told there is more (once each while that email waits), never what it says.
    mail = queued_mail(app)
    assert all("shouts" not in m.body and "charger" not in m.body for m in mail)
    more = [m for m in mail if "has said more" in m.subject]
    assert sorted(m.recipient for m in more) == sorted([iro.email, app.config["DUTY_TEAM_EMAIL"]])
    iro_client = app.test_client()
    login(iro_client, iro.email)
    staff_page = iro_client.get(f"/staff/statements/{only_statement(app).id}").get_data(as_text=True)
    assert staff_page.index(first) < staff_page.index(second)


def test_a_double_tap_on_send_adds_it_once(app, make_child_session):
    client, _, _ = make_child_session()
    url = tap_not_safe(client).headers["Location"]
    page = client.get(url).get_data(as_text=True)
    data = {
        "csrf_token": csrf_from(page),
        "form_token": page.split('name="form_token" value="')[1].split('"')[0],
        "words": "Please come",
    }
    assert client.post(url, data=data).status_code == 303
    assert client.post(url, data=data).status_code == 303
    with app.app_context():
        assert db.session.scalar(select(func.count(StatementAddition.id))) == 1


def test_help_is_one_tap_away_even_before_the_pin(app, child_with_link):
    _, token = child_with_link
    client = app.test_client()
    client.get(f"/c/{token}")
    page = client.get("/me/secret").get_data(as_text=True)
    assert 'href="/help"' in page
    html = client.get("/help").get_data(as_text=True)
    for number in HELP_NUMBERS:
        assert number in html
    assert app.test_client().get("/help").status_code == 200
    with app.app_context():
        assert db.session.scalar(select(func.count(Statement.id))) == 0


def test_every_staff_page_names_the_child_until_someone_acknowledges(app, make_child_session, iro):
    client, _, _ = make_child_session(case_reference="CR-9")
    tap_not_safe(client)
    iro_client = app.test_client()
    login(iro_client, iro.email)
    for page in ("/staff/caseload", "/staff/reviews/upcoming", "/staff/my-feedback", "/staff/password"):
        html = iro_client.get(page).get_data(as_text=True)
        assert "Robin does not feel safe" in html, page
    statement_id = only_statement(app).id
    alert = iro_client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    # Everything needed to act: who to call, the duty team, the out-of-hours number, the case reference.
    for detail in (
        iro.name,
        "01234 567 890",
        iro.email,
        "Jordan Blake",
        app.config["DUTY_TEAM_EMAIL"],
        app.config["OUT_OF_HOURS_PHONE"],
        "CR-9",
        "Acknowledge it by",
    ):
        assert detail in alert, detail
    # The list of statements puts it first.
    listed = iro_client.get("/staff/statements?show=all").get_data(as_text=True)
    assert listed.index(f"/staff/statements/{statement_id}") < listed.index("</tbody>")
    post_form(
        iro_client, f"/staff/statements/{statement_id}/acknowledge", form_page=f"/staff/statements/{statement_id}"
    )
    assert "does not feel safe" not in iro_client.get("/staff/caseload").get_data(as_text=True)


def test_an_urgent_alert_is_due_in_hours_not_working_days(app, make_child_session):
    client, _, _ = make_child_session()
    tap_not_safe(client)
    statement = only_statement(app)
    hours = app.config["URGENT_ACKNOWLEDGE_HOURS"]
    assert round((statement.acknowledge_due_at - statement.created_at).total_seconds() / 3600) == hours


def test_the_iro_caseload_shows_unopened_and_urgent_messages(app, make_child_session, iro):
    client, _, _ = make_child_session()
    tap_not_safe(client)
    iro_client = app.test_client()
    login(iro_client, iro.email)
    html = iro_client.get("/staff/caseload").get_data(as_text=True)
    assert "1 message from a child you have not opened" in html and "(1 urgent)" in html
    iro_client.get(f"/staff/statements/{only_statement(app).id}")
    assert "you have not opened" not in iro_client.get("/staff/caseload").get_data(as_text=True)
