"""The agenda builder: suggested agenda, own items (a double tap adds once), reorder, lead, remove."""

from __future__ import annotations

import html
import re

from sqlalchemy import select

from participation.consultation.models import AgendaItem
from participation.extensions import db
from tests.conftest import csrf_from, post_form, send_page, start


def agenda_titles(client) -> list[str]:
    page = client.get("/me/review/agenda").get_data(as_text=True)
    return [html.unescape(title.strip()) for title in re.findall(r'<p class="agenda-title"[^>]*>([^<]+)</p>', page)]


def item_ids(app) -> list[int]:
    with app.app_context():
        return list(db.session.scalars(select(AgendaItem.id).order_by(AgendaItem.position)))


def chairing_child(make_child_session):
    client, child, token = make_child_session(age=15)
    start(client)
    assert send_page(client, "chair", {"chair": "co_chair"}).headers["Location"] == "/me/review/agenda"
    return client


def test_the_suggested_agenda_fills_an_empty_agenda_once(app, make_child_session):
    client = chairing_child(make_child_session)
    assert "Start from the suggested agenda" in client.get("/me/review/agenda").get_data(as_text=True)
    post_form(client, "/me/review/agenda/suggested", form_page="/me/review/agenda")
    post_form(client, "/me/review/agenda/suggested", form_page="/me/review/agenda")
    titles = agenda_titles(client)
    assert titles[0] == "Welcome and who's here" and titles[-1] == "Date of the next review"
    assert len(titles) == 9


def test_an_own_item_is_added_once_however_many_taps(app, make_child_session):
    client = chairing_child(make_child_session)
    page = client.get("/me/review/agenda").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    data = {"csrf_token": csrf_from(page), "form_token": token, "item": "My phone at night", "lead": "me"}
    client.post("/me/review/agenda/add", data=data)
    client.post("/me/review/agenda/add", data=data)
    assert agenda_titles(client) == ["My phone at night"]


def test_an_empty_item_gets_a_kind_message(app, make_child_session):
    client = chairing_child(make_child_session)
    page = client.get("/me/review/agenda").get_data(as_text=True)
    token = re.search(r'name="form_token" value="([^"]+)"', page).group(1)
    response = client.post(
        "/me/review/agenda/add", data={"csrf_token": csrf_from(page), "form_token": token, "item": ""}
    )
    assert response.status_code == 400
    assert "Write what you want to talk about" in response.get_data(as_text=True)


def test_items_move_up_and_down_change_lead_and_can_be_removed(app, make_child_session):
    client = chairing_child(make_child_session)
    post_form(client, "/me/review/agenda/suggested", form_page="/me/review/agenda")
    welcome, good_news, home = item_ids(app)[:3]

    post_form(client, f"/me/review/agenda/{good_news}/move", {"direction": "up"}, form_page="/me/review/agenda")
    assert agenda_titles(client)[:2] == ["Good news", "Welcome and who's here"]
    post_form(client, f"/me/review/agenda/{good_news}/move", {"direction": "down"}, form_page="/me/review/agenda")
    post_form(client, f"/me/review/agenda/{good_news}/move", {"direction": "down"}, form_page="/me/review/agenda")
    assert agenda_titles(client)[:3] == ["Welcome and who's here", "Home", "Good news"]
    # The first item cannot move further up.
    post_form(client, f"/me/review/agenda/{welcome}/move", {"direction": "up"}, form_page="/me/review/agenda")
    assert agenda_titles(client)[0] == "Welcome and who's here"

    post_form(client, f"/me/review/agenda/{home}/lead", {"lead": "me"}, form_page="/me/review/agenda")
    page = client.get("/me/review/agenda").get_data(as_text=True)
    home_block = page.split(f'id="item-{home}"')[1].split("</li>")[0]
    assert "Led by: Me" in home_block and "Let my IRO lead this" in home_block

    post_form(client, f"/me/review/agenda/{home}/remove", form_page="/me/review/agenda")
    assert "Home" not in agenda_titles(client)
    assert len(agenda_titles(client)) == 8


def test_a_child_cannot_touch_another_childs_agenda_items(app, make_child_session):
    first = chairing_child(make_child_session)
    post_form(first, "/me/review/agenda/suggested", form_page="/me/review/agenda")
    theirs = item_ids(app)[0]
    second = chairing_child(make_child_session)
    response = post_form(second, f"/me/review/agenda/{theirs}/remove", form_page="/me/review/agenda")
    assert response.status_code == 404
    assert len(item_ids(app)) == 9


def test_the_print_page_shows_the_agenda_in_large_text(app, make_child_session):
    client = chairing_child(make_child_session)
    post_form(client, "/me/review/agenda/suggested", form_page="/me/review/agenda")
    page = client.get("/me/review/agenda/print").get_data(as_text=True)
    assert 'class="agenda agenda--large"' in page and "Date of the next review" in page
    assert "Tips for running your review" in client.get("/me/review/chairing-tips").get_data(as_text=True)
