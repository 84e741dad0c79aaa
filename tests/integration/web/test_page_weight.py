"""Pages stay light for cheap phones: a child's page with its stylesheet and script is tens of kB."""

from __future__ import annotations

import re

from tests.conftest import open_child_space, start

# Raw bytes, before compression. The symbols a page shows are inside it (about 1 kB each), and read-aloud is in
# the script; compressed, a child's page with its assets is about a quarter of this.
LIMIT_BYTES = 68 * 1024


def test_my_space_with_all_its_assets_weighs_a_few_tens_of_kilobytes(client, child_with_link):
    _, token = child_with_link
    open_child_space(client, token)
    page = client.get("/me/")
    html = page.get_data(as_text=True)
    assets = re.findall(r'(?:href|src)="(/static/[^"]+)"', html)
    assert len(assets) == 2  # one stylesheet, one script
    total = len(page.data) + sum(len(client.get(asset).data) for asset in assets)
    assert total < LIMIT_BYTES, f"{total} bytes"


def test_a_question_page_with_faces_and_all_its_assets_stays_light(make_child_session):
    client, _, _ = make_child_session(age=6)
    start(client)
    page = client.get("/me/review/q/feeling")
    html = page.get_data(as_text=True)
    assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', html))
    assert len([asset for asset in assets if "/faces/" in asset]) == 5
    total = len(page.data) + sum(len(client.get(asset).data) for asset in assets)
    assert total < LIMIT_BYTES, f"{total} bytes"


def test_pages_request_nothing_from_other_sites(client):
    html = client.get("/staff/login").get_data(as_text=True)
    external = re.findall(r'(?:href|src)="(https?://[^"]+)"', html)
    assert external == []


def test_the_help_page_and_the_problem_form_stay_light(make_child_session):
    client, _, _ = make_child_session(age=9)
    for url in ("/help", "/me/statements/new/problem"):
        page = client.get(url)
        assets = set(re.findall(r'(?:href|src)="(/static/[^"]+)"', page.get_data(as_text=True)))
        total = len(page.data) + sum(len(client.get(asset).data) for asset in assets)
        assert total < LIMIT_BYTES, f"{url}: {total} bytes"
