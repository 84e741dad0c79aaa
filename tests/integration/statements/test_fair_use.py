"""Fair use of one child's space: generous for a child, tight for a script. Past the limit the child is told
kindly to wait, keeps what they typed, and nothing is stored or emailed; "I don't feel safe" and an answer of
"scared" are never held back. (The limits are small here; tests/live/ shows them holding under a flood.)"""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation import create_app
from participation.consultation.models import ConsultationAddition
from participation.extensions import db
from participation.statements.kinds import UNSAFE
from participation.statements.models import Statement, StatementAddition
from tests.conftest import (
    csrf_from,
    make_child_with_link,
    open_child_space,
    post_form,
    queued_mail,
    schedule_review,
    send_page,
    send_statement,
    start,
)

TOO_MUCH = "You have sent a lot in a short time. Please wait a few minutes, then send this again."


@pytest.fixture
def limited(app, app_config):
    """The app with small fair-use limits: 3 statements an hour, 5 a day, 2 additions an hour."""
    return create_app(
        {
            **app_config,
            "CHILD_STATEMENTS_PER_HOUR": 3,
            "CHILD_STATEMENTS_PER_DAY": 5,
            "CHILD_ADDITIONS_PER_HOUR": 2,
        }
    )


@pytest.fixture
def child_client(limited, iro):
    """A 12-year-old in their space, with a review coming, on the limited app."""
    child, token = make_child_with_link(limited, iro, age=12)
    schedule_review(limited, child, iro)
    client = limited.test_client()
    open_child_space(client, token)
    return client


def count(app, model, *where) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model).where(*where))


def age_everything(app, by: timedelta) -> None:
    """Make everything the child sent look ``by`` older (their session stays fresh)."""
    with app.app_context():
        for statement in db.session.scalars(select(Statement)):
            statement.created_at -= by
        db.session.commit()


def good_news(client, words: str, **kwargs):
    return send_statement(client, "good-news", {"words": words, "to": ["iro"]}, **kwargs)


def test_past_the_hourly_limit_the_child_is_asked_to_wait_and_keeps_their_words(limited, child_client):
    for number in range(3):
        assert good_news(child_client, f"News {number}").status_code == 303
    mail_before = len(queued_mail(limited))
    refused = good_news(child_client, "I won the <spelling> prize")
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert TOO_MUCH in html
    assert "I won the &lt;spelling&gt; prize</textarea>" in html  # kept in the box, exactly
    assert count(limited, Statement) == 3 and len(queued_mail(limited)) == mail_before
    age_everything(limited, timedelta(minutes=61))  # an hour later
    assert good_news(child_client, "I won the spelling prize").status_code == 303


def test_the_daily_limit_holds_across_hours(limited, child_client):
    for hour in range(3):
        for number in range(2):
            good_news(child_client, f"News {hour}.{number}")
        age_everything(limited, timedelta(minutes=61))
    assert count(limited, Statement) == 5
    assert good_news(child_client, "One more").status_code == 429
    age_everything(limited, timedelta(hours=22))
    assert good_news(child_client, "A new day").status_code == 303


def test_a_second_tap_of_the_last_allowed_statement_is_not_refused(limited, child_client):
    for number in range(2):
        good_news(child_client, f"News {number}")
    page = child_client.get("/me/statements/new/good-news").get_data(as_text=True)
    token = page.split('name="form_token" value="')[1].split('"')[0]
    first = good_news(child_client, "The third", token=token)
    second = good_news(child_client, "The third", token=token)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(limited, Statement) == 3


def test_not_feeling_safe_is_never_held_back(limited, child_client):
    for number in range(3):
        good_news(child_client, f"News {number}")
    scared = send_statement(child_client, "worker-visit", {"rating": "1", "mood": "scared", "to": ["iro"]})
    assert scared.status_code == 303 and "/me/safe-check" in scared.headers["Location"]
    page = child_client.get("/me/").get_data(as_text=True)
    tapped = child_client.post("/me/not-safe", data={"csrf_token": csrf_from(page)})
    assert tapped.status_code == 303
    assert count(limited, Statement, Statement.kind == UNSAFE) == 1


def test_saying_more_past_the_limit_keeps_the_words_and_the_help(limited, child_client):
    page = child_client.get("/me/").get_data(as_text=True)
    help_page = child_client.post("/me/not-safe", data={"csrf_token": csrf_from(page)}).headers["Location"]
    for words in ("He came back", "He is shouting"):
        assert post_form(child_client, help_page, {"words": words, "form_token": words * 4}).status_code == 303
    refused = post_form(child_client, help_page, {"words": "I am in my room now", "form_token": "x" * 30})
    assert refused.status_code == 429
    html = refused.get_data(as_text=True)
    assert TOO_MUCH in html and "I am in my room now" in html
    assert "0800 1111" in html and "999" in html  # the numbers are still there
    assert count(limited, StatementAddition) == 2


def test_adding_to_a_sent_consultation_has_a_limit_too(limited, child_client):
    start(child_client)
    send_page(child_client, "feeling", {"feeling": "3"})
    post_form(child_client, "/me/review/send", form_page="/me/review/check")
    for number in range(2):
        added = post_form(
            child_client, "/me/review/add", {"addition": f"Thing {number}", "form_token": "t" * 30 + str(number)}
        )
        assert added.status_code == 303
    refused = post_form(child_client, "/me/review/add", {"addition": "And Nan", "form_token": "u" * 30})
    assert refused.status_code == 429
    assert TOO_MUCH in refused.get_data(as_text=True) and "And Nan" in refused.get_data(as_text=True)
    assert count(limited, ConsultationAddition) == 2
