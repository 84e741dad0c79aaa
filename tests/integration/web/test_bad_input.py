"""Bad input gets a clear answer, never a 5xx, and never a lost word.

Whatever a child, an adult or a script types or puts in an address, the app answers with a page that says what
happened (a 4xx with a kind message, or the page itself), and keeps words exactly as typed under its one rule
for text (`forms.text.clean`: line endings become ``\\n``, space around the whole is trimmed, NUL becomes U+FFFD).

The suite is driven by the app's own data wherever it can be, so a new field or route is covered without
editing it: the consultation's question sets, the statement forms (`statements.kinds.FORMS`), the feedback
questionnaires, the URL map (every ``<int:…>`` route) and the query values the views read (checked against the
source). The hostile values themselves live in `tests.hostile_input`. Each value is sent once per family of
fields; what was stored is read back from the database and compared character for character, then looked for,
escaped, on the pages that show it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import time, timedelta
from pathlib import Path
from urllib.parse import quote, urlencode, urlsplit

import docx
import openpyxl
import pytest
from markupsafe import escape
from sqlalchemy import select
from werkzeug.routing import UnicodeConverter
from wtforms.fields.core import UnboundField

import participation
from participation import create_app
from participation.consultation import agenda
from participation.consultation.models import AgendaItem, ConsultationAddition, ConsultationAnswer
from participation.consultation.question_sets import current_set
from participation.consultation.questions import OLDER, YOUNGER, Context
from participation.extensions import db, limiter
from participation.feedback import links
from participation.feedback.models import FeedbackAnswer, FeedbackResponse
from participation.feedback.questionnaires import LINK_LABELS, QUESTIONNAIRES, YOUNG_PERSON
from participation.figures.report import SECTIONS as REPORT_SECTIONS
from participation.forms.questions import TEXT
from participation.people import held
from participation.people.models import Child, HeldSubmission, Role, StaffUser
from participation.platform.clock import financial_year_of, today
from participation.platform.crypto import new_token
from participation.platform.models import OutboxMessage
from participation.reviews import outcomes, scheduling
from participation.reviews.models import Review
from participation.statements import intake, safety
from participation.statements.kinds import FORMS, RECIPIENTS
from participation.statements.models import Statement, StatementAddition, StatementEvent
from participation.web.child.statements import SLUGS
from participation.web.inputs import LARGEST_ID, RowIdConverter
from participation.web.staff.forms import DateRangeForm
from tests.conftest import (
    PASSWORD,
    csrf_from,
    idle_all_sessions,
    login,
    make_child,
    make_child_with_link,
    make_staff,
    open_child_space,
    post_form,
    schedule_review,
    send_page,
    staff_client,
    start,
)
from tests.hostile_input import HOSTILE, fitting, stored_form

VALUES = list(HOSTILE.items())
# Markup that must never reach a page unescaped.
LIVE_MARKUP = ("<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "<!-- hidden -->")


# --- the app and the people -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def roomy_app(_schema, app_config):
    """The app with fair-use and sign-in limits far above what this suite sends (it sends a lot on purpose)."""
    return create_app(
        {
            **app_config,
            "CHILD_STATEMENTS_PER_HOUR": 10_000,
            "CHILD_STATEMENTS_PER_DAY": 10_000,
            "CHILD_ADDITIONS_PER_HOUR": 10_000,
            "LOGIN_RATE_LIMIT": "10000 per minute",
        }
    )


@pytest.fixture
def roomy(app, roomy_app):
    """`roomy_app` over the tables the ``app`` fixture has just emptied."""
    return roomy_app


def child_space(roomy, iro, age: int = 9, **kwargs):
    """A child with a review in 10 days, signed into their space: (client, child, review id)."""
    child, token = make_child_with_link(roomy, iro, age=age, **kwargs)
    review_id = schedule_review(roomy, child, iro)
    client = roomy.test_client()
    assert open_child_space(client, token).status_code in (302, 303)
    return client, child, review_id


def token_on(client, path: str) -> str:
    """The CSRF token of the client's session, read from a page with a form."""
    return csrf_from(client.get(path).get_data(as_text=True))


def in_db(roomy, query):
    """Run ``query`` and return every row (as plain values, readable after the session closes)."""
    with roomy.app_context():
        return list(db.session.execute(query).all())


# --- what "kept" and "shown" mean ---------------------------------------------------------------


def assert_kept(rows) -> None:
    """Each (where, name, typed, stored) row stored exactly what the app's rule for text makes of ``typed``."""
    wrong = [
        f"{where} [{name}]: typed {typed!r}, stored {stored!r}, expected {stored_form(typed)!r}"
        for where, name, typed, stored in rows
        if stored != stored_form(typed)
    ]
    assert rows and not wrong, "\n".join(wrong)


def assert_shown(html: str, typed: dict[str, str], where: str) -> None:
    """Every typed value is on the page, escaped, and no hostile markup is live."""
    missing = [name for name, value in typed.items() if str(escape(stored_form(value))) not in html]
    assert not missing, f"{where} does not show {missing}"
    live = [markup for markup in LIVE_MARKUP if markup in html]
    assert not live, f"{where} has live markup: {live}"


def as_read(html: str) -> str:
    """The page with its line endings as a browser reads them (a box shown again holds the text as it was sent)."""
    return html.replace("\r\n", "\n").replace("\r", "\n")


def rotated(start_at: int, count: int) -> list[tuple[str, str]]:
    """``count`` hostile values starting at ``start_at``, going round the list."""
    return [VALUES[(start_at + offset) % len(VALUES)] for offset in range(count)]


# --- the list itself ------------------------------------------------------------------------------


def test_the_hostile_values_are_varied_and_each_keeps_something():
    assert 40 <= len(HOSTILE) <= 70
    for name, value in HOSTILE.items():
        assert stored_form(value), name  # an empty answer would store nothing, and prove nothing
        if name != "space-around":
            assert value == value.strip(), f"{name} has space around it; the app trims that"
    # The rule is really exercised: some values are changed by it, most are kept as typed.
    changed = {name: stored_form(value) for name, value in HOSTILE.items() if stored_form(value) != value}
    assert changed == {
        "nul-inside": "before\ufffdafter",
        "crlf-inside": "line one\nline two\nline three\nline four",
        "space-around": "padded on both sides",
    }


# --- the child's consultation -------------------------------------------------------------------


