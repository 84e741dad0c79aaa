"""The promise is the permission: walking every kind of statement, every choice of adults (with and without
accounts) and every member of staff, nobody can open a child's words who was not named to the child before
they sent it, and everyone named can. Access follows the child's current allocation. Safety-alert words never
reach the problem log's downloads."""

from __future__ import annotations

import csv
import io
from itertools import combinations

import pytest
from sqlalchemy import select

from participation.extensions import db
from participation.people.adults import adults_for
from participation.people.models import Child, Role, StaffUser
from participation.platform.models import AuditEvent
from participation.statements import intake, readers
from participation.statements.kinds import CHANGE, GOOD_NEWS, PROBLEM, TALK, UNSAFE, WORKER_VISIT
from participation.statements.models import Statement
from tests.conftest import login, make_child, make_staff, post_form, send_statement

# Which kind of reader each member of staff would be, when they are the one on the child's record.
AUDIENCE_OF = {
    Role.IRO: "iro",
    Role.SOCIAL_WORKER: "social_worker",
    Role.TEAM_MANAGER: "team_manager",
    Role.PARTICIPATION: readers.PARTICIPATION_TEAM,
}
WORDS = "Words only the right adults may read"


@pytest.fixture
def people(app):
    """An IRO with the child, another IRO; a social worker and team manager on the record, and others who are
    not; the participation team, a manager and an administrator."""
    with app.app_context():
        made = {
            "iro": make_staff(Role.IRO, email="iro@example.org"),
            "other_iro": make_staff(Role.IRO, email="other.iro@example.org"),
            "social_worker": make_staff(Role.SOCIAL_WORKER, email="sw@example.org"),
            "other_social_worker": make_staff(Role.SOCIAL_WORKER, email="sw2@example.org"),
            "team_manager": make_staff(Role.TEAM_MANAGER, email="tm@example.org"),
            "other_team_manager": make_staff(Role.TEAM_MANAGER, email="tm2@example.org"),
            "participation": make_staff(Role.PARTICIPATION, email="pt@example.org"),
            "manager": make_staff(Role.MANAGER, email="boss@example.org"),
            "admin": make_staff(Role.ADMIN, email="admin@example.org"),
        }
    return made


def _cases():
    kinds = [
        (GOOD_NEWS, False),
        (CHANGE, False),
        (WORKER_VISIT, False),
        (PROBLEM, False),
        (PROBLEM, True),
        (UNSAFE, False),
        (TALK, False),
    ]
    accounts = [
        ("sw@example.org", "tm@example.org"),
        ("nobody.sw@example.org", "tm@example.org"),
        ("sw@example.org", "nobody.tm@example.org"),
    ]
    roles = ["iro", "social_worker", "team_manager"]
    for kind, formal in kinds:
        for sw_email, tm_email in accounts:
            for size in range(1, 4):
                for chosen in combinations(roles, size):
                    yield kind, formal, sw_email, tm_email, list(chosen)


def test_nobody_reads_the_words_unless_they_were_named_to_the_child(app, people):
    with app.app_context():
        staff = {key: db.session.get(StaffUser, person.id) for key, person in people.items()}
        checked = 0
        for kind, formal, sw_email, tm_email, chosen in _cases():
            child = Child(
                preferred_name="Robin",
                date_of_birth=make_child(staff["iro"]).date_of_birth,
                preferred_language="en",
                iro_id=staff["iro"].id,
                social_worker_name="Sam",
                social_worker_email=sw_email,
                team_manager_name="Tess",
                team_manager_email=tm_email,
            )
            db.session.add(child)
            db.session.flush()
            promised = readers.readers_for_choice(kind, chosen, adults_for(child), formal=formal)
            named = {reader.audience for reader in promised if reader.reads_words}
            statement = Statement(
                kind=kind, words=WORDS, resolution="formal" if formal else "informal", urgent=kind == UNSAFE
            )
            intake.store(statement, child, chosen, page_locale="en")
            on_record = {
                "iro": True,
                "social_worker": sw_email == "sw@example.org",
                "team_manager": tm_email == "tm@example.org",
                "participation": True,
            }
            for key, person in staff.items():
                may = readers.may_read_words(statement, person)
                # Exactly those named to the child, who are the person on the record, may read the words.
                expected = on_record.get(key, False) and AUDIENCE_OF.get(person.role) in named
                assert may == expected, (kind, formal, chosen, sw_email, tm_email, key)
                checked += 1
            # What the child is told names exactly the readers of the stored statement.
            assert readers.readers_of(statement) == [
                readers.Reader(r.audience, r.reads_words, r.name) for r in promised
            ], (kind, chosen)
        db.session.rollback()
    assert checked > 400


