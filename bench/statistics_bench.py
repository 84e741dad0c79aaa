"""How long the statistics take with a whole country's data, and how much memory they use.

England has about 84,000 looked-after children, each reviewed two or three times a year. This fills a fresh
database (SQLite by default, or $DATABASE_URL) with that many reviews over two financial years, with
consultations, feedback and things children raised, counts them into the figures' tally once (as `flask figures
rebuild` does after a bulk load), then times the figures the statistics pages show, wall-clock and CPU.

    .venv/bin/python bench/statistics_bench.py                 # 200,000 reviews
    .venv/bin/python bench/statistics_bench.py --reviews 20000 # quicker
    .venv/bin/python bench/statistics_bench.py --per-table     # and each table on its own
    scripts/with-postgres .venv/bin/python bench/statistics_bench.py

Timings are printed, never asserted: tests do not time things.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
import tracemalloc
from datetime import date, datetime, timedelta

import flask_migrate
from sqlalchemy import insert, text

from participation import create_app
from participation.consultation.models import Consultation, ConsultationAnswer
from participation.extensions import db
from participation.feedback.models import FeedbackAnswer, FeedbackResponse
from participation.figures import headlines, tally
from participation.figures.disclosure import EXACT, PUBLISHED
from participation.figures.feedback_given import comments
from participation.figures.periods import Filters
from participation.figures.report import FEEDBACK, MEASURES, RAISED, TOOK_PART, all_tables
from participation.people.models import Child, StaffUser
from participation.reviews.models import Review
from participation.statements.models import Statement

CODES = ["PN0", "PN1", "PN1", "PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN6", "PN7"]
BANDS = ["0-3", "4-11", "4-11", "12-17", "12-17"]
BATCH = 5000


def fill(reviews: int, iros: int, seed: int = 7) -> None:
    """Insert the rows in batches with Core inserts (the ORM would take far longer)."""
    rng = random.Random(seed)
    db.session.execute(
        insert(StaffUser),
        [
            {
                "id": i,
                "email": f"iro{i}@example.org",
                "name": f"IRO {i}",
                "role": "iro",
                "password_hash": "x",
                "active": True,
                "must_change_password": False,
                "created_at": datetime(2024, 1, 1),
            }
            for i in range(1, iros + 1)
        ],
    )
    children = reviews // 2
    for start in range(0, children, BATCH):
        db.session.execute(
            insert(Child),
            [
                {
                    "id": i + 1,
                    "preferred_name": "C",
                    "date_of_birth": date(2012, 1, 1),
                    "preferred_language": "en",
                    "iro_id": rng.randint(1, iros),
                    "secret_failures": 0,
                    "created_at": datetime(2024, 1, 1),
                    "updated_at": datetime(2024, 1, 1),
                }
                for i in range(start, min(start + BATCH, children))
            ],
        )
    first = date(2024, 4, 1)
    for start in range(0, reviews, BATCH):
        rows, consultations, answers, responses, feedback_answers, raised = [], [], [], [], [], []
        for i in range(start, min(start + BATCH, reviews)):
            held = first + timedelta(days=rng.randrange(730))
            iro = rng.randint(1, iros)
            band = rng.choice(BANDS)
            code = "PN0" if band == "0-3" else rng.choice(CODES[1:])
            rows.append(
                {
                    "id": i + 1,
                    "child_id": i // 2 + 1,
                    "scheduled_for": datetime.combine(held, datetime.min.time()),
                    "kind": "subsequent",
                    "created_at": datetime(2024, 1, 1),
                    "held_on": held,
                    "held_venue": "home",
                    "child_attendance": "all",
                    "participation_code": code,
                    "chairing": rng.choice(["none"] * 8 + ["co_chair", "chair"]),
                    "consultation_used": True,
                    "seen_before": rng.random() < 0.7,
                    "outcome_recorded_at": datetime.combine(held, datetime.min.time()),
                    "outcome_recorded_by_id": iro,
                    "age_band": band,
                }
            )
            if band != "0-3" and rng.random() < 0.6:
                sent = datetime.combine(held, datetime.min.time()) - timedelta(days=rng.randint(-1, 5))
                consultations.append(
                    {
                        "id": i + 1,
                        "review_id": i + 1,
                        "child_id": i // 2 + 1,
                        "question_set": "older-2",
                        "started_at": sent,
                        "updated_at": sent,
                        "submitted_at": sent,
                    }
                )
                answers += [
                    {
                        "consultation_id": i + 1,
                        "key": "venue",
                        "value": rng.choice(["home", "school", "office"]),
                        "share": "iro",
                        "updated_at": sent,
                    },
                    {
                        "consultation_id": i + 1,
                        "key": "attend",
                        "value": rng.choice(["all", "part", "no"]),
                        "share": "iro",
                        "updated_at": sent,
                    },
                ]
            if rng.random() < 0.5:
                respondent = rng.choice(["young_person", "parent_carer", "professional", "professional"])
                responses.append(
                    {
                        "id": i + 1,
                        "respondent": respondent,
                        "review_date": held,
                        "iro_id": iro,
                        "age_band": band,
                        "language": "en",
                        "agency": "health" if respondent == "professional" else None,
                    }
                )
                feedback_answers += [
                    {"response_id": i + 1, "question": "overall", "value": str(rng.randint(1, 5))},
                    {"response_id": i + 1, "question": "respect", "value": str(rng.randint(1, 5))},
                ]
            if rng.random() < 0.3:
                created = datetime.combine(held, datetime.min.time())
                kind = rng.choice(["good_news", "change", "worker_visit", "problem", "problem", "unsafe"])
                raised.append(
                    {
                        "child_id": i // 2 + 1,
                        "kind": kind,
                        "urgent": kind == "unsafe",
                        "source": "form",
                        "created_at": created,
                        "tracked": kind in ("problem", "unsafe"),
                        "status": rng.choice(["new", "acknowledged", "resolved", "resolved"]),
                        "outcome_by": held + timedelta(days=14),
                        "acknowledge_by": held + timedelta(days=3),
                        "outcome_recorded_at": created + timedelta(days=rng.randint(1, 30)),
                    }
                )
        for model, batch in (
            (Review, rows),
            (Consultation, consultations),
            (ConsultationAnswer, answers),
            (FeedbackResponse, responses),
            (FeedbackAnswer, feedback_answers),
            (Statement, raised),
        ):
            if batch:
                db.session.execute(insert(model), batch)
        db.session.commit()


def timed(label: str, work) -> None:
    """Run ``work`` once and print its wall-clock and CPU time and its peak Python memory."""
    tracemalloc.start()
    began, began_cpu = time.perf_counter(), time.process_time()
    work()
    took, cpu = time.perf_counter() - began, time.process_time() - began_cpu
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{label:<45} {took * 1000:8.0f} ms wall {cpu * 1000:8.0f} ms CPU   peak {peak / 1024 / 1024:6.1f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reviews", type=int, default=200_000)
    parser.add_argument("--iros", type=int, default=400)
    parser.add_argument("--per-table", action="store_true", help="also time each table on its own")
    options = parser.parse_args()
    folder = tempfile.mkdtemp()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{folder}/bench.sqlite3"
    app = create_app({"APP_ENV": "testing", "SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "bench"})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as connection:
            connection.execute(text("DROP TABLE IF EXISTS alembic_version"))
        flask_migrate.upgrade()
        began = time.perf_counter()
        fill(options.reviews, options.iros)
        print(f"filled {options.reviews:,} reviews in {time.perf_counter() - began:.0f} s ({url.split(':')[0]})")
        # The rows went in with bulk inserts, past the tally: count them once, as `flask figures rebuild` does.
        began = time.perf_counter()
        counted = tally.rebuild()
        db.session.commit()
        print(f"counted {counted:,} rows into the tally in {time.perf_counter() - began:.0f} s")
    with app.test_request_context():
        year = Filters(2025)
        for mode in (EXACT, PUBLISHED):
            timed(f"every table, a whole year ({mode})", lambda mode=mode: all_tables(year, mode))
        timed("every table, one quarter", lambda: all_tables(Filters(2025, quarter=3), EXACT))
        timed("every table, one IRO", lambda: all_tables(Filters(2025, iro_id=1), EXACT))
        timed("every table, ages 12 to 17", lambda: all_tables(Filters(2025, age_band="12-17"), EXACT))
        timed("every table, one IRO and ages 12 to 17 (live)", lambda: all_tables(Filters(2025, 3, 1, "12-17"), EXACT))
        for mode in (EXACT, PUBLISHED):
            timed(
                f"the dashboard's headlines ({mode})",
                lambda mode=mode: headlines.figures(year, date(2026, 12, 1), mode),
            )
        timed("comments (first 500)", lambda: comments(year))
        if options.per_table:
            counts = tally.sums(year, MEASURES)
            for section in (TOOK_PART, FEEDBACK, RAISED):
                for build in section:
                    timed(f"  {build.__name__}", lambda build=build: build(year, counts, EXACT))
            timed("  the counts of the year, read once", lambda: tally.sums(year, MEASURES))


if __name__ == "__main__":
    main()
