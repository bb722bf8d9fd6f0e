"""The distributions CSV (cong-khai.csv) is built once per money version and served from the
stored copy, by the statement CSV's mechanism (donations.public.exports): a repeated request
reads no voucher, what would start a build is limited per client, and a household that
withdraws its consent to be named leaves every stored copy at once."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import disclosure.tasks
from donations.models import Voucher
from donations.public import exports
from support import services as support_services
from support.models import Consent
from tests.support.conftest import DAY

NAMED = "Hồ Thị Nhung"


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def csv_url(world):
    return reverse("disclosure_csv", args=[world.campaign.slug])


def text(response):
    assert response.status_code == 200, response
    return b"".join(response.streaming_content).decode("utf-8-sig")


def test_a_second_request_is_served_from_the_stored_copy(world, client):
    first = text(client.get(csv_url(world)))
    assert world.voucher.number in first
    with CaptureQueriesContext(connection) as queries:
        again = client.get(csv_url(world))
    assert again["X-Cache"] == "HIT"
    assert text(again) == first
    assert not [q for q in queries.captured_queries if "donations_voucher" in q["sql"]]


def test_a_new_voucher_gives_a_new_copy(world, client, django_capture_on_commit_callbacks):
    text(client.get(csv_url(world)))
    with django_capture_on_commit_callbacks(execute=True):
        decision = support_services.propose_decision(
            fund=world.province_fund, support_level=world.scholarship, title="Học bổng",
            beneficiaries=[world.other_household], user=world.front, campaign=world.campaign,
        )  # fmt: skip
        support_services.approve_decision(
            decision, user=world.board, number="8/QĐ-BVĐ", decided_on=DAY
        )
        voucher = support_services.pay_line(
            decision.lines.get(), amount=5_000_000, method=Voucher.Method.CASH, paid_on=DAY,
            user=world.front,
        )  # fmt: skip
    response = client.get(csv_url(world))
    assert response["X-Cache"] == "MISS"
    assert voucher.number in text(response)


def test_what_cannot_be_served_from_a_copy_is_limited_per_client(world, client, settings):
    settings.STATEMENT_CSV_RATE_LIMIT = 2
    for _ in range(2):
        text(client.get(csv_url(world)))
        exports.forget_copies([world.campaign.pk])  # no copy: each request would build
    limited = client.get(csv_url(world))
    assert limited.status_code == 429
    assert limited["Retry-After"]


def test_a_household_withdrawing_consent_leaves_the_stored_copy_at_once(world, client):
    support_services.change_consent(
        world.household, consent=Consent.FULL_NAME, on=DAY, user=world.front
    )
    assert NAMED in text(client.get(csv_url(world)))
    assert client.get(csv_url(world))["X-Cache"] == "HIT"

    support_services.change_consent(
        world.household, consent=Consent.MASKED, on=DAY, user=world.front
    )

    body = text(client.get(csv_url(world)))
    assert NAMED not in body
    assert "Hộ bà Hồ T. N." in body


def test_a_copy_being_rebuilt_does_not_serve_the_withdrawn_name(
    world, client, settings, monkeypatch
):
    """A campaign too large for a request is built by a task; meanwhile the older copy is
    served (STALE), except after a withdrawal: then "being prepared"."""
    calls = []

    class Queue:
        def enqueue(self, *args):
            calls.append(args)

    monkeypatch.setattr(disclosure.tasks, "build_disclosure_csv", Queue())
    settings.STATEMENT_CSV_INLINE_ROWS = 0
    support_services.change_consent(
        world.household, consent=Consent.FULL_NAME, on=DAY, user=world.front
    )
    assert client.get(csv_url(world)).status_code == 503  # queued, nothing to serve yet
    exports.build_by_id(*calls.pop(), kind="disclosure-csv")
    assert NAMED in text(client.get(csv_url(world)))

    support_services.change_consent(
        world.household, consent=Consent.MASKED, on=DAY, user=world.front
    )

    pending = client.get(csv_url(world))
    assert pending.status_code == 503
    assert NAMED not in pending.content.decode()
    exports.build_by_id(*calls.pop(), kind="disclosure-csv")
    fresh = client.get(csv_url(world))
    assert fresh["X-Cache"] == "HIT" and NAMED not in text(fresh)


def test_the_printable_report_is_stored_per_commune(world, client):
    pytest.importorskip("weasyprint")
    pdf = reverse("disclosure_pdf", args=[world.campaign.slug])
    first = client.get(pdf)
    assert first["X-Cache"] == "MISS" and first["Content-Type"] == "application/pdf"
    whole = b"".join(first.streaming_content)
    assert whole.startswith(b"%PDF")
    again = client.get(pdf)
    assert again["X-Cache"] == "HIT"
    assert b"".join(again.streaming_content) == whole
    one_commune = client.get(pdf, {"xa": world.commune.pk})
    assert one_commune["X-Cache"] == "MISS"  # its own copy, not the whole campaign's
    assert client.get(pdf, {"xa": world.commune.pk})["X-Cache"] == "HIT"