def text_steps(version: str, age: int) -> list[tuple[str, list[str]]]:
    """Each page of the current question set a child of ``age`` sees with no answers yet that asks for words,
    with the keys of its text questions."""
    context = Context(age=age)
    return [
        (step.slug, [question.key for question in step.questions if question.is_text])
        for step in current_set(version).steps
        if any(question.is_text for question in step.questions) and (step.when is None or step.when({}, context))
    ]


@pytest.mark.parametrize(("version", "age"), [(YOUNGER, 8), (OLDER, 16)])
def test_every_consultation_question_in_words_keeps_hostile_text_exactly(roomy, iro, version, age):
    client, child, review_id = child_space(roomy, iro, age=age)
    start(client)
    steps = text_steps(version, age)
    keys = [key for _slug, page_keys in steps for key in page_keys]
    assert len(keys) >= 10
    csrf = token_on(client, "/me/review/check")
    rounds = -(-len(VALUES) // len(keys))
    for number in range(rounds):
        typed = dict(zip(keys, rotated(number * len(keys), len(keys)), strict=True))
        for slug, page_keys in steps:
            data = {"csrf_token": csrf, "action": "continue"}
            for key in page_keys:
                data[key] = typed[key][1]
                data[f"{key}-share"] = "review"
            response = client.post(f"/me/review/q/{slug}", data=data)
            assert response.status_code == 303, (slug, response.status_code)
        stored = dict(
            in_db(
                roomy,
                select(ConsultationAnswer.key, ConsultationAnswer.text)
                .join(ConsultationAnswer.consultation)
                .where(ConsultationAnswer.consultation.has(child_id=child.id)),
            )
        )
        assert_kept([(f"round {number}, {key}", name, value, stored.get(key)) for key, (name, value) in typed.items()])
        check = client.get("/me/review/check").get_data(as_text=True)
        assert_shown(check, dict(typed.values()), "the child's check page")
    # Sent, the IRO reads the last round's words as written.
    assert post_form(client, "/me/review/send", form_page="/me/review/check").status_code == 303
    iro_page = staff_client(roomy, iro.email).get(f"/staff/reviews/{review_id}/consultation")
    assert iro_page.status_code == 200
    assert_shown(iro_page.get_data(as_text=True), dict(typed.values()), "the IRO's reading page")


def test_what_a_child_adds_after_sending_is_kept_exactly(roomy, iro):
    client, child, review_id = child_space(roomy, iro, age=13)
    start(client)
    assert post_form(client, "/me/review/send", form_page="/me/review/check").status_code == 303
    csrf = token_on(client, "/me/review/add")
    for name, value in VALUES:
        data = {"csrf_token": csrf, "form_token": new_token(), "addition": value, "addition-share": "review"}
        response = client.post("/me/review/add", data=data)
        assert response.status_code == 303, (name, response.status_code)
    stored = [text for (text,) in in_db(roomy, select(ConsultationAddition.text).order_by(ConsultationAddition.id))]
    assert_kept([("addition", name, value, text) for (name, value), text in zip(VALUES, stored, strict=True)])
    iro_page = staff_client(roomy, iro.email).get(f"/staff/reviews/{review_id}/consultation")
    assert_shown(iro_page.get_data(as_text=True), HOSTILE, "the IRO's reading page")


def chairing_child(roomy, iro):
    """A young person (15) who chose to co-chair their review, on their agenda page."""
    client, child, _ = child_space(roomy, iro, age=15)
    start(client)
    assert send_page(client, "chair", {"chair": "co_chair"}).headers["Location"] == "/me/review/agenda"
    return client, child


def test_a_chairs_own_agenda_items_are_kept_exactly(roomy, iro):
    values = list(fitting(agenda.ITEM_LIMIT).items())
    assert len(values) >= len(VALUES) - 1
    # An agenda holds at most MAX_ITEMS, so each batch goes on a different young person's agenda.
    for first in range(0, len(values), agenda.MAX_ITEMS):
        batch = values[first : first + agenda.MAX_ITEMS]
        client, child = chairing_child(roomy, iro)
        csrf = token_on(client, "/me/review/agenda")
        for name, value in batch:
            data = {"csrf_token": csrf, "form_token": new_token(), "item": value, "lead": "me"}
            response = client.post("/me/review/agenda/add", data=data)
            assert response.status_code == 303, (name, response.status_code)
        stored = in_db(
            roomy,
            select(AgendaItem.text).where(AgendaItem.consultation.has(child_id=child.id)).order_by(AgendaItem.position),
        )
        assert_kept([("agenda item", name, value, text) for (name, value), (text,) in zip(batch, stored, strict=True)])
        for page in ("/me/review/agenda", "/me/review/agenda/print"):
            assert_shown(client.get(page).get_data(as_text=True), dict(batch), page)


def test_too_many_words_get_a_kind_message_and_nothing_typed_is_lost(roomy, iro):
    client, _child = chairing_child(roomy, iro)
    slug, [key, *_others] = text_steps(OLDER, 15)[0]
    too_long = "\n".join([*HOSTILE.values()] * 3)  # past every child's box (3000 characters; 300 on the agenda)
    shown_again = str(escape(stored_form(too_long)))
    csrf = token_on(client, "/me/review/agenda")
    answers = {
        "consultation page": client.post(
            f"/me/review/q/{slug}", data={"csrf_token": csrf, key: too_long, "action": "continue"}
        ),
        "agenda item": client.post(
            "/me/review/agenda/add", data={"csrf_token": csrf, "form_token": new_token(), "item": too_long}
        ),
        "statement": client.post(
            "/me/statements/new/good-news",
            data={"csrf_token": csrf, "form_token": new_token(), "words": too_long, "to": "iro"},
        ),
    }
    for form, response in answers.items():
        html = response.get_data(as_text=True)
        assert response.status_code == 400 and "characters" in html, form
        assert shown_again in as_read(html), f"the {form} does not show what was typed again"
    # The consultation page keeps it (the child is asked to split it); nothing else was stored half-done.
    [(kept,)] = in_db(roomy, select(ConsultationAnswer.text).where(ConsultationAnswer.key == key))
    assert_kept([(key, "too long", too_long, kept)])
    assert in_db(roomy, select(AgendaItem.id)) == [] and in_db(roomy, select(Statement.id)) == []


def test_words_on_a_page_that_says_scared_reach_the_alert_exactly(roomy, iro):
    client, _child, _ = child_space(roomy, iro, age=13)
    start(client)
    # All the hostile values at once, in the three boxes of the page that asks how the child feels.
    keys = next(page_keys for slug, page_keys in text_steps(OLDER, 13) if slug == "feeling")
    typed = {key: "\n".join(value for _name, value in VALUES[index :: len(keys)]) for index, key in enumerate(keys)}
    answered = send_page(client, "feeling", {"mood": "scared", **typed})
    assert answered.status_code == 303 and "/me/safe-check" in answered.headers["Location"]
    check = answered.headers["Location"]
    csrf = token_on(client, check)
    raised = client.post(check, data={"csrf_token": csrf, "safe": "no"})
    assert raised.status_code == 303
    alert_id = int(re.search(r"/me/not-safe/(\d+)", raised.headers["Location"]).group(1))
    with roomy.app_context():
        kept = safety.context_words(db.session.get(Statement, alert_id))
    assert kept == {key: stored_form(value) for key, value in typed.items()}
    staff_page = staff_client(roomy, iro.email).get(f"/staff/statements/{alert_id}").get_data(as_text=True)
    assert_shown(staff_page, typed, "the alert's staff page")


# --- what a child raises any time -----------------------------------------------------------------


def required_choices(kind: str) -> dict:
    """The first answer of each choice a form requires, and the IRO as who should know."""
    data: dict = {}
    for question in FORMS[kind]:
        if question.kind == RECIPIENTS:
            data[question.key] = "iro"
        elif question.required and question.kind != TEXT:
            data[question.key] = question.choices[0].key
    return data


@pytest.mark.parametrize("slug", sorted(SLUGS))
def test_every_statement_form_keeps_hostile_words_exactly(roomy, iro, slug):
    kind = SLUGS[slug]
    text_keys = [question.key for question in FORMS[kind] if question.kind == TEXT]
    assert text_keys
    client, _child, _ = child_space(roomy, iro)
    csrf = token_on(client, f"/me/statements/new/{slug}")
    # The forms share the values: each goes in the first box of one form, and the next ones fill its other boxes.
    sent = []
    for index in range(sorted(SLUGS).index(slug), len(VALUES), len(SLUGS)):
        typed = dict(zip(text_keys, rotated(index, len(text_keys)), strict=True))
        data = {"csrf_token": csrf, "form_token": new_token(), **required_choices(kind)}
        data.update({key: value for key, (_name, value) in typed.items()})
        response = client.post(f"/me/statements/new/{slug}", data=data)
        assert response.status_code == 303, (typed, response.status_code)
        sent.append((int(re.search(r"/me/statements/(\d+)", response.headers["Location"]).group(1)), typed))
    with roomy.app_context():
        rows = {statement.id: statement for statement in db.session.scalars(select(Statement))}
        assert_kept(
            [
                (f"statement {statement_id} {key}", name, value, getattr(rows[statement_id], key))
                for statement_id, typed in sent
                for key, (name, value) in typed.items()
            ]
        )
    # Shown back on the child's own page and on the page of the adult it went to.
    iro_client = staff_client(roomy, iro.email)
    for statement_id, typed in sent:
        shown = dict(typed.values())
        assert_shown(client.get(f"/me/statements/{statement_id}").get_data(as_text=True), shown, "my message")
        staff_page = iro_client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
        assert_shown(staff_page, shown, "the IRO's page")


def test_saying_more_after_i_dont_feel_safe_keeps_every_word_in_order(roomy, iro):
    client, _child, _ = child_space(roomy, iro)
    csrf = token_on(client, "/me/")
    raised = client.post("/me/not-safe", data={"csrf_token": csrf})
    assert raised.status_code == 303
    help_page = raised.headers["Location"]
    alert_id = int(help_page.rsplit("/", 1)[1])
    for name, value in VALUES:
        response = client.post(help_page, data={"csrf_token": csrf, "form_token": new_token(), "words": value})
        assert response.status_code == 303, (name, response.status_code)
    stored = in_db(
        roomy,
        select(StatementAddition.words)
        .where(StatementAddition.statement_id == alert_id)
        .order_by(StatementAddition.id),
    )
    assert_kept([("said more", name, value, words) for (name, value), (words,) in zip(VALUES, stored, strict=True)])
    assert_shown(client.get(help_page).get_data(as_text=True), HOSTILE, "the help page")
    assert_shown(client.get(f"/me/statements/{alert_id}").get_data(as_text=True), HOSTILE, "my message")
    staff_page = staff_client(roomy, iro.email).get(f"/staff/statements/{alert_id}").get_data(as_text=True)
    assert_shown(staff_page, HOSTILE, "the alert's staff page")


def test_forms_held_after_a_time_out_keep_hostile_words_until_the_child_sends_them(roomy, iro):
    child, token = make_child_with_link(roomy, iro, age=10)
    schedule_review(roomy, child, iro)
    client = roomy.test_client()
    open_child_space(client, token)
    start(client)
    everything = "\n".join(HOSTILE.values())
    problem = client.get("/me/statements/new/problem").get_data(as_text=True)
    csrf = csrf_from(problem)
    idle_all_sessions(roomy, minutes=45)  # the phone was left open; the next forms are held, not used
    sent = {
        "statement": client.post(
            "/me/statements/new/problem",
            data={
                "csrf_token": csrf,
                "form_token": new_token(),
                "words": everything,
                "to": "iro",
                "resolution": "formal",
            },
        ),
        "consultation_page": client.post(
            "/me/review/q/worries", data={"csrf_token": csrf, "worries": everything, "action": "continue"}
        ),
    }
    for kind, response in sent.items():
        assert response.status_code == 303 and response.headers["Location"] == "/me/closed?held=1", kind
    with roomy.app_context():
        kept = {row.kind: held.fields_of(row) for row in db.session.scalars(select(HeldSubmission))}
    typed = everything.replace("\x00", "\ufffd")  # as every request carries it
    assert kept["statement"]["words"] == [typed] and kept["consultation_page"]["worries"] == [typed]

    # With the PIN again, each opens filled in with every word, and is used when the child sends it.
    client.get(f"/c/{token}")
    assert post_form(client, "/me/secret", {"pin": "2468"}).headers["Location"] == "/me/held"
    held_ids = re.findall(r'name="held" value="(\d+)"', client.get("/me/held").get_data(as_text=True))
    assert len(held_ids) == 2
    for held_id in held_ids:
        form_url = post_form(client, "/me/held", {"held": held_id, "action": "carry_on"}).headers["Location"]
        form = client.get(form_url).get_data(as_text=True)
        assert_shown(as_read(form), HOSTILE, form_url)
        if form_url.startswith("/me/statements/"):
            data = {"form_token": new_token(), "words": everything, "to": "iro", "resolution": "formal"}
        else:
            data = {"worries": everything, "action": "continue"}
        assert client.post(form_url, data={"csrf_token": csrf_from(form), **data}).status_code == 303, form_url
    [(words,)] = in_db(roomy, select(Statement.words))
    [(worries,)] = in_db(roomy, select(ConsultationAnswer.text).where(ConsultationAnswer.key == "worries"))
    assert_kept([("held statement", "everything", everything, words), ("held page", "everything", everything, worries)])


# --- feedback after a review ----------------------------------------------------------------------


def held_reviews(roomy, child, iro, count: int = 1) -> list[int]:
    """``count`` reviews of ``child`` held yesterday and recorded by their IRO; returns their ids."""
    with roomy.app_context():
        iro_now, child_now, yesterday = (
            db.session.get(StaffUser, iro.id),
            db.session.get(Child, child.id),
            today() - timedelta(days=1),
        )
        reviews = []
        for _ in range(count):
            review = scheduling.schedule(child_now, yesterday, time(10, 0), "subsequent", iro_now)
            outcomes.record(
                review,
                iro_now,
                held_on=yesterday,
                venue="home",
                attendance="all",
                code="PN1",
                chairing="none",
                consultation_used=True,
                seen_before=True,
            )
            reviews.append(review)
        db.session.commit()
        return [review.id for review in reviews]


def text_keys_of(respondent: str) -> list[str]:
    return [question.key for question in QUESTIONNAIRES[respondent] if question.is_text]


def stored_comments(roomy, respondent: str) -> list[str]:
    return [
        text
        for (text,) in in_db(
            roomy,
            select(FeedbackAnswer.text)
            .join(FeedbackResponse)
            .where(FeedbackResponse.respondent == respondent, FeedbackAnswer.text.is_not(None))
            .order_by(FeedbackAnswer.id),
        )
    ]


def test_the_young_persons_feedback_keeps_their_words(roomy, iro):
    client, child, _ = child_space(roomy, iro, age=13)
    [key] = text_keys_of(YOUNG_PERSON)
    held_reviews(roomy, child, iro, count=len(VALUES))  # feedback is given once per review
    csrf = token_on(client, "/me/feedback")
    for name, value in VALUES:
        response = client.post("/me/feedback", data={"csrf_token": csrf, key: value})
        assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True), name
    stored = stored_comments(roomy, YOUNG_PERSON)
    assert_kept([("young person", name, value, text) for (name, value), text in zip(VALUES, stored, strict=True)])


