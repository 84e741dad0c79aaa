"""Erasing a child: only the participation team and administrators, never while on legal hold, only once the
child's name is typed; everything about the child goes, the audit trail stays, and the figures do not change."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from participation.consultation.models import AgendaItem, Consultation, ConsultationAddition, ConsultationAnswer
from participation.extensions import db
from participation.feedback.models import FeedbackLink, FeedbackResponse
from participation.figures import report, tally
from participation.figures.periods import Filters
from participation.people.models import Child, HeldSubmission, KeptStaffForm, Role
from participation.platform.clock import financial_year_of, today, utcnow
from participation.platform.models import AuditEvent, AuthSession
from participation.reviews.models import Review
from participation.statements.models import Statement, StatementAddition, StatementEvent, StatementRecipient
from tests.conftest import make_staff, post_form, staff_client

ABOUT_THE_CHILD = (
    Child,
    Review,
    Consultation,
    ConsultationAnswer,
    AgendaItem,
    ConsultationAddition,
    Statement,
    StatementRecipient,
    StatementEvent,
    StatementAddition,
    HeldSubmission,
    FeedbackLink,
)


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def _figures(iro_id: int) -> list:
    year = financial_year_of(today())
    return [tally.sums(filters, report.MEASURES) for filters in (Filters(year), Filters(year, iro_id=iro_id))]


@pytest.fixture
def more(app, everything):
    """A session, a feedback link, an anonymous feedback response for the child's review, and notes the IRO typed
    after a time-out: one about this child, one about someone else's."""
    with app.app_context():
        review = db.session.get(Review, everything.review_id)
        db.session.add(AuthSession(token_hash="b" * 64, child_id=everything.child_id, verified=True))
        db.session.add(
            FeedbackLink(
                review_id=review.id, respondent="parent_carer", token_hash="c" * 64, expires_at=utcnow() + timedelta(7)
            )
        )
        db.session.add(
            FeedbackResponse(
                respondent="young_person", review_date=review.held_on, iro_id=everything.iro.id, language="en"
            )
        )
        for page in (f"http://localhost/staff/statements/{everything.statement_id}", "/staff/statements/999999"):
            db.session.add(
                KeptStaffForm(staff_id=everything.iro.id, page=page, form_name="note", fields='{"note": ["typed"]}')
            )
        db.session.commit()
    return everything


def _erase(client, child_id: int, name: str = "Robin", reason: str = "Record made in error (duplicate)"):
    return post_form(client, f"/staff/children/{child_id}/erase", {"name": name, "reason": reason})


def test_the_participation_team_erases_everything_about_the_child(app, more):
    with app.app_context():
        before = _figures(more.iro.id)
        assert any(before[0].values())  # the child counted for something
        audit_ids = list(db.session.scalars(select(AuditEvent.id).where(AuditEvent.child_id == more.child_id)))
        responses = _count(FeedbackResponse)
    client = staff_client(app, more.participation.email)

    page = client.get(f"/staff/children/{more.child_id}/erase")
    response = _erase(client, more.child_id, name="  robin ")

    assert page.status_code == 200 and "Erase Robin" in page.get_data(as_text=True)
    assert response.status_code == 303
    with app.app_context():
        for model in ABOUT_THE_CHILD:
            assert _count(model) == 0, model.__name__
        assert db.session.scalar(select(func.count(AuthSession.id)).where(AuthSession.child_id.is_not(None))) == 0
        assert db.session.scalars(select(KeptStaffForm.page)).all() == ["/staff/statements/999999"]
        kept = db.session.scalars(select(AuditEvent).where(AuditEvent.id.in_(audit_ids))).all()
        assert len(kept) == len(audit_ids) and all(event.child_id is None for event in kept)
        erased = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "child.erased"))
        assert erased.actor_id == more.participation.id
        assert erased.detail == f"record {more.child_id}: Record made in error (duplicate)"
        assert "Robin" not in erased.detail
        assert _count(FeedbackResponse) == responses  # anonymous: never the child's
        assert _figures(more.iro.id) == before
        assert tally.differences() == []
        tally.rebuild()
        assert _figures(more.iro.id) == before
    assert client.get(f"/staff/children/{more.child_id}/records").status_code == 404


def test_refused_while_the_child_is_on_legal_hold(app, everything):
    with app.app_context():
        child = db.session.get(Child, everything.child_id)
        child.legal_hold_reason = "Ombudsman complaint"
        child.legal_hold_set_at = utcnow()
        db.session.commit()
    client = staff_client(app, everything.participation.email)

    page = client.get(f"/staff/children/{everything.child_id}/erase")
    response = _erase(client, everything.child_id)

    assert "legal hold" in page.get_data(as_text=True)
    assert response.status_code == 409
    assert "legal hold" in response.get_data(as_text=True)
    with app.app_context():
        assert db.session.get(Child, everything.child_id) is not None
        assert _count(Statement) == 1


def test_the_name_must_match_and_what_was_typed_is_kept(app, everything):
    client = staff_client(app, everything.participation.email)

    response = _erase(client, everything.child_id, name="Robyn", reason="Made in error")

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "That is not the child&#39;s preferred name" in html or "That is not the child's preferred name" in html
    assert "Made in error" in html and 'value="Robyn"' in html
    with app.app_context():
        assert db.session.get(Child, everything.child_id) is not None


def test_a_reason_is_needed(app, everything):
    client = staff_client(app, everything.participation.email)

    response = _erase(client, everything.child_id, reason="")

    assert response.status_code == 400
    assert "Say why this child is being erased" in response.get_data(as_text=True)


def test_an_administrator_may_erase(app, everything):
    with app.app_context():
        admin = make_staff(Role.ADMIN, email="admin@example.org")

    assert _erase(staff_client(app, admin.email), everything.child_id).status_code == 303


@pytest.mark.parametrize("role", [Role.IRO, Role.SOCIAL_WORKER, Role.MANAGER])
def test_nobody_else_may_erase(app, everything, role, iro_client):
    with app.app_context():
        someone = make_staff(role, email=f"someone-{role}@example.org")

    for client in (staff_client(app, someone.email), iro_client):
        assert client.get(f"/staff/children/{everything.child_id}/erase").status_code == 403
        assert _erase(client, everything.child_id).status_code in (400, 403)
    with app.app_context():
        assert db.session.get(Child, everything.child_id) is not None


def test_the_records_page_finds_the_child_by_case_reference(app, everything):
    client = staff_client(app, everything.participation.email)

    found = client.get("/staff/records?reference=CR-1001")
    missing = client.get("/staff/records?reference=CR-9999")

    assert found.status_code == 303 and found.headers["Location"].endswith(f"/children/{everything.child_id}/records")
    assert "No child has that case reference" in missing.get_data(as_text=True)
    page = client.get(found.headers["Location"]).get_data(as_text=True)
    assert f"/staff/children/{everything.child_id}/erase" in page
    assert f"/staff/children/{everything.child_id}/subject-access.pdf" in page
