"""The proxy configuration in deploy/nginx/, run in a real nginx in front of the live gunicorn.

Every response carries the security headers, once each, including the errors nginx and gunicorn produce
themselves (which never pass through the app): a 414 for a long address, a 400 for an oversized header, a
431 from gunicorn for too many headers, a 413 for a large body and a 502 while the app is down.
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

import brotli
import pytest

from participation.web.headers import CSP
from tests.conftest import free_port
from tests.live.conftest import BIN, ROOT, _wait_until_serving, server_environment
from tests.log_leaks import remember, watch_log_file

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
SECURITY_HEADERS = {
    "Content-Security-Policy": CSP,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Cross-Origin-Resource-Policy": "same-origin",
    "Cache-Control": "no-store",
}


class Proxy(NamedTuple):
    """The test nginx: its port in front of the app, its port in front of nothing, and its folder."""

    port: int
    dead_port: int
    folder: Path


@pytest.fixture(scope="module")
def proxy(live_gunicorn, tmp_path_factory):
    """nginx on two ports: one in front of the live gunicorn, one in front of a port where nothing listens."""
    folder = tmp_path_factory.mktemp("nginx")
    port, dead_port = free_port(), free_port()
    app_port = live_gunicorn.url.rsplit(":", 1)[1]
    site = f"""
    include {ROOT}/deploy/nginx/security-headers.conf;
    include {ROOT}/deploy/nginx/logging.conf;
    access_log {folder}/access.log participation;
    upstream participation_app {{ server 127.0.0.1:{app_port}; }}
    upstream nothing_there {{ server 127.0.0.1:{free_port()}; }}
    server {{
        listen 127.0.0.1:{port};
        include {ROOT}/deploy/nginx/proxy.conf;
    }}
    server {{
        listen 127.0.0.1:{dead_port};
        include {ROOT}/deploy/nginx/proxy.conf;
        location = /down {{ proxy_pass http://nothing_there; }}
    }}
"""
    process = _start_nginx(folder, site, port)
    yield Proxy(port, dead_port, folder)
    process.terminate()
    process.wait(timeout=10)


def _start_nginx(folder: Path, site: str, port: int, *, tls: bool = False) -> subprocess.Popen:
    """nginx in the foreground with ``site`` at its http level, once it answers on ``port``. Its access log
    (folder/access.log) is read for secrets at the end of the run (tests/log_leaks.py)."""
    if not os.access(NGINX, os.X_OK):
        pytest.skip("no nginx (run scripts/install-test-packages)")
    user = "user root;" if os.geteuid() == 0 else ""  # the temp folders belong to whoever runs the tests
    config = folder / "nginx.conf"
    config.write_text(
        f"""
{user}
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log;
events {{ worker_connections 128; }}
http {{
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
{site}
}}
"""
    )
    watch_log_file(folder / "access.log")
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(config)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            _send("GET", "/healthz", port=port, tls=tls)
            return process
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            time.sleep(0.05)
    process.terminate()
    pytest.fail("nginx did not answer within 10 s")


def _send(
    method: str, path: str, *, port: int, headers: dict | None = None, body: bytes | None = None, tls: bool = False
):
    """One request to nginx; the response's body is read into ``response.body``."""
    if tls:
        context = ssl.create_default_context()
        context.check_hostname, context.verify_mode = False, ssl.CERT_NONE  # the tests' self-signed certificate
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            "127.0.0.1", port, timeout=10, context=context
        )
    else:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.body = response.read()
        return response
    finally:
        connection.close()


def assert_secured(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_all(name) == [value], (response.status, name, response.headers.get_all(name))
    assert "nginx/" not in (response.headers.get("Server") or "")  # no version to look up weaknesses by


def test_pages_through_the_proxy_carry_the_apps_headers_once(proxy):
    port = proxy.port
    response = _send("GET", "/help", port=port)
    assert response.status == 200
    assert_secured(response)


def test_the_apps_own_values_are_kept(proxy):
    port = proxy.port
    response = _send("GET", "/static/css/app.css", port=port)
    assert response.status == 200
    assert response.headers.get_all("Cache-Control") == ["public, max-age=3600"]


def test_an_address_too_long_is_refused_by_the_proxy_with_the_headers(proxy):
    port = proxy.port
    response = _send("GET", "/help?" + "a" * 6000, port=port)
    assert response.status == 414
    assert_secured(response)


def test_an_oversized_header_is_refused_with_the_headers(proxy):
    port = proxy.port
    response = _send("GET", "/help", port=port, headers={"X-Padding": "b" * 6000})
    assert response.status == 400
    assert_secured(response)


def test_an_error_gunicorn_produces_itself_gets_the_headers(proxy):
    port = proxy.port
    response = _send("GET", "/help", port=port, headers={f"X-Extra-{n}": "1" for n in range(60)})
    assert response.status == 431  # gunicorn's limit of 50 headers (nginx passes them on)
    assert_secured(response)


def test_a_body_too_large_is_refused_with_the_headers(proxy):
    port = proxy.port
    body = b"words=" + b"c" * 400_000
    response = _send(
        "POST", "/me/secret", port=port, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 413
    assert_secured(response)


def test_the_app_being_down_still_answers_with_the_headers(proxy):
    dead_port = proxy.dead_port
    response = _send("GET", "/down", port=dead_port)
    assert response.status == 502
    assert_secured(response)
    assert re.fullmatch(r"[0-9a-f]{32}", response.headers["X-Request-ID"])  # to quote, and find in nginx's log


def test_the_shipped_site_file_is_valid_nginx(tmp_path):
    if not os.access(NGINX, os.X_OK):
        pytest.skip("no nginx (run scripts/install-test-packages)")
    site = (ROOT / "deploy/nginx/participation.conf").read_text()
    site = site.replace("/etc/nginx/participation/", f"{ROOT}/deploy/nginx/")
    site = site.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{free_port()} ssl;")
    site = site.replace("listen 80;", f"listen 127.0.0.1:{free_port()};")
    site = site.replace("listen [::]:443 ssl http2;", "").replace("listen [::]:80;", "")
    certificate = _self_signed(tmp_path)
    site = site.replace("/etc/ssl/participation/fullchain.pem", str(certificate[0]))
    site = site.replace("/etc/ssl/participation/privkey.pem", str(certificate[1]))
    config = tmp_path / "nginx.conf"
    config.write_text(f"pid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\nhttp {{\n{site}\n}}\n")
    checked = subprocess.run([NGINX, "-t", "-p", str(tmp_path), "-c", str(config)], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr


def _self_signed(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=localhost"]
        + ["-keyout", str(key), "-out", str(certificate)],
        check=True,
        capture_output=True,
    )
    return certificate, key


# What the proxy adds: compression, its own request ids, the client's real address, and TLS in front.


@pytest.fixture(scope="module")
def production_app(_schema, database_url, static_build, tmp_path_factory):
    """gunicorn with the production settings (APP_ENV=production, one trusted proxy), on the test database."""
    port = free_port()
    log = tmp_path_factory.mktemp("gunicorn-production") / "gunicorn.log"
    watch_log_file(log)
    env = server_environment(database_url, "https://participation.example.gov.uk") | {
        "APP_ENV": "production",
        "STATIC_BUILD_DIR": str(static_build),
    }
    with log.open("wb") as output:
        process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--workers=1", f"--bind=127.0.0.1:{port}", "--no-control-socket", "wsgi:app"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        _wait_until_serving(f"http://127.0.0.1:{port}", process, log)
        yield port
    finally:
        process.send_signal(signal.SIGINT)  # gunicorn's quick shutdown: nothing is left to finish
        process.wait(timeout=20)


@pytest.fixture(scope="module")
def site(production_app, tmp_path_factory):
    """The shipped site file (deploy/nginx/participation.conf) as it is, in front of the production app: only
    its ports, certificate and log folder are the tests' own. Its HTTPS and plain HTTP ports."""
    folder = tmp_path_factory.mktemp("nginx-site")
    https_port, http_port = free_port(), free_port()
    certificate, key = _self_signed(folder)
    text = (ROOT / "deploy/nginx/participation.conf").read_text()
    for shipped, ours in {
        "/etc/nginx/participation/": f"{ROOT}/deploy/nginx/",
        "listen 443 ssl http2;": f"listen 127.0.0.1:{https_port} ssl;",
        "listen 80;": f"listen 127.0.0.1:{http_port};",
        "listen [::]:443 ssl http2;": "",
        "listen [::]:80;": "",
        "server 127.0.0.1:8000;": f"server 127.0.0.1:{production_app};",
        "/etc/ssl/participation/fullchain.pem": str(certificate),
        "/etc/ssl/participation/privkey.pem": str(key),
        "/var/log/nginx/participation.access.log": str(folder / "access.log"),
        "/var/log/nginx/participation.error.log": str(folder / "error.log"),
    }.items():
        assert shipped in text, shipped
        text = text.replace(shipped, ours)
    process = _start_nginx(folder, text, https_port, tls=True)
    yield https_port, http_port, folder
    process.terminate()
    process.wait(timeout=10)


def test_pages_are_compressed_by_the_proxy(proxy):
    port = proxy.port
    response = _send("GET", "/help", port=port, headers={"Accept-Encoding": "gzip"})
    assert response.status == 200
    assert response.headers["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response.headers["Vary"]
    assert b"</html>" in gzip.decompress(response.body)
    assert_secured(response)
    plain = _send("GET", "/help", port=port)
    assert "Content-Encoding" not in plain.headers
    print(f"/help through the proxy: {len(plain.body)} bytes, gzip {len(response.body)}")


def test_static_files_come_through_as_the_app_compressed_them(proxy):
    port = proxy.port
    html = _send("GET", "/help", port=port).body.decode()
    css = re.search(r'href="(/static/css/app\.[0-9a-f]{12}\.css)"', html).group(1)
    brotli_css = _send("GET", css, port=port, headers={"Accept-Encoding": "gzip, br"})
    assert brotli_css.status == 200
    assert brotli_css.headers["Content-Encoding"] == "br"
    assert brotli_css.headers.get_all("Cache-Control") == ["public, max-age=31536000, immutable"]
    assert brotli.decompress(brotli_css.body) == (ROOT / "static/css/app.css").read_bytes()
    gzip_css = _send("GET", css, port=port, headers={"Accept-Encoding": "gzip"})
    assert gzip_css.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(gzip_css.body) == (ROOT / "static/css/app.css").read_bytes()
    assert _send("GET", "/static/css/missing.css", port=port).status == 404


def test_health_checks_answer_through_the_proxy(app, proxy):
    port = proxy.port
    for path, expected in (("/healthz", {"status": "ok"}), ("/readyz", None)):
        response = _send("GET", path, port=port)
        assert response.status == 200, (path, response.body)
        body = json.loads(response.body)
        assert body == expected if expected else body["status"] == "ready"
        assert_secured(response)
        assert response.getheader("Set-Cookie") is None


def test_the_proxy_gives_each_request_its_own_id_replacing_a_clients(proxy):
    port = proxy.port
    forged = "0123456789abcdef0123456789abcdef"
    ids = [_send("GET", "/healthz", port=port, headers={"X-Request-ID": forged}).headers["X-Request-ID"] for _ in "ab"]
    assert forged not in ids and ids[0] != ids[1]
    assert all(re.fullmatch(r"[0-9a-f]{32}", request_id) for request_id in ids)  # nginx's $request_id


def test_the_app_logs_under_the_proxys_request_id(proxy, live_gunicorn):
    port = proxy.port
    response = _send("GET", "/healthz", port=port)
    [request_id] = response.headers.get_all("X-Request-ID")
    deadline = time.monotonic() + 5
    while request_id not in live_gunicorn.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.05)  # the worker writes its line as it answers; the file may trail by a moment
    lines = [json.loads(line) for line in live_gunicorn.log.read_text().splitlines() if request_id in line]
    assert [(line["rule"], line["status"]) for line in lines] == [("/healthz", 200)]
    nginx_lines = [json.loads(line) for line in (proxy.folder / "access.log").read_text().splitlines()]
    assert request_id in [line["request_id"] for line in nginx_lines]


def test_a_forged_forwarded_for_does_not_escape_the_rate_limits(proxy, live_gunicorn):
    """The app counts the address nginx saw. A client sending its own X-Forwarded-For, a new one each time,
    is still one client: /f/<token> allows 30 a minute per address (in each of the 4 workers)."""
    port = proxy.port
    statuses = [
        _send("GET", "/f/no-such-link", port=port, headers={"X-Forwarded-For": f"203.0.113.{n % 250}"}).status
        for n in range(4 * 30 + 10)
    ]
    assert 429 in statuses
    assert set(statuses) == {404, 429}
    # Straight to gunicorn (no proxy in front), each forged address would have counted as a new client: that
    # is why gunicorn listens on 127.0.0.1 only.
    direct = [live_gunicorn.visitor().get("/f/no-such-link").status for _ in range(40)]
    assert set(direct) == {404}


def test_a_forged_forwarded_proto_is_replaced_by_the_proxys(proxy):
    port = proxy.port
    response = _send("GET", "/me", port=port, headers={"X-Forwarded-Proto": "https"})
    assert response.status == 308
    assert response.headers["Location"].startswith("http://")


def test_the_proxy_log_names_no_address(proxy):
    port = proxy.port
    token = "Zq3kV0w2hX_yP-8mN4aB7cD1eF5gH9iJ0kL2mN4oP6q"
    remember(token, "token")  # the whole run's logs are checked for it too
    response = _send("GET", f"/c/{token}", port=port)
    assert response.status == 404
    folder = proxy.folder
    lines = [json.loads(line) for line in (folder / "access.log").read_text().splitlines()]
    mine = [line for line in lines if line["request_id"] == response.headers["X-Request-ID"]]
    assert len(mine) == 1 and mine[0]["method"] == "GET" and mine[0]["status"] == 404
    assert token not in (folder / "access.log").read_text()


def test_the_site_behind_tls_makes_https_addresses_and_secure_cookies(site):
    https_port, _, _ = site
    response = _send("GET", "/staff/login", port=https_port, tls=True)
    assert response.status == 200
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith("__Host-participation=")
    assert "; Secure" in cookie and "; HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert response.headers.get_all("Strict-Transport-Security") == ["max-age=31536000; includeSubDomains"]
    assert_secured(response)
    redirect = _send("GET", "/me", port=https_port, tls=True)
    assert redirect.status == 308
    assert redirect.headers["Location"].startswith("https://")


def test_the_site_sends_plain_http_to_https_and_answers_health_checks(app, site):
    https_port, http_port, _ = site
    moved = _send("GET", "/help", port=http_port)
    assert moved.status == 301
    assert moved.headers["Location"] == "https://127.0.0.1/help"
    for path in ("/healthz", "/readyz"):
        response = _send("GET", path, port=https_port, tls=True, headers={"Accept-Encoding": "gzip"})
        assert response.status == 200, (path, response.body)
        assert json.loads(response.body)["status"] in ("ok", "ready")
        assert response.headers.get_all("Cache-Control") == ["no-store"]
        assert response.getheader("Set-Cookie") is None
    page = _send("GET", "/help", port=https_port, tls=True, headers={"Accept-Encoding": "gzip"})
    assert page.headers["Content-Encoding"] == "gzip"
