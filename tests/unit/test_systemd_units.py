"""The systemd units in deploy/systemd/: valid for systemd itself, and each service hardened the same way."""

from __future__ import annotations

import configparser
import shutil
import subprocess
from pathlib import Path

import pytest

from participation.settings import ROOT

UNITS = ROOT / "deploy/systemd"
SERVICES = sorted(UNITS.glob("*.service"))
TIMERS = sorted(UNITS.glob("*.timer"))
# What every service has: its own user, the settings file, and no way to write outside the instance folder.
HARDENING = {
    "User": "participation",
    "EnvironmentFile": "/etc/participation/env",
    "NoNewPrivileges": "true",
    "ProtectSystem": "strict",
    "ProtectHome": "true",
    "PrivateTmp": "true",
    "ReadWritePaths": "/srv/participation/instance",
}


def sections(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(strict=False, interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read_string(path.read_text())
    return parser


@pytest.mark.parametrize("service", SERVICES, ids=lambda path: path.name)
def test_each_service_is_hardened(service):
    settings = sections(service)["Service"]
    for name, value in HARDENING.items():
        assert settings.get(name) == value, (service.name, name)


@pytest.mark.parametrize("service", ["participation-web.service", "participation-worker.service"])
def test_the_long_running_services_come_back_by_themselves(service):
    assert sections(UNITS / service)["Service"]["Restart"] == "always"


@pytest.mark.parametrize("timer", TIMERS, ids=lambda path: path.name)
def test_each_timer_starts_a_oneshot_service_of_its_own_name(timer):
    service = timer.with_suffix(".service")
    assert service.exists(), service.name
    assert sections(service)["Service"]["Type"] == "oneshot"
    assert sections(timer)["Timer"].get("OnCalendar")


def test_systemd_reads_every_unit_without_a_complaint(tmp_path):
    """`systemd-analyze verify` on each unit, pointed at this checkout (its programs must exist) and run as the
    current user: an unknown setting, a misspelt one or a bad value is reported."""
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("no systemd-analyze")
    for unit in SERVICES + TIMERS:
        text = unit.read_text().replace("/srv/participation", str(ROOT)).replace("/etc/participation/env", "/dev/null")
        text = text.replace("User=participation", "User=root").replace("Group=participation", "Group=root")
        (tmp_path / unit.name).write_text(text)
    for unit in SERVICES + TIMERS:
        checked = subprocess.run(
            [analyze, "verify", "--man=no", str(tmp_path / unit.name)], capture_output=True, text=True, timeout=60
        )
        assert checked.returncode == 0 and checked.stderr == "", (unit.name, checked.stderr)