@pytest.mark.parametrize("respondent", sorted(LINK_LABELS))
def test_adults_feedback_from_a_link_keeps_their_words_and_downloads(roomy, iro, respondent):
    _client, child, _ = child_space(roomy, iro, age=13)
    [review_id] = held_reviews(roomy, child, iro)
    with roomy.app_context():
        review = db.session.get(Review, review_id)
        paths = [urlsplit(links.issue_link(review, respondent, db.session.get(StaffUser, iro.id))).path for _ in VALUES]
        db.session.commit()
    [key] = text_keys_of(respondent)
    adult = roomy.test_client()
    csrf = token_on(adult, paths[0])
    for path, (name, value) in zip(paths, VALUES, strict=True):
        limiter.reset()  # the per-address limit on these links is not what is tested here
        response = adult.post(path, data={"csrf_token": csrf, key: value})
        assert response.status_code == 200 and "Thank you" in response.get_data(as_text=True), name
    stored = stored_comments(roomy, respondent)
    assert_kept([(respondent, name, value, text) for (name, value), text in zip(VALUES, stored, strict=True)])

    # The participation team reads the comments on the statistics page and in both downloads.
    with roomy.app_context():
        officer = make_staff(Role.PARTICIPATION, email="officer@example.org")
        year = financial_year_of(today() - timedelta(days=1))
    officer_client = staff_client(roomy, officer.email)
    page = officer_client.get(f"/staff/statistics/tables/feedback?year={year}").get_data(as_text=True)
    assert_shown(page, HOSTILE, "the statistics page")
    comments = [stored_form(value) for _name, value in VALUES]
    xlsx = officer_client.get(f"/staff/statistics/comments.xlsx?year={year}")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    rows = list(sheet.iter_rows(values_only=True))
    column = rows[0].index("Comment")
    assert sorted(row[column] for row in rows[1:]) == sorted(in_spreadsheet(text) for text in comments)
    table = csv_rows(officer_client.get(f"/staff/statistics/comments.csv?year={year}"))
    column = table[0].index("Comment")
    assert sorted(row[column] for row in table[1:]) == sorted(neutralised(text) for text in comments)


