"""One unit of work per request: a request that fails leaves nothing behind (its audit record included), a
refusal the view chose still keeps what it counted, and a double tap is decided by the named unique constraint,
never by swallowing every integrity error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from participation import create_app
from participation.extensions import db
from participation.people.models import Child
from participation.platform import audit
from participation.platform.db import insert_unless_exists, transaction
from participation.platform.models import AuditEvent
from participation.statements.models import Statement
from tests.conftest import make_child


def _count(app, model) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


@pytest.fixture
def scratch_app(app, app_config):
    """An app of the test's own with two more routes that change something, then fail or refuse."""
    scratch = create_app(app_config)

    def crash():
        child = db.session.scalars(select(Child)).one()
        child.preferred_name = "Changed"
        audit.record("child.updated", actor=None, child=child)
        raise RuntimeError("the view failed half-way")

    def refuse():
        audit.record("child.viewed", actor=None)
        return "No", 409

    scratch.add_url_rule("/test/crash", "test_crash", crash)
    scratch.add_url_rule("/test/refuse", "test_refuse", refuse)
    return scratch


def test_a_request_that_fails_half_way_leaves_nothing_behind(app, iro, scratch_app):
    with app.app_context():
        child = make_child(iro, preferred_name="Robin")
    before = _count(app, AuditEvent)
    response = scratch_app.test_client().get("/test/crash")
    assert response.status_code == 500
    with app.app_context():
        assert db.session.get(Child, child.id).preferred_name == "Robin"
    assert _count(app, AuditEvent) == before  # the audit record went with the change


def test_a_refusal_the_view_chose_is_still_committed(app, scratch_app):
    before = _count(app, AuditEvent)
    assert scratch_app.test_client().get("/test/refuse").status_code == 409
    assert _count(app, AuditEvent) == before + 1


def test_opening_a_childs_record_and_its_audit_record_commit_together(app, iro, iro_client, monkeypatch):
    from participation.web.staff import caseload

    with app.app_context():
        child = make_child(iro)

    def broken_page(*args, **kwargs):
        raise RuntimeError("template missing")

    monkeypatch.setattr(caseload, "render_template", broken_page)
    assert iro_client.get(f"/staff/children/{child.id}").status_code == 500
    with app.app_context():
        assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "child.viewed")).all()


def test_a_double_tap_is_caught_by_its_unique_constraint_only(app, iro):
    with app.app_context():
        child = make_child(iro)
        values = {"child_id": child.id, "kind": "good_news", "form_token": "t" * 43, "words": "Hello"}
        with transaction():
            first = insert_unless_exists(Statement, values, unique=("child_id", "form_token"))
        with transaction():
            second = insert_unless_exists(Statement, values, unique=("child_id", "form_token"))
        assert first is not None and second is None
        assert db.session.scalar(select(func.count(Statement.id))) == 1
        # Any other broken rule is still an error: here, a statement with no kind.
        with pytest.raises(IntegrityError), transaction():
            insert_unless_exists(
                Statement, {**values, "form_token": "u" * 43, "kind": None}, unique=("child_id", "form_token")
            )


def test_jobs_commit_their_own_transactions_and_roll_back_on_error(app):
    def failing_job():
        with transaction():
            audit.record("staff.created", actor=None)
            raise RuntimeError("job failed")

    with app.app_context():
        with transaction():
            audit.record("staff.logout", actor=None)
        with pytest.raises(RuntimeError):
            failing_job()
        actions = db.session.scalars(select(AuditEvent.action)).all()
        assert actions == ["staff.logout"]
