"""Hostile and accidental input: what children, staff and scripts may type into any box of the app.

Each value is a realistic attack or accident, named so that a failure says which one broke. Values carry no
space around them unless the case is about that (the app trims the whole answer, see `forms.text.clean`); what
the app must store is always `stored_form(value)`.
"""

from __future__ import annotations

from participation.forms.text import clean

LONG_WORD = "Supercalifragilistic" * 12  # 240 letters with no space to break on (fits every box of 300 or more)

HOSTILE: dict[str, str] = {
    # Characters a phone keyboard or a paste can slip in, and no database or XML file likes.
    "nul-inside": "before\x00after",
    "escape": "press \x1b[31mred\x1b[0m now",
    "backspace": "typo\x08\x08 fixed",
    "start-of-heading": "start\x01of heading",
    "vertical-tab": "one\x0btwo",
    "form-feed": "page\x0cbreak",
    "unit-separator": "a\x1fb",
    "delete": "rub\x7fout",
    "c1-next-line": "next\x85line",
    "c1-csi": "csi\x9b31m here",
    "tab-inside": "col one\tcol two",
    "crlf-inside": "line one\r\nline two\rline three\nline four",
    "line-and-paragraph-separators": "line\u2028para\u2029end",
    "noncharacters": "odd \ufffe\uffff end",
    # Unicode that tests rendering, direction and counting.
    "lone-combining-marks": "\u0301\u0308\u0327 marks with nothing under them",
    "zalgo": "Z\u0337\u0322\u031ba\u0338\u034e\u0313l\u0334\u0330\u0344g\u0335\u0331\u0308o\u0336\u031c\u035d",
    "rtl-override": "abc\u202egnp.exe\u202c done",
    "zero-width": "zero\u200bwidth\u200djoiner\u200cnon\u2060word",
    "byte-order-mark": "\ufeffstarts with a BOM",
    "emoji": "I feel \U0001f600\U0001f622\U0001f525",
    "emoji-zwj-sequences": (
        "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466 \U0001f3f3\ufe0f\u200d\U0001f308 "
        "\U0001f469\U0001f3fd\u200d\U0001f4bb"
    ),
    "flags": "\U0001f1ec\U0001f1e7\U0001f1f8\U0001f1fe\U0001f1e6\U0001f1eb\U0001f1ea\U0001f1f7",
    "astral-plane": "\U0001d573\U0001d58a\U0001d591\U0001d591\U0001d594 \U00010348 \U0002070e",
    "arabic": "أريد أن أرى أمي في عطلة نهاية الأسبوع",
    "pashto": "زه غواړم چې خپله مور ووینم",
    "tigrinya": "ኣደይ ክርኢ እደሊ እየ",
    "chinese": "我想在周末见我的妈妈",
    "long-word": LONG_WORD,
    # Injection attempts.
    "sql-drop": "'; DROP TABLE statements; --",
    "sql-or": "1 OR 1=1",
    "html-script": "<script>alert(1)</script>",
    "html-attribute": '"><img src=x onerror=alert(1)>',
    "html-comment": "<!-- hidden --> & &amp; &lt;b&gt;",
    "javascript-url": "javascript:alert(1)",
    "jinja-expression": "{{7*7}} {{ config }}",
    "jinja-block": "{% raw %}{% for x in y %}{% endraw %}",
    "printf-format": "%s%n%x%d %(name)s",
    "python-format": "{0} {name!r} {{}}",
    "formula-hyperlink": '=HYPERLINK("http://evil.example","click me")',
    "formula-cmd": "+cmd|' /C calc'!A0",
    "formula-at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "formula-minus": "-2+3+cmd|' /C calc'!A0",
    "path-traversal": "../../../etc/passwd",
    "percent-signs": "100% sure %41 %00 %%",
    "backslashes": "C:\\new\\table \\x00 \\n \\\\",
    "quotes": "'single' \"double\" `back` \u2018curly\u2019 \u201cquoted\u201d",
    "xlsx-escape-lookalike": "_x0041_ and _x000D_",
    # Words that look like values to a careless program.
    "null": "null",
    "undefined": "undefined",
    "nan": "NaN",
    "minus-one": "-1",
    "huge-number": "1e308",
    # Space around the whole answer is trimmed; space inside is kept.
    "space-around": "  \t padded on both sides \r\n ",
}


def stored_form(value: str) -> str:
    """What the app must keep of ``value``: the app's one rule for typed text (`forms.text.clean`)."""
    return clean(value)


def fitting(limit: int) -> dict[str, str]:
    """The hostile values whose stored form fits a box of ``limit`` characters."""
    return {name: value for name, value in HOSTILE.items() if len(stored_form(value)) <= limit}
