"""Builders for the public record's tests: a fixed signing key and origin, entries appended
through the service, the standalone verifier loaded from docs/, and an opener that lets it
read the site through Django's test client instead of the network."""

import base64
import importlib.util
import io
import urllib.error
from pathlib import Path

import pytest
from django.db import transaction
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]
TEST_SEED = bytes(range(32))
ORIGIN = "chungtay.test/minh-bach"


@pytest.fixture(autouse=True)
def signing_key(settings, tmp_path):
    settings.PUBLIC_RECORD_SIGNING_KEY = base64.b64encode(TEST_SEED).decode()
    settings.PUBLIC_RECORD_SIGNING_KEY_FILE = ""
    settings.PUBLIC_RECORD_ORIGIN = ORIGIN
    settings.PUBLIC_RECORD_DEMO_KEY_FILE = tmp_path / "demo-key.pem"


def receipt_body(number):
    return {"amount": 100_000 * (number + 1), "number": f"PT-{number:05d}", "fund": "Quỹ tỉnh"}


def append(count, start=0, kind="receipt"):
    """``count`` entries appended in one transaction; their bodies are receipt_body(n)."""
    from public_record.services import append_entry

    with transaction.atomic():
        return [
            append_entry(kind=kind, body=receipt_body(number))
            for number in range(start, start + count)
        ]


def sign():
    from public_record.services import sign_checkpoint

    return sign_checkpoint()


def load_verifier():
    spec = importlib.util.spec_from_file_location(
        "verify_public_record_under_test", ROOT / "docs" / "verify_public_record.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class ClientOpener:
    """urllib's opener interface over Django's test client (the verifier's only door)."""

    def __init__(self):
        self.client = Client(raise_request_exception=False)
        self.paths = []

    def open(self, request, timeout=None):
        url = request.full_url.removeprefix("http://testserver")
        self.paths.append(url)
        response = self.client.get(url)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if response.status_code != 200:
            raise urllib.error.HTTPError(
                request.full_url, response.status_code, "error", {}, io.BytesIO(body)
            )
        return io.BytesIO(body)


def run_verifier(*extra):
    """(exit status, printed lines) of the standalone verifier against the test site."""
    lines = []
    status = load_verifier().main(
        ["http://testserver", "--samples", "4", *extra], out=lines.append, opener=ClientOpener()
    )
    return status, lines