# --- staff's free text ------------------------------------------------------------------------------

HOSTILE_EMAILS = {
    "header-injection": "jordan@example.org\r\nBcc: everyone@example.org",
    "script": "<script>alert(1)</script>@example.org",
    "sql": "'; DROP TABLE child; --@example.org",
    "two-ats": "jordan@home@example.org",
    "no-domain": "jordan@",
    "display-name": "Jordan Blake <jordan@example.org>",
    "list": "jordan@example.org, everyone@example.org",
    "too-long": "j" * 250 + "@example.org",
    "escape": "jordan\x1b@example.org",
}


def test_a_hostile_email_or_password_at_sign_in_gets_the_normal_not_right_page(roomy, iro):
    client = roomy.test_client()
    csrf = token_on(client, "/staff/login")
    tries = {
        **HOSTILE,
        **HOSTILE_EMAILS,
        "account-then-nul": iro.email + "\x00",
        "account-then-rtl": iro.email + "\u202e",
    }
    for name, email in tries.items():
        response = client.post("/staff/login", data={"csrf_token": csrf, "email": email, "password": PASSWORD})
        assert response.status_code == 401, (name, response.status_code)
        assert "The email address or password is not right." in response.get_data(as_text=True), name
    # Hostile passwords on a real account (fewer than would pause it).
    for password in (PASSWORD + "\x00", "\x00" * 8, "'; DROP TABLE staff_user; --"):
        response = client.post("/staff/login", data={"csrf_token": csrf, "email": iro.email, "password": password})
        assert response.status_code == 401, repr(password)
    assert (
        client.post("/staff/login", data={"csrf_token": csrf, "email": iro.email, "password": PASSWORD}).status_code
        == 302
    )


def problem_from(roomy, child, words: str = "Something is wrong") -> int:
    """A problem the child sent to their IRO (stored as the form would); returns its id."""
    with roomy.app_context():
        statement = Statement(kind="problem", words=words, resolution="informal")
        intake.store(statement, db.session.get(Child, child.id), ["iro"], page_locale="en")
        db.session.commit()
        return statement.id


