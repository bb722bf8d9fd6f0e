"""A worker killed during a statement import leaves nothing half-imported.

The upload is queued in the database queue, a real `manage.py db_worker` process takes it and
is killed with SIGKILL once the lines, receipts and allocations of the file are written but not
committed. Nothing of the file may then be in the database; the upload still waits, and running
it again imports every line once. Needs a database other processes share: PostgreSQL.
"""

import os
import selectors
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from donations.models import Receipt
from reconciliation.models import StatementImport, StatementLine, StatementUpload, UploadStatus
from reconciliation.services.uploads import queue_upload
from tests.reconciliation.conftest import nothing_stored, read_fixture

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ROOT = Path(__file__).resolve().parents[2]
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
#: The longest the test waits for the worker to reach the point where it is killed.
WORKER_DEADLINE = 120

# The worker, with one change: once the import has written everything of the file inside its
# transaction, it says so and waits (to be killed) instead of committing.
WORKER = """
import sys, time
import django
django.setup()
from reconciliation.services import intake
real = intake._record_decisions
def record_then_wait(specs):
    real(specs)
    print("WRITTEN", len(specs), flush=True)
    time.sleep(600)
intake._record_decisions = record_then_wait
from django.core.management import call_command
call_command("db_worker", "--batch", "--no-startup-delay")
"""


def database_url():
    config = connection.settings_dict
    password = f":{config['PASSWORD']}" if config.get("PASSWORD") else ""
    port = config.get("PORT") or 5432
    return (
        f"postgres://{config['USER']}{password}@{config['HOST'] or '127.0.0.1'}:{port}"
        f"/{config['NAME']}"
    )


def start_worker():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sitewide.settings",
        "DATABASE_URL": database_url(),
        "TASKS_BACKEND": "database",
        "PYTHONUNBUFFERED": "1",
    }
    return subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", WORKER],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def wait_for_line(process, prefix):
    """The worker's first output line starting with `prefix` (its whole output on failure)."""
    seen = []
    deadline = time.monotonic() + WORKER_DEADLINE
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while time.monotonic() < deadline:
            if not selector.select(timeout=1):
                if process.poll() is not None:
                    break
                continue
            line = process.stdout.readline()
            if not line:
                break
            seen.append(line)
            if line.startswith(prefix):
                return line
    process.kill()
    pytest.fail(f"the worker never wrote {prefix!r}:\n{''.join(seen)}")


def test_a_worker_killed_mid_import_leaves_nothing_and_a_rerun_imports_once(
    account, pledges, settings
):
    settings.TASKS = DATABASE_TASKS
    upload = queue_upload(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename="vietcombank.csv"
    )
    assert upload.status == UploadStatus.QUEUED

    worker = start_worker()
    try:
        written = wait_for_line(worker, "WRITTEN")
        assert written.split() == ["WRITTEN", "3"]  # three matched lines' receipts, uncommitted
        worker.send_signal(signal.SIGKILL)
        worker.wait(timeout=30)
    finally:
        if worker.poll() is None:
            worker.kill()
        worker.stdout.close()

    assert worker.returncode == -signal.SIGKILL
    assert nothing_stored()
    assert StatementUpload.objects.get(pk=upload.pk).status == UploadStatus.QUEUED

    call_command("run_statement_uploads", verbosity=0)
    call_command("run_statement_uploads", verbosity=0)  # nothing left to do the second time

    upload.refresh_from_db()
    assert upload.status == UploadStatus.DONE
    assert StatementImport.objects.count() == 1
    assert StatementLine.objects.count() == 6
    assert Receipt.objects.count() == 3
    call_command("verify_ledger", verbosity=0)  # and the ledger is whole
