"""In Chromium: a page's stylesheet and script arrive as the hashed, brotli-compressed build, and apply."""

from __future__ import annotations

import re


def test_a_page_loads_its_hashed_compressed_stylesheet_and_script(open_page):
    page = open_page()
    with (
        page.expect_response(re.compile(r"/static/css/app\.[0-9a-f]{12}\.css$")) as css,
        page.expect_response(re.compile(r"/static/js/app\.[0-9a-f]{12}\.js$")) as js,
    ):
        page.goto("/help")
    for response in (css.value, js.value):
        headers = response.all_headers()
        assert response.status == 200
        assert headers["content-encoding"] == "br"  # Chromium asks for brotli, and gets it
        assert headers["cache-control"] == "public, max-age=31536000, immutable"
    page.wait_for_load_state("load")
    # Both were decoded and allowed by the page's policy: the stylesheet's margin of 0 replaces the browser's
    # 8 px, and the script ran (it marks the document as having JavaScript).
    assert page.evaluate("getComputedStyle(document.body).margin") == "0px"
    assert page.evaluate("document.documentElement.classList.contains('js')")
