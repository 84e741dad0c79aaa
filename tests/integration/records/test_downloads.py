"""Downloading a child's records: who may, what the files hold, and that every download is audited."""

from __future__ import annotations

import io
import json
import re

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from participation.extensions import db
from participation.people.models import Role
from participation.platform.models import AuditEvent
from participation.reviews.models import Review
from tests.child_records import ADDED, AGENDA, KEPT_FOR_IRO, NOTE, RAISED, RAISED_MORE, TOLD, WORRY
from tests.conftest import make_staff, staff_client


def pdf_text(body: bytes) -> str:
    """The text of every page of a PDF, with runs of spaces made one."""
    reader = PdfReader(io.BytesIO(body))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


def _exports(app) -> list[tuple[str, str | None]]:
    with app.app_context():
        rows = db.session.execute(
            select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.action.like("%exported"))
        ).all()
        return [tuple(row) for row in rows]


def test_the_iro_downloads_a_readable_pdf_of_everything(app, everything, iro_client):
    response = iro_client.get(f"/staff/children/{everything.child_id}/subject-access.pdf")

    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF-")
    assert response.headers["Cache-Control"] == "no-store"
    disposition = response.headers["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="subject-access-CR-1001-\d{4}-\d{2}-\d{2}\.pdf"', disposition)
    assert "Robin" not in disposition
    text = pdf_text(response.data)
    for words in (WORRY, KEPT_FOR_IRO, AGENDA, ADDED, RAISED, RAISED_MORE, NOTE, TOLD):
        assert words in text
    assert "Only for the IRO" in text and "Can be talked about at the review" in text  # as on the IRO's page
    assert "for a subject access request" in text and "Ida Iro" in text
    assert "Demo Borough Council" in text and "Page 1 of" in text
    with app.app_context():
        held_on = db.session.get(Review, everything.review_id).held_on
    assert f"{held_on.day} {held_on:%B %Y}" in text  # British: 1 December 2026
    assert "Opened a child's record" in text  # who opened the record
    assert "anonymous" in text
    assert ("child.subject_access_exported", "pdf") in _exports(app)


def test_the_json_has_the_same_facts(app, everything, iro_client):
    response = iro_client.get(f"/staff/children/{everything.child_id}/subject-access.json")

    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["Content-Disposition"].endswith('.json"')
    document = json.loads(response.data)
    assert document["statements"][0]["words"] == RAISED
    assert ("child.subject_access_exported", "json") in _exports(app)


def test_one_consultation_and_one_statement_as_pdf(app, everything, iro_client):
    consultation = iro_client.get(f"/staff/reviews/{everything.review_id}/consultation.pdf")
    statement = iro_client.get(f"/staff/statements/{everything.statement_id}/export.pdf")

    assert consultation.status_code == 200 and statement.status_code == 200
    text = pdf_text(consultation.data)
    assert WORRY in text and AGENDA in text and ADDED in text
    assert RAISED not in text  # only the consultation
    assert "for the child's case file" in text
    assert consultation.headers["Content-Disposition"].startswith('attachment; filename="consultation-CR-1001-')
    text = pdf_text(statement.data)
    assert RAISED in text and RAISED_MORE in text and NOTE in text and TOLD in text
    assert WORRY not in text
    assert "Opened a child's record" not in text
    exports = _exports(app)
    assert ("consultation.exported", f"review {everything.review_id}") in exports
    assert ("statement.exported", f"statement {everything.statement_id}") in exports


def test_the_participation_team_may_download(app, everything):
    client = staff_client(app, everything.participation.email)

    assert client.get(f"/staff/children/{everything.child_id}/subject-access.pdf").status_code == 200
    assert client.get(f"/staff/statements/{everything.statement_id}/export.pdf").status_code == 200


@pytest.mark.parametrize("role", [Role.SOCIAL_WORKER, Role.TEAM_MANAGER, Role.MANAGER, Role.ADMIN, Role.IRO])
def test_nobody_else_may_download(app, everything, role):
    with app.app_context():
        someone = make_staff(role, email=f"someone-{role}@example.org")
    client = staff_client(app, someone.email)
    urls = [
        f"/staff/children/{everything.child_id}/subject-access.pdf",
        f"/staff/children/{everything.child_id}/subject-access.json",
        f"/staff/reviews/{everything.review_id}/consultation.pdf",
        f"/staff/statements/{everything.statement_id}/export.pdf",
    ]

    for url in urls:
        assert client.get(url).status_code in (403, 404), url
    assert _exports(app) == []


def test_the_buttons_are_on_the_childs_consultation_and_statement_pages(app, everything, iro_client):
    child_page = iro_client.get(f"/staff/children/{everything.child_id}").get_data(as_text=True)
    records_page = iro_client.get(f"/staff/children/{everything.child_id}/records").get_data(as_text=True)
    consultation_page = iro_client.get(f"/staff/reviews/{everything.review_id}/consultation").get_data(as_text=True)
    statement_page = iro_client.get(f"/staff/statements/{everything.statement_id}").get_data(as_text=True)

    assert f"/staff/children/{everything.child_id}/records" in child_page
    assert f"/staff/children/{everything.child_id}/subject-access.pdf" in records_page
    assert f"/staff/children/{everything.child_id}/erase" not in records_page  # IROs do not erase
    assert f"/staff/reviews/{everything.review_id}/consultation.pdf" in consultation_page
    assert f"/staff/statements/{everything.statement_id}/export.pdf" in statement_page


def test_the_pdf_follows_the_staff_members_language(app, everything, iro_client):
    response = iro_client.get(f"/staff/children/{everything.child_id}/subject-access.pdf?lang=ar")

    text = pdf_text(response.data)
    assert response.status_code == 200
    assert "المراجعات" in text  # "Reviews", in the staff member's language
    assert WORRY in text  # the child's words as written, whatever the page language
