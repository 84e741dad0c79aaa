"""The log-leak check (tests/log_leaks.py) finds a secret planted in a log line, and fails a run that logs one."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap

from participation.settings import ROOT
from tests.log_leaks import find_leaks, masked_line


def json_line(message: str) -> str:
    return json.dumps({"time": "2026-01-05T10:00:00.000+00:00", "level": "INFO", "message": message})


def test_a_token_in_a_path_is_found_and_shown_masked():
    token = "Zq3kV0w2hX_yP-8mN4aB7cD1eF5gH9iJ0kL2mN4oP6q"
    lines = [json_line("GET /c/<token> 303"), json_line(f"GET /c/{token} 303")]
    leaks = find_leaks({token: "token"}, lines)
    assert [(kind, line) for kind, _, line in leaks] == [("token", lines[1])]
    shown = masked_line(lines[1], token)
    assert token not in shown and "Zq…6q" in shown


def test_a_pin_is_found_as_a_word_but_not_inside_other_numbers_or_fields():
    secrets = {"2468": "PIN, pictures or password"}
    assert find_leaks(secrets, [json_line("checked 2468 for child 3")])
    assert not find_leaks(secrets, [json_line("counted 124689 rows on 2026-12-02")])
    # The time, the request id and the numbers of a line are not where a PIN would be written.
    assert not find_leaks(secrets, [json.dumps({"message": "GET /readyz 200", "duration_ms": 2468})])


def test_a_childs_words_are_found_in_a_traceback_and_in_a_line_that_is_not_json():
    words = "my carer took my phone away"
    secrets = {words: "a child's words"}
    traceback = json.dumps({"message": "unhandled error", "exception": f"IntegrityError: [parameters: ('{words}',)]"})
    assert find_leaks(secrets, [traceback])
    assert find_leaks(secrets, [f"[2026-01-05] POST /me/statements words={words}"])
    assert not find_leaks(secrets, [json_line("statement 12 stored")])


def test_a_run_that_logs_a_token_fails_and_names_it(tmp_path):
    test_file = tmp_path / "test_planted.py"
    test_file.write_text(
        textwrap.dedent(
            """
            import logging

            from participation.platform.crypto import new_token


            def test_logs_a_token():
                logging.getLogger("planted").warning("the link is /c/%s", new_token())


            def test_logs_nothing_secret():
                logging.getLogger("planted").warning("a child opened their link")
            """
        )
    )
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "tests.log_leaks", "-p", "no:cacheprovider", str(test_file)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "2 passed" in run.stdout  # every test passed …
    assert run.returncode == 1, run.stdout  # … and the run failed all the same
    assert "token in app.log" in run.stdout
    assert "the link is /c/" in run.stdout and "a child opened" not in run.stdout.split("secrets in the logs")[1]
