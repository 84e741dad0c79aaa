"""Downloads about a child: file names that never name the child, and the PDF's margin texts as safe CSS."""

from __future__ import annotations

from datetime import date

from participation.web.downloads import css_content, css_string, file_name


def test_a_file_name_says_what_it_is_with_a_safe_reference():
    assert file_name("subject-access", "CR-1001", date(2026, 12, 2), "pdf") == "subject-access-CR-1001-2026-12-02.pdf"
    assert file_name("statement-4", 'AB/12 "x"', date(2026, 1, 5), "pdf") == "statement-4-AB-12-x-2026-01-05.pdf"
    assert file_name("subject-access", "///", date(2026, 1, 5), "json") == "subject-access-record-2026-01-05.json"


def test_margin_texts_cannot_break_out_of_their_css_string():
    quoted = css_string('O"Brien</style>\\')

    assert quoted.startswith('"') and quoted.endswith('"')
    assert '"' not in quoted[1:-1] and "<" not in quoted and "\\\\" not in quoted


def test_a_translated_sentence_keeps_its_counters_in_its_own_order():
    assert css_content("Page %(page)s of %(pages)s", page="page", pages="pages") == (
        '"Page " counter(page) " of " counter(pages) ""'
    )
    assert css_content("%(pages)s / %(page)s", page="page", pages="pages") == (
        '"" counter(pages) " / " counter(page) ""'
    )