def test_staff_notes_on_a_statement_are_kept_exactly(roomy, iro):
    with roomy.app_context():
        child = make_child(iro)
    statement_id = problem_from(roomy, child)
    client = staff_client(roomy, iro.email)
    csrf = token_on(client, f"/staff/statements/{statement_id}")
    for name, value in VALUES:
        response = client.post(f"/staff/statements/{statement_id}/note", data={"csrf_token": csrf, "note": value})
        assert response.status_code == 303, (name, response.status_code)
    stored = in_db(
        roomy,
        select(StatementEvent.note)
        .where(StatementEvent.statement_id == statement_id, StatementEvent.action == "note")
        .order_by(StatementEvent.id),
    )
    assert_kept([("note", name, value, note) for (name, value), (note,) in zip(VALUES, stored, strict=True)])
    assert_shown(client.get(f"/staff/statements/{statement_id}").get_data(as_text=True), HOSTILE, "the statement")


def test_a_childs_details_keep_hostile_text_or_say_what_is_too_long(roomy, iro):
    with roomy.app_context():
        child = make_child(iro, case_reference="REF-1")
    client = staff_client(roomy, iro.email)
    url = f"/staff/children/{child.id}/edit"
    base = {
        "csrf_token": token_on(client, url),
        "preferred_name": "Robin",
        "date_of_birth": child.date_of_birth.isoformat(),
        "preferred_language": "en",
        "iro_id": str(iro.id),
        "social_worker_name": "Jordan Blake",
        "social_worker_email": "jordan@example.org",
        "team_manager_name": "Tam Manager",
        "team_manager_email": "tam@example.org",
        "case_reference": "REF-1",
        "consultation_version": "",
    }
    limits = {"preferred_name": 80, "social_worker_name": 120, "team_manager_name": 120, "case_reference": 40}
    kept = []
    for index, (name, value) in enumerate(VALUES):
        fits = {field: value for field, limit in limits.items() if len(stored_form(value)) <= limit}
        response = client.post(url, data={**base, **fits})
        assert response.status_code == 302, (name, response.status_code)
        with roomy.app_context():
            row = db.session.get(Child, child.id)
            kept += [(field, name, value, getattr(row, field)) for field in fits]
        if index % 8 == 0:
            record = client.get(f"/staff/children/{child.id}").get_data(as_text=True)
            assert_shown(record, {name: value}, "the child's record")
    assert_kept(kept)
    # Too long for a box: the form says so, shows what was typed again, and changes nothing.
    assert client.post(url, data=base).status_code == 302
    for field, limit in limits.items():
        typed = HOSTILE["arabic"] + "x" * limit
        response = client.post(url, data={**base, field: typed})
        html = response.get_data(as_text=True)
        assert response.status_code == 200 and f"{limit} characters" in html and typed in html, field
        with roomy.app_context():
            assert getattr(db.session.get(Child, child.id), field) == base[field], field


def test_a_hostile_email_on_a_staff_form_is_refused_with_a_message_and_never_mailed(roomy, iro):
    with roomy.app_context():
        child = make_child(iro)
        admin = make_staff(Role.ADMIN, email="admin@example.org")
    [review_id] = held_reviews(roomy, child, iro)
    client = staff_client(roomy, iro.email)
    edit = f"/staff/children/{child.id}/edit"
    csrf = token_on(client, edit)
    link_page = client.post(f"/staff/children/{child.id}/link", data={"csrf_token": csrf}).get_data(as_text=True)
    link = re.search(r'name="link"[^>]* value="([^"]+)"', link_page).group(1)
    admin_client = staff_client(roomy, admin.email)
    admin_csrf = token_on(admin_client, "/staff/admin/users/new")
    details = {
        "csrf_token": csrf,
        "preferred_name": "Robin",
        "date_of_birth": child.date_of_birth.isoformat(),
        "preferred_language": "en",
        "iro_id": str(iro.id),
    }
    for name, email in HOSTILE_EMAILS.items():
        answers = {
            "child's record": client.post(edit, data={**details, "social_worker_email": email}),
            "child's link": client.post(
                f"/staff/children/{child.id}/link/email", data={"csrf_token": csrf, "link": link, "email": email}
            ),
            "feedback link": client.post(
                f"/staff/reviews/{review_id}/feedback",
                data={"csrf_token": csrf, "respondent": "parent_carer", "language": "en", "email": email},
            ),
            "new account": admin_client.post(
                "/staff/admin/users/new",
                data={"csrf_token": admin_csrf, "name": "New Person", "email": email, "role": "iro", "active": "y"},
            ),
        }
        for form, response in answers.items():
            html = response.get_data(as_text=True)
            assert response.status_code in (200, 400), (name, form, response.status_code)
            assert "Enter an email address in the right format" in html or "254 characters or fewer" in html, (
                name,
                form,
            )
    with roomy.app_context():
        assert db.session.get(Child, child.id).social_worker_email == "jordan@example.org"
        assert db.session.scalar(select(OutboxMessage)) is None
        assert db.session.scalar(select(StaffUser).where(StaffUser.name == "New Person")) is None
    # A NUL becomes U+FFFD, as everywhere; what is left is a well-formed address, kept with the mark in it.
    assert client.post(edit, data={**details, "social_worker_email": "jordan\x00@example.org"}).status_code == 302
    with roomy.app_context():
        assert db.session.get(Child, child.id).social_worker_email == "jordan\ufffd@example.org"


def test_an_admin_keeps_a_staff_members_name_exactly(roomy, iro):
    with roomy.app_context():
        admin = make_staff(Role.ADMIN, email="admin@example.org")
    client = staff_client(roomy, admin.email)
    url = f"/staff/admin/users/{iro.id}"
    csrf = token_on(client, url)
    kept = []
    for name, value in fitting(120).items():
        phone = value if len(stored_form(value)) <= 30 else ""
        data = {"csrf_token": csrf, "name": value, "email": iro.email, "role": "iro", "phone": phone, "active": "y"}
        response = client.post(url, data=data)
        assert response.status_code == 302, (name, response.status_code)
        with roomy.app_context():
            person = db.session.get(StaffUser, iro.id)
            kept.append(("name", name, value, person.name))
            if phone:
                kept.append(("phone", name, value, person.phone))
        if len(kept) % 8 < 2:
            assert_shown(client.get("/staff/admin/users").get_data(as_text=True), {name: value}, "the staff list")
    assert_kept(kept)


