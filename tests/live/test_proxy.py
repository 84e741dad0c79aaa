"""The proxy configuration in deploy/nginx/, run in a real nginx in front of the live gunicorn.

Every response carries the security headers, once each, including the errors nginx and gunicorn produce
themselves (which never pass through the app): a 414 for a long address, a 400 for an oversized header, a
431 from gunicorn for too many headers, a 413 for a large body and a 502 while the app is down.
"""

from __future__ import annotations

import http.client
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from participation.web.headers import CSP
from tests.conftest import free_port
from tests.live.conftest import ROOT

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


@pytest.fixture(scope="module")
def proxy(live_gunicorn, tmp_path_factory):
    """nginx on two ports: one in front of the live gunicorn, one in front of a port where nothing listens."""
    if not os.access(NGINX, os.X_OK):
        pytest.skip("no nginx (run scripts/install-test-packages)")
    folder = tmp_path_factory.mktemp("nginx")
    port, dead_port = free_port(), free_port()
    app_port = live_gunicorn.url.rsplit(":", 1)[1]
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
    access_log off;
    client_body_temp_path {folder}/body;
    proxy_temp_path {folder}/proxy;
    fastcgi_temp_path {folder}/fastcgi;
    uwsgi_temp_path {folder}/uwsgi;
    scgi_temp_path {folder}/scgi;
    include {ROOT}/deploy/nginx/security-headers.conf;
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
}}
"""
    )
    process = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(config)], stderr=subprocess.PIPE)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            _send("GET", "/help", port=port)
            break
        except OSError:
            if process.poll() is not None:
                pytest.fail(process.stderr.read().decode())
            time.sleep(0.05)
    yield port, dead_port
    process.terminate()
    process.wait(timeout=10)


def _send(method: str, path: str, *, port: int, headers: dict | None = None, body: bytes | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        response.read()
        return response
    finally:
        connection.close()


def assert_secured(response) -> None:
    for name, value in SECURITY_HEADERS.items():
        assert response.headers.get_all(name) == [value], (response.status, name, response.headers.get_all(name))
    assert "nginx/" not in (response.headers.get("Server") or "")  # no version to look up weaknesses by


def test_pages_through_the_proxy_carry_the_apps_headers_once(proxy):
    port, _ = proxy
    response = _send("GET", "/help", port=port)
    assert response.status == 200
    assert_secured(response)


def test_the_apps_own_values_are_kept(proxy):
    port, _ = proxy
    response = _send("GET", "/static/css/app.css", port=port)
    assert response.status == 200
    assert response.headers.get_all("Cache-Control") == ["public, max-age=3600"]


def test_an_address_too_long_is_refused_by_the_proxy_with_the_headers(proxy):
    port, _ = proxy
    response = _send("GET", "/help?" + "a" * 6000, port=port)
    assert response.status == 414
    assert_secured(response)


def test_an_oversized_header_is_refused_with_the_headers(proxy):
    port, _ = proxy
    response = _send("GET", "/help", port=port, headers={"X-Padding": "b" * 6000})
    assert response.status == 400
    assert_secured(response)


def test_an_error_gunicorn_produces_itself_gets_the_headers(proxy):
    port, _ = proxy
    response = _send("GET", "/help", port=port, headers={f"X-Extra-{n}": "1" for n in range(60)})
    assert response.status == 431  # gunicorn's limit of 50 headers (nginx passes them on)
    assert_secured(response)


def test_a_body_too_large_is_refused_with_the_headers(proxy):
    port, _ = proxy
    body = b"words=" + b"c" * 400_000
    response = _send(
        "POST", "/me/secret", port=port, body=body, headers={"Content-Type": "application/x-www-form-urlencoded"}
    )
    assert response.status == 413
    assert_secured(response)


def test_the_app_being_down_still_answers_with_the_headers(proxy):
    _, dead_port = proxy
    response = _send("GET", "/down", port=dead_port)
    assert response.status == 502
    assert_secured(response)


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
