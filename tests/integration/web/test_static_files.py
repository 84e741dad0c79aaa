"""Static files as production serves them (scripts/build-static, then WhiteNoise): pages name content-hashed
files, which are kept by browsers for a year and sent as brotli or gzip, with the security headers."""

from __future__ import annotations

import gzip
import json
import re

import brotli

from participation import create_app
from participation.settings import ROOT
from participation.web.headers import CSP
from participation.web.static_files import build
from tests.conftest import open_child_space

ASSET = re.compile(r'(?:href|src)="(/static/[^"]+)"')


def assets_of(html: str) -> list[str]:
    return ASSET.findall(html)


def test_the_build_names_each_file_by_its_content_and_compresses_text(tmp_path):
    manifest = build(ROOT / "static", tmp_path)
    css = manifest["css/app.css"]
    assert re.fullmatch(r"css/app\.[0-9a-f]{12}\.css", css)
    assert (tmp_path / css).read_bytes() == (ROOT / "static/css/app.css").read_bytes()
    assert brotli.decompress((tmp_path / f"{css}.br").read_bytes()) == (tmp_path / css).read_bytes()
    assert gzip.decompress((tmp_path / f"{css}.gz").read_bytes()) == (tmp_path / css).read_bytes()
    assert json.loads((tmp_path / "manifest.json").read_text()) == manifest
    # Building again from the same files gives the same names (a deploy that changed nothing changes no URL).
    assert build(ROOT / "static", tmp_path / "again") == manifest


def test_a_childs_page_names_the_hashed_files(client, child_with_link):
    _, token = child_with_link
    open_child_space(client, token)
    assets = assets_of(client.get("/me/").get_data(as_text=True))
    assert len(assets) == 2
    assert all(re.search(r"\.[0-9a-f]{12}\.(css|js)$", asset) for asset in assets), assets


def test_a_hashed_file_is_immutable_and_sent_as_brotli_when_asked(client):
    [css, js] = assets_of(client.get("/help").get_data(as_text=True))
    response = client.get(css, headers={"Accept-Encoding": "gzip, deflate, br"})
    assert response.status_code == 200
    assert response.headers["Content-Encoding"] == "br"
    assert response.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert response.headers["Content-Type"].startswith("text/css")
    assert brotli.decompress(response.data) == (ROOT / "static/css/app.css").read_bytes()
    # The security headers are on static files too, though the app's own hooks never see them.
    assert response.headers["Content-Security-Policy"] == CSP
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Cross-Origin-Resource-Policy"] == "same-origin"
    assert "Access-Control-Allow-Origin" not in response.headers
    assert "Set-Cookie" not in response.headers

    gzipped = client.get(js, headers={"Accept-Encoding": "gzip"})
    assert gzipped.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzipped.data) == (ROOT / "static/js/app.js").read_bytes()
    plain = client.get(js)
    assert "Content-Encoding" not in plain.headers
    assert plain.data == (ROOT / "static/js/app.js").read_bytes()


def test_a_plain_name_still_works_for_an_hour_and_unknown_files_are_404(client):
    plain = client.get("/static/css/app.css")
    assert plain.status_code == 200
    assert plain.headers["Cache-Control"] == "public, max-age=3600"
    assert client.get("/static/css/nothing.css").status_code == 404
    assert client.get("/static/css/app.000000000000.css").status_code == 404
    assert client.get("/static/manifest.json").status_code == 404
    assert client.get("/static/../participation/settings.py").status_code == 404


def test_without_a_build_the_plain_files_are_served_as_before(app_config, tmp_path):
    unbuilt = create_app({**app_config, "STATIC_BUILD_DIR": str(tmp_path / "never-built")})
    client = unbuilt.test_client()
    assets = assets_of(client.get("/help").get_data(as_text=True))
    assert assets == ["/static/css/app.css", "/static/js/app.js"]
    response = client.get(assets[0], headers={"Accept-Encoding": "br"})
    assert response.status_code == 200 and "Content-Encoding" not in response.headers


def test_in_development_the_files_being_edited_are_served(app_config, static_build):
    development = create_app({**app_config, "APP_ENV": "development", "STATIC_BUILD_DIR": str(static_build)})
    assert assets_of(development.test_client().get("/help").get_data(as_text=True)) == [
        "/static/css/app.css",
        "/static/js/app.js",
    ]


def test_a_childs_page_and_its_assets_go_over_the_wire_at_a_fraction_of_their_size(client, child_with_link):
    """The size a phone downloads for its first page: the page (which nginx gzips), its stylesheet and its
    script (which the app sends as brotli or gzip)."""
    _, token = child_with_link
    open_child_space(client, token)
    page = client.get("/me/")
    sizes = {
        "page": {"raw": len(page.data), "gzip": len(gzip.compress(page.data)), "br": len(brotli.compress(page.data))}
    }
    for asset in assets_of(page.get_data(as_text=True)):
        sizes[asset.rsplit(".", 1)[1]] = {
            encoding: len(client.get(asset, headers={"Accept-Encoding": encoding} if encoding != "raw" else {}).data)
            for encoding in ("raw", "gzip", "br")
        }
    total = {encoding: sum(part[encoding] for part in sizes.values()) for encoding in ("raw", "gzip", "br")}
    print(f"a child's first page with its CSS and JS, in bytes: {sizes}, in all {total}")
    assert total["br"] < total["gzip"] < total["raw"] / 3