# --- ids, query values and ?next= ------------------------------------------------------------------

TOO_BIG = (2**31, 2**63, 2**64, 10**30)
STAFF_ROLES = (Role.ADMIN, Role.IRO, Role.PARTICIPATION, Role.MANAGER)
# Sensible values for the parts of an address that are not row ids.
OTHER_PARTS = {
    "slug": "feeling",
    "token": "x" * 43,
    "role": "iro",
    "fmt": "csv",
    "key": "participation-codes",
    "section": "took-part",
    "kind": "xlsx",
}


def id_rules(app) -> list:
    return [
        rule
        for rule in app.url_map.iter_rules()
        if any(isinstance(converter, RowIdConverter) for converter in rule._converters.values())
    ]


def address(rule, number: int) -> str:
    """The rule's address with ``number`` for every row id (built by hand: url_for refuses such numbers)."""
    path = rule.rule
    for name, converter in rule._converters.items():
        value = str(number) if isinstance(converter, RowIdConverter) else OTHER_PARTS[name]
        path = re.sub(rf"<[^>]*\b{name}>", value, path)
    return path


@pytest.fixture
def everyone(roomy, iro):
    """A signed-in client for each staff role this suite checks, and a child in their space with a
    consultation started: {role or "child": (client, CSRF token)}."""
    clients = {}
    for role in STAFF_ROLES:
        if role == Role.IRO:
            email = iro.email
        else:
            with roomy.app_context():
                email = make_staff(role, email=f"{role}@example.org").email
        client = staff_client(roomy, email)
        clients[role] = (client, token_on(client, "/staff/password"))
    child_client, _child, _ = child_space(roomy, iro, age=15)
    start(child_client)
    clients["child"] = (child_client, token_on(child_client, "/me/"))
    return clients


def test_every_row_id_past_what_a_row_can_have_is_a_404_for_everyone(roomy, everyone):
    rules = id_rules(roomy)
    assert len(rules) >= 20
    problems = []
    for rule_number, rule in enumerate(rules):
        audience = ["child"] if rule.endpoint.startswith("child.") else list(STAFF_ROLES)
        method = "GET" if "GET" in rule.methods else "POST"
        for role_number, who in enumerate(audience):
            client, csrf = everyone[who]
            # Each of the staff tries the largest id and one number past it, taking turns so that every number
            # is tried on every address (a number past the largest is refused before anyone's role is checked).
            past = TOO_BIG if who == "child" else [TOO_BIG[(rule_number + role_number) % len(TOO_BIG)]]
            for number in (LARGEST_ID, *past):
                data = {"csrf_token": csrf} if method == "POST" else None
                response = client.open(address(rule, number), method=method, data=data)
                if response.status_code >= 500 or (number > LARGEST_ID and response.status_code != 404):
                    problems.append(f"{who} {method} {address(rule, number)}: {response.status_code}")
    assert not problems, "\n".join(problems)


QUERY_NAMES = (
    "page",
    "child",
    "start",
    "end",
    "year",
    "quarter",
    "iro",
    "age_band",
    "view",
    "from",
    "held",
    "source",
    "step",
    "id",
    "carry_on",
    "saved",
    "timeout",
    "sent",
    "show",
    "next",
    "lang",
)
QUERY_VALUES = {
    "far-future": "9999-12-31",
    "no-such-day": "2026-02-30",
    "minus-one": "-1",
    "2**63": str(2**63),
    "nul": "\x00",
    "long": "9" * 5000,
    "script-and-crlf": "<script>alert(1)</script>\r\nSet-Cookie: x=1",
}
READS = re.compile(r'(?:request\.(?:args|values)\.get|number_arg|args\.get)\(\s*"([a-z_]+)"')


def test_the_query_names_tried_are_every_one_the_app_reads():
    read = set()
    for source in Path(participation.__file__).parent.glob("web/**/*.py"):
        read |= set(READS.findall(source.read_text()))
    read |= {name for name, value in vars(DateRangeForm).items() if isinstance(value, UnboundField)}
    assert "page" in read and "start" in read
    assert read <= set(QUERY_NAMES), f"add {sorted(read - set(QUERY_NAMES))} to QUERY_NAMES"


# Downloads read the query too (their addresses have a format in them, so the walk below does not find them).
DOWNLOADS = (
    "/staff/problems/export.csv",
    "/staff/problems/export.xlsx",
    "/staff/statistics/participation-codes.xlsx",
    "/staff/statistics/comments.csv",
)


def test_every_page_answers_hostile_query_values_without_a_server_error(roomy, everyone):
    pages = [
        (rule.endpoint, rule.rule)
        for rule in roomy.url_map.iter_rules()
        if "GET" in rule.methods and not rule.arguments and rule.endpoint not in ("static", "child.quick_exit")
    ]
    problems = []
    for endpoint, path in [*pages, *(("staff.download", path) for path in DOWNLOADS)]:
        audience = ["child"] if endpoint.startswith("child.") else list(STAFF_ROLES)
        for label, value in QUERY_VALUES.items():
            address = path + "?" + urlencode(dict.fromkeys(QUERY_NAMES, value))
            # Asked by the first of the audience whose page it is (the others get 403 before reading anything).
            for who in audience:
                response = everyone[who][0].get(address)
                if response.status_code != 403:
                    audience = [who]
                    break
            location = response.headers.get("Location", "")
            if response.status_code >= 500 or b"<script>alert(1)</script>" in response.data or "\n" in location:
                problems.append(f"{who} {path} {label}: {response.status_code} {location!r}")
    assert len(pages) >= 30
    assert not problems, "\n".join(problems)


PROBLEM_LOG = ("/staff/problems", "/staff/problems/export.csv", "/staff/problems/export.xlsx")


IMPOSSIBLE_DATES = {
    "end=9999-12-31": "Enter a date between 2000 and 2100",
    "start=0001-01-01": "Enter a date between 2000 and 2100",
    "start=1999-12-31&end=2000-01-31": "Enter a date between 2000 and 2100",
    "end=2101-01-01": "Enter a date between 2000 and 2100",
    "end=2026-02-30": "Enter the date as a real date",
    "start=31/12/2025": "Enter the date as a real date",
    "start=<script>alert(1)</script>": "Enter the date as a real date",
    "end=%00": "Enter the date as a real date",
    "start=2026-03-01&end=2026-02-01": "The end date must be on or after the start date",
}


