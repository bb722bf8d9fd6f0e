"""A server without DEBUG never runs the VNPay simulator on its public secret.

With no VNPAY_HASH_SECRET, payments are signed with the simulator's secret, which is in the
repository: anyone could sign a "paid" IPN. That is fine on a laptop (DEBUG, `make run`), so a
server with VNPAY_SIMULATOR_ENABLED and no secret refuses to start unless DEBUG is on: at
settings load (gunicorn runs no system check) and as the system check sitewide.E001.
Settings are read once per process, so each environment is tried in a fresh subprocess.
"""

import os
import subprocess
import sys
from pathlib import Path

from django.core.checks import Tags, run_checks

ROOT = Path(__file__).resolve().parents[2]
# Variables that would change what is tried: none leaks in from the test run's environment.
SHAPING = ("DEBUG", "DJANGO_ENV", "ALLOWED_HOSTS", "SECRET_KEY", "DJANGO_SETTINGS_MODULE")
# A server as CI's smoke test starts gunicorn, and what gunicorn does with it.
SERVER = {"DEBUG": "0", "ALLOWED_HOSTS": "127.0.0.1"}
LOAD_THE_APP = "from sitewide.wsgi import application; print('started')"


def start(**env):
    base = {
        name: value
        for name, value in os.environ.items()
        if name not in SHAPING and not name.startswith("VNPAY_")
    }
    full = {**base, **env, "DJANGO_SETTINGS_MODULE": "sitewide.settings", "PYTHONPATH": str(ROOT)}
    return subprocess.run(  # noqa: S603 - our own interpreter and arguments
        [sys.executable, "-c", LOAD_THE_APP],
        cwd=ROOT,
        env=full,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_server_with_the_simulator_and_no_secret_refuses_to_start():
    result = start(**SERVER, VNPAY_SIMULATOR_ENABLED="1")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "VNPAY_HASH_SECRET" in result.stderr
    assert "started" not in result.stdout


def test_the_simulator_still_starts_where_it_is_safe():
    # `make run`: DEBUG turns the simulator on, signing with its public secret.
    assert start(DEBUG="1").stdout.strip() == "started"
    assert start(DEBUG="1", VNPAY_SIMULATOR_ENABLED="1").stdout.strip() == "started"
    # A staging server that shows the simulator but signs with a secret of its own.
    staging = start(**SERVER, VNPAY_SIMULATOR_ENABLED="1", VNPAY_HASH_SECRET="staging-secret")
    assert staging.stdout.strip() == "started", staging.stderr
    # CI's smoke test: no DEBUG, no VNPay settings, so no simulator (and no online payments).
    assert start(**SERVER).stdout.strip() == "started"


def ids(messages):
    return [message.id for message in messages]


def test_the_system_check_names_the_same_refusal(settings):
    """For settings changed after load (another settings module importing ours)."""
    settings.DEBUG = False
    settings.VNPAY_SIMULATOR_ENABLED = True
    settings.VNPAY_HASH_SECRET = ""
    errors = [
        message for message in run_checks(tags=[Tags.security]) if message.id == "sitewide.E001"
    ]
    assert len(errors) == 1
    assert errors[0].is_serious()
    assert "VNPAY_HASH_SECRET" in errors[0].msg
    settings.VNPAY_HASH_SECRET = "staging-secret"
    assert "sitewide.E001" not in ids(run_checks(tags=[Tags.security]))
    settings.VNPAY_HASH_SECRET = ""
    settings.DEBUG = True
    assert "sitewide.E001" not in ids(run_checks(tags=[Tags.security]))
    settings.DEBUG = False
    settings.VNPAY_SIMULATOR_ENABLED = False
    assert "sitewide.E001" not in ids(run_checks(tags=[Tags.security]))
