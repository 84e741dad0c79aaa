"""The retention policy's rules: when a record is due (the day its period ends, not a moment before), the
periods read from RETENTION_<KIND>_DAYS, and a rule for every kind the policy names."""

from datetime import date, datetime

import pytest

from participation.jobs.retention import RULES
from participation.platform.retention import ANONYMISE, DELETE, KINDS, keep_after_day, keep_after_moment
from participation.settings import RETENTION_DEFAULT_DAYS, ConfigError, load


def test_a_day_counted_record_is_due_on_the_day_its_period_ends():
    # Kept 30 days after a review held on 1 March: still kept on 30 March, due on 31 March.
    assert keep_after_day(30, date(2026, 3, 30)) == date(2026, 2, 28)
    assert keep_after_day(30, date(2026, 3, 31)) == date(2026, 3, 1)
    assert keep_after_day(0, date(2026, 3, 1)) == date(2026, 3, 1)  # 0 days: due the same day


def test_a_moment_counted_record_is_due_to_the_second():
    now = datetime(2026, 12, 2, 12, 0, 0)
    assert keep_after_moment(90, now) == datetime(2026, 9, 3, 12, 0, 0)
    # Across the clocks going back (UTC throughout, so a day is always 24 hours).
    assert keep_after_moment(1, datetime(2026, 10, 26, 0, 30)) == datetime(2026, 10, 25, 0, 30)


def test_every_kind_has_a_default_period_a_rule_and_says_what_is_done():
    assert [kind.key for kind in KINDS] == list(RETENTION_DEFAULT_DAYS) == list(RULES)
    for kind in KINDS:
        assert kind.action in (DELETE, ANONYMISE)
        # Anonymised rows stay (the figures count them); deleted ones are gone.
        assert (RULES[kind.key].values is None) == (kind.action == DELETE), kind.key


def test_the_audit_trail_is_kept_longest_and_sessions_and_links_briefly():
    assert RETENTION_DEFAULT_DAYS["audit_events"] == max(RETENTION_DEFAULT_DAYS.values()) >= 6 * 365
    assert max(RETENTION_DEFAULT_DAYS[key] for key in ("sessions", "feedback_links", "password_reset_tokens")) <= 90


def test_each_period_can_be_set_by_an_environment_variable(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("RETENTION_SESSIONS_DAYS", "14")
    monkeypatch.setenv("RETENTION_CHILD_RECORD_DAYS", "2555")
    periods = load(str(tmp_path))["RETENTION_DAYS"]
    assert periods["sessions"] == 14 and periods["child_record"] == 2555
    assert periods["audit_events"] == RETENTION_DEFAULT_DAYS["audit_events"]


def test_a_negative_period_is_refused(monkeypatch, tmp_path):
    monkeypatch.setenv("APP_ENV", "development")
    monkeypatch.setenv("RETENTION_AUDIT_EVENTS_DAYS", "-1")
    with pytest.raises(ConfigError, match="RETENTION_AUDIT_EVENTS_DAYS"):
        load(str(tmp_path))