def test_the_problem_log_and_its_downloads_answer_an_impossible_date_with_a_kind_400(roomy):
    with roomy.app_context():
        officer = make_staff(Role.PARTICIPATION, email="officer@example.org")
    client = staff_client(roomy, officer.email)
    for query, message in IMPOSSIBLE_DATES.items():
        for path in PROBLEM_LOG:
            response = client.get(f"{path}?{query}")
            html = response.get_data(as_text=True)
            assert response.status_code == 400 and message in html, (path, query, response.status_code)
            assert "<script>alert(1)</script>" not in html, (path, query)


UNSAFE_NEXT = {
    "crlf": "/staff/\r\nSet-Cookie:x=1",
    "other-host": "//evil.example",
    "other-host-path": "//evil.example/staff/",
    "backslashes": "\\\\evil.example",
    "slash-backslash": "/\\evil.example",
    "https": "https://evil.example",
    "javascript": "javascript:alert(1)",
    "tab": "/\t/evil.example",
    "relative": "evil.example/staff",
    "data": "data:text/html,<script>alert(1)</script>",
}


# Pages of this site are followed (NUL in an address becomes U+FFFD, as everywhere: still a page of this site).
SAFE_NEXT = {
    "same-site": ("/staff/statements?show=all", "/staff/statements?show=all"),
    "nul": ("/staff/\x00", "/staff/%EF%BF%BD"),
}


@pytest.mark.parametrize(
    ("name", "target", "expected"),
    [
        *((name, target, "/staff/") for name, target in UNSAFE_NEXT.items()),
        *((n, *pair) for n, pair in SAFE_NEXT.items()),
    ],
)
def test_next_after_sign_in_stays_on_the_site(roomy, iro, name, target, expected):
    client = roomy.test_client()
    path = "/staff/login?next=" + quote(target, safe="")
    response = login_at(client, path, iro.email)
    assert response.status_code == 302, name
    location = response.headers["Location"]
    assert (
        "\r" not in location
        and "\n" not in location
        and "Set-Cookie" not in str(response.headers.get_all("Set-Cookie"))
    )
    parts = urlsplit(location)
    assert parts.netloc in ("", "localhost") and parts.scheme in ("", "http") and parts.path.startswith("/")
    assert parts.path + (f"?{parts.query}" if parts.query else "") == expected, (name, location)


def login_at(client, path: str, email: str):
    """Sign in from ``path`` (the sign-in page with its query), both steps."""
    return login(client, email, url=path)


# --- downloads --------------------------------------------------------------------------------------

XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # XML 1.0 cannot hold these
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralised(text: str) -> str:
    """Text a spreadsheet would run as a formula, with an apostrophe before it (as the downloads promise)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def in_spreadsheet(text: str) -> str:
    """What an XLSX cell must show of ``text``: neutralised, and only XML's illegal characters replaced."""
    return XML_ILLEGAL.sub("\ufffd", neutralised(text))


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200
    return list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"), newline="")))


def send_problems_with_outcomes(roomy, iro):
    """A child sends problems in hostile words; the IRO records an outcome for each, with hostile words for the
    child and a hostile note. Between the child's words and the words for the child, every value is used once;
    the notes take the values in yet another order. Returns (child's client, IRO's client, [(statement id,
    words, for the child, note)]), each of the last three a (name, value)."""
    client, _child, _ = child_space(roomy, iro)
    csrf = token_on(client, "/me/statements/new/problem")
    iro_client = staff_client(roomy, iro.email)
    staff_csrf = token_on(iro_client, "/staff/statements")
    half = -(-len(VALUES) // 2)
    made = []
    for index in range(half):
        words, for_child, note = VALUES[index], VALUES[(index + half) % len(VALUES)], VALUES[-1 - index]
        data = {"csrf_token": csrf, "form_token": new_token(), "words": words[1], "to": "iro", "resolution": "formal"}
        sent = client.post("/me/statements/new/problem", data=data)
        assert sent.status_code == 303, (words[0], sent.status_code)
        statement_id = int(re.search(r"/me/statements/(\d+)", sent.headers["Location"]).group(1))
        data = {"csrf_token": staff_csrf, "final": "resolved", "for_child": for_child[1], "note": note[1]}
        recorded = iro_client.post(f"/staff/statements/{statement_id}/outcome", data=data)
        assert recorded.status_code == 303, (for_child[0], note[0], recorded.status_code)
        made.append((statement_id, words, for_child, note))
    return client, iro_client, made


def test_outcomes_are_kept_exactly_and_the_problem_log_downloads_whatever_was_typed(roomy, iro):
    client, iro_client, made = send_problems_with_outcomes(roomy, iro)
    # The IRO's words for the child and their note are kept exactly, and shown back.
    with roomy.app_context():
        rows = {statement.id: statement for statement in db.session.scalars(select(Statement))}
        kept = []
        for statement_id, _words, for_child, note in made:
            kept.append(("for the child", *for_child, rows[statement_id].outcome_for_child))
            kept.append(("internal note", *note, rows[statement_id].outcome_note))
    assert_kept(kept)
    for_the_child = dict(for_child for _id, _words, for_child, _note in made)
    assert_shown(client.get("/me/statements").get_data(as_text=True), for_the_child, "my messages")
    for statement_id, _words, for_child, note in made[:: len(made) // 8]:
        assert_shown(client.get(f"/me/statements/{statement_id}").get_data(as_text=True), dict([for_child]), "mine")
        staff_page = iro_client.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
        assert_shown(staff_page, dict([for_child, note]), "the statement")

    # The participation team's log shows them, and both downloads hold them: the CSV as typed, the XLSX with
    # only what XML cannot hold replaced; in both, text that a spreadsheet would run starts with an apostrophe.
    with roomy.app_context():
        officer = make_staff(Role.PARTICIPATION, email="officer@example.org")
    officer_client = staff_client(roomy, officer.email)
    problem_log = officer_client.get("/staff/problems").get_data(as_text=True)
    assert_shown(problem_log, dict(words for _id, words, _for_child, _note in made), "the problem log")
    xlsx = officer_client.get("/staff/problems/export.xlsx")
    assert xlsx.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.data)).active
    workbook_rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    table = csv_rows(officer_client.get("/staff/problems/export.csv"))
    for rows, shown in ((workbook_rows, in_spreadsheet), (table, neutralised)):
        headers = rows[0]
        words_at, outcome_at = headers.index("The problem in the child's words"), headers.index("Outcome for the child")
        by_reference = {int(row[0]): row for row in rows[1:]}
        assert set(by_reference) == {statement_id for statement_id, *_ in made}
        wrong = [
            (statement_id, words[0], for_child[0])
            for statement_id, words, for_child, _note in made
            if by_reference[statement_id][words_at] != shown(stored_form(words[1]))
            or by_reference[statement_id][outcome_at] != shown(stored_form(for_child[1]))
        ]
        assert not wrong, f"{shown.__name__}: {wrong}"