def test_what_the_child_reads_before_sending_comes_from_the_same_rule(app, make_child_session, iro):
    client, _, _ = make_child_session(social_worker_email="nobody.sw@example.org")
    good_news = client.get("/me/statements/new/good-news").get_data(as_text=True)
    # The social worker has no account: ticking them brings in the participation team, and the page says so.
    assert "They do not use this app, so the participation team will pass it on" in good_news
    assert "It can be read by the participation team." not in good_news
    problem = client.get("/me/statements/new/problem").get_data(as_text=True)
    assert "It can be read by the participation team." in problem  # every problem is tracked by the team
    assert "Nobody else can read it: not your carers and not your parents." in problem
    assert "complaints team is told about your complaint" in problem


def test_the_participation_team_tracks_an_alert_without_reading_it(app, make_child_session, people):
    from tests.integration.statements.test_safety import say_more, tap_not_safe

    client, _, _ = make_child_session(
        social_worker_email="sw@example.org", team_manager_email="tm@example.org", team_manager_name="Tess"
    )
    url = tap_not_safe(client).headers["Location"]
    say_more(client, url, WORDS)
    team = app.test_client()
    login(team, "pt@example.org")
    with app.app_context():
        statement_id = db.session.scalars(select(Statement.id)).one()
    page = team.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    assert WORDS not in page and "only for the adults they were told would read them" in page
    log = team.get("/staff/problems").get_data(as_text=True)
    assert WORDS not in log and "Only for the adults the child told" in log
    for fmt in ("csv", "xlsx"):
        download = team.get(f"/staff/problems/export.{fmt}")
        assert download.status_code == 200 and WORDS.encode() not in download.data
    rows = list(csv.reader(io.StringIO(team.get("/staff/problems/export.csv").get_data(as_text=True))))
    assert len(rows) == 2  # the alert is in the log, without its words
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.action.like("statement.%"))).all()
        assert "statement.viewed" in actions


def test_access_follows_the_childs_current_iro(app, make_child_session, iro, other_iro):
    client, child, _ = make_child_session()
    send_statement(client, "problem", {"words": WORDS, "to": ["iro"], "resolution": "informal"})
    with app.app_context():
        statement_id = db.session.scalars(select(Statement.id)).one()
    old = app.test_client()
    login(old, iro.email)
    assert WORDS in old.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    # The IRO moves the child to another IRO.
    edit = f"/staff/children/{child.id}/edit"
    with app.app_context():
        record = db.session.get(Child, child.id)
        data = {
            "preferred_name": record.preferred_name,
            "date_of_birth": record.date_of_birth.isoformat(),
            "preferred_language": "en",
            "iro_id": str(other_iro.id),
            "social_worker_name": record.social_worker_name or "",
            "social_worker_email": record.social_worker_email or "",
        }
    assert post_form(old, edit, data).status_code == 302
    new = app.test_client()
    login(new, other_iro.email)
    assert old.get(f"/staff/statements/{statement_id}").status_code == 404
    assert WORDS in new.get(f"/staff/statements/{statement_id}").get_data(as_text=True)
    assert f"/staff/statements/{statement_id}" in new.get("/staff/statements").get_data(as_text=True)
    with app.app_context():
        actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.child_id == child.id)).all()
        assert "child.reallocated" in actions and actions.count("statement.read") == 2
