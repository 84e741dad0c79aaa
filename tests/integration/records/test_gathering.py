"""Everything held about a child is gathered: every kind of thing, never a secret, never another child's."""

from __future__ import annotations

import json

from participation.extensions import db
from participation.people.models import Child, StaffUser
from participation.records import gathering, machine_readable
from tests.child_records import ADDED, AGENDA, HELD, KEPT_FOR_IRO, NOTE, RAISED, RAISED_MORE, TOLD, WORRY


def _document(app, child_id: int, staff_id: int) -> dict:
    with app.test_request_context():
        child = db.session.get(Child, child_id)
        child.link_token_hash = "a" * 64  # a link was made: its hash must still never appear
        child.secret_hash = "$argon2id$v=19$secret-pin-hash"
        gathered = gathering.everything_about(child, db.session.get(StaffUser, staff_id))
        return json.loads(machine_readable.as_json(gathered))


def test_every_kind_of_thing_held_about_the_child_is_gathered(app, everything):
    document = _document(app, everything.child_id, everything.iro.id)

    assert document["format_version"] == 1
    assert document["child"]["preferred_name"] == "Robin"
    assert document["child"]["case_reference"] == "CR-1001"
    assert document["child"]["iro"]["name"] == "Ida Iro"
    assert document["child"]["social_worker"]["name"] == "Jordan Blake"
    [review] = document["reviews"]
    assert review["participation_code"] == "PN1" and review["held_on"]
    [consultation] = document["consultations"]
    texts = {answer["key"]: answer for answer in consultation["answers"]}
    assert texts["worries"]["text"] == WORRY and texts["worries"]["share"] == "review"
    assert texts["wishes"]["text"] == KEPT_FOR_IRO and texts["wishes"]["share"] == "iro"
    assert texts["venue"]["value"] == "school"
    assert consultation["agenda"][0]["text"] == AGENDA
    assert consultation["additions"][0]["text"] == ADDED
    [statement] = document["statements"]
    assert statement["words"] == RAISED
    assert statement["additions"][0]["words"] == RAISED_MORE
    assert statement["sent_to"][0]["name"] == "Ida Iro"
    assert statement["outcome_for_child"] == TOLD
    assert NOTE in [event["note"] for event in statement["events"]]
    assert statement["acknowledged_at"] and statement["status"] == "resolved"
    assert document["held_forms"][0]["fields"] == {"words": [HELD]}
    assert "child.viewed" in [event["action"] for event in document["audit"]]
    assert "anonymous" in document["feedback"]


def test_stable_keys_and_iso_dates(app, everything):
    document = _document(app, everything.child_id, everything.iro.id)

    assert set(document) == {
        "format_version", "scope", "produced_at", "produced_by", "child", "reviews", "consultations",
        "statements", "held_forms", "audit", "feedback",
    }  # fmt: skip
    assert document["produced_at"].endswith("Z")
    assert len(document["child"]["date_of_birth"]) == 10 and document["child"]["date_of_birth"][4] == "-"


def test_secrets_never_appear(app, everything):
    text = json.dumps(_document(app, everything.child_id, everything.iro.id))

    for secret in ("a" * 64, "secret-pin-hash", "secret-form", "secret-more", "held-token-secret", "argon2"):
        assert secret not in text
    assert "link_token_hash" not in text and "secret_hash" not in text and "form_token" not in text


def test_another_childs_things_never_appear(app, everything, another_child):
    text = json.dumps(_document(app, everything.child_id, everything.iro.id))

    assert "Alex" not in text and "chess" not in text and "CR-2002" not in text