def test_every_statistics_download_opens(roomy, iro):
    with roomy.app_context():
        officer = make_staff(Role.PARTICIPATION, email="officer@example.org")
    client = staff_client(roomy, officer.email)
    pages = [
        client.get(f"/staff/statistics/tables/{section}").get_data(as_text=True) for section, _title in REPORT_SECTIONS
    ]
    pages += [
        client.get(f"/staff/statistics/tables/{section}?view=published").get_data(as_text=True)
        for section, _title in REPORT_SECTIONS
    ]
    pages.append(client.get("/staff/statistics/report").get_data(as_text=True))
    found = r'href="(/staff/statistics/[a-z0-9-]+\.(?:csv|xlsx|docx)[^"]*)"'
    downloads = sorted({link for page in pages for link in re.findall(found, page)})
    assert len(downloads) >= 20
    for download in downloads:
        response = client.get(download.replace("&amp;", "&"))
        assert response.status_code == 200, download
        if ".xlsx" in download:
            assert openpyxl.load_workbook(io.BytesIO(response.data)).active.max_row >= 1, download
        elif ".docx" in download:
            assert docx.Document(io.BytesIO(response.data)).paragraphs, download
        else:
            assert csv_rows(response)[0], download


# --- addresses with hostile text in them ---------------------------------------------------------


IN_AN_ADDRESS = {
    **{
        name: HOSTILE[name]
        for name in (
            "nul-inside",
            "crlf-inside",
            "rtl-override",
            "arabic",
            "sql-drop",
            "html-script",
            "percent-signs",
            "backslashes",
            "path-traversal",
            "long-word",
        )
    },
    "nul": "\x00",
    "very-long": "x" * 5000,
    "encoded-slash": "a/../../b",
}


def text_addresses(app) -> list[tuple[str, str, str]]:
    """For each text part of each route: (endpoint, method, the address with ``{}`` in place of that part and
    sensible values in the others)."""
    found = []
    for rule in app.url_map.iter_rules():
        parts = {name for name, converter in rule._converters.items() if type(converter) is UnicodeConverter}
        for part in sorted(parts):
            path = rule.rule
            for name, converter in rule._converters.items():
                value = "{}" if name == part else "1" if isinstance(converter, RowIdConverter) else OTHER_PARTS[name]
                path = re.sub(rf"<[^>]*\b{name}>", value, path)
            found.append((rule.endpoint, "GET" if "GET" in rule.methods else "POST", path))
    return found


# Pages anyone may open: tried without a session (a bad child link would end the child's session).
PUBLIC_WITH_TEXT = {"child.open_link", "respond.feedback_form", "staff.reset_password"}


def test_hostile_text_in_an_address_is_a_404_not_a_crash(roomy, everyone):
    addresses = text_addresses(roomy)
    assert len(addresses) >= 8
    wrong = []
    for endpoint, method, path in addresses:
        if endpoint in PUBLIC_WITH_TEXT:
            client, csrf = roomy.test_client(), None
        else:
            client, csrf = everyone["child" if endpoint.startswith("child.") else Role.PARTICIPATION]
        limiter.reset()  # links allow 30 tries a minute from one address; that limit is not what is tested here
        for name, value in IN_AN_ADDRESS.items():
            url = path.format(quote(value, safe=""))
            response = client.open(url, method=method, data={"csrf_token": csrf} if method == "POST" else None)
            if response.status_code != 404:
                wrong.append(f"{method} {url} ({name}): {response.status_code}")
    assert not wrong, "\n".join(wrong)


def test_bytes_that_are_not_utf8_in_a_form_are_kept_visibly(roomy, iro):
    client, _child, _ = child_space(roomy, iro)
    csrf = token_on(client, "/me/statements/new/good-news")
    body = b"&".join(
        [
            b"csrf_token=" + csrf.encode(),
            b"form_token=" + new_token().encode(),
            b"to=iro",
            b"words=bad+%FF%FE+bytes+%ED%A0%80+end",
        ]
    )
    response = client.post("/me/statements/new/good-news", data=body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 303
    [(words,)] = in_db(roomy, select(Statement.words))
    # Kept, with the bytes that are not text marked (as %FF or U+FFFD) rather than dropped or failing the form.
    assert re.fullmatch(r"bad (%FF%FE|\ufffd+) bytes (%ED%A0%80|\ufffd+) end", words), words


def test_dates_in_staff_forms_that_no_calendar_has_get_a_kind_message(roomy, iro):
    with roomy.app_context():
        child = make_child(iro)
    review_id = schedule_review(roomy, child, iro, days=-1)
    client = staff_client(roomy, iro.email)
    csrf = token_on(client, f"/staff/children/{child.id}/edit")
    base_child = {"csrf_token": csrf, "preferred_name": "Robin", "preferred_language": "en", "iro_id": str(iro.id)}
    outcome = {
        "csrf_token": csrf,
        "held_venue": "home",
        "child_attendance": "all",
        "participation_code": "PN1",
        "chairing": "none",
        "consultation_used": "yes",
        "seen_before": "yes",
    }
    for day in ("9999-12-31", "0001-01-01", "2026-02-30", "<script>", "\x00", "1e308", "-1"):
        answers = [
            client.post(f"/staff/children/{child.id}/edit", data={**base_child, "date_of_birth": day}),
            client.post("/staff/children/new", data={**base_child, "date_of_birth": day}),
            client.post(
                f"/staff/children/{child.id}/reviews/new",
                data={"csrf_token": csrf, "day": day, "at": "10:00", "kind": "subsequent"},
            ),
            client.post(
                f"/staff/reviews/{review_id}/edit",
                data={"csrf_token": csrf, "day": day, "at": "25:99", "kind": "subsequent"},
            ),
            client.post(f"/staff/reviews/{review_id}/outcome", data={**outcome, "held_on": day}),
        ]
        for response in answers:
            html = response.get_data(as_text=True)
            assert response.status_code in (200, 400), (day, response.status_code)
            assert "field-error" in html or "error-summary" in html, (day, response.request.path)
    with roomy.app_context():
        assert db.session.get(Child, child.id).date_of_birth == child.date_of_birth
        assert db.session.scalars(select(Review.held_on)).all() == [None]
