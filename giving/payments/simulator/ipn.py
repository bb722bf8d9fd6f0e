"""The simulator calling our IPN the way VNPay does: GET, then retries until a final answer.

VNPay stops when the merchant answers RspCode 00 or 02 and otherwise tries again, up to 10 calls
in all, 5 minutes apart (docs/vnpay.md §2). The first call is made by the pay page itself,
before the browser is redirected; later ones are django-tasks tasks run at their time.
"""

import datetime
import json
import logging
import threading
from urllib.parse import parse_qs

from django.conf import settings
from django.utils import timezone
from django_tasks import task

from giving.payments import transport
from giving.payments.simulator import store
from giving.payments.vnpay import IPN_FINAL_CODES

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
RETRY_SECONDS = 5 * 60
IPN_TIMEOUT = 10


def retry_delay():
    return datetime.timedelta(
        seconds=getattr(settings, "VNPAY_SIMULATOR_RETRY_SECONDS", RETRY_SECONDS)
    )


def call_ipn(ipn_url, query):
    """One GET to our IPN; its RspCode, or None when it did not answer with VNPay JSON."""
    separator = "&" if "?" in ipn_url else "?"
    try:
        response = transport.http_call("GET", f"{ipn_url}{separator}{query}", timeout=IPN_TIMEOUT)
        answer = json.loads(response.body)
    except (transport.TransportError, ValueError) as error:
        logger.warning("VNPay simulator: IPN %s did not answer: %s", ipn_url, error)
        return None
    if response.status != 200 or not isinstance(answer, dict):
        return None
    code = answer.get("RspCode")
    return code if isinstance(code, str) else None


def deliver_ipn(ipn_url, query, attempt=1):
    """Call the IPN once; schedule the next attempt when the answer is not final.

    Returns the RspCode received (None when none). Plain function: tests call it directly.
    """
    rsp_code = call_ipn(ipn_url, query)
    txn_ref = parse_qs(query).get("vnp_TxnRef", [""])[0]
    store.record_ipn_attempt(txn_ref, attempt, rsp_code)
    if rsp_code not in IPN_FINAL_CODES and attempt < MAX_ATTEMPTS:
        schedule_retry(ipn_url, query, attempt + 1)
    return rsp_code


@task()
def retry_ipn(ipn_url, query, attempt):
    """A later IPN attempt (the task the retries run as)."""
    return deliver_ipn(ipn_url, query, attempt)


def schedule_retry(ipn_url, query, attempt):
    """Run retry_ipn after the retry delay.

    A backend that can defer (a database or Redis queue) gets run_after. The default
    ImmediateBackend of `make run` cannot wait, and running the retry at once would make ten
    calls in a row, so a daemon timer enqueues it later in the same process instead.
    """
    delay = retry_delay()
    if retry_ipn.get_backend().supports_defer:
        return retry_ipn.using(run_after=timezone.now() + delay).enqueue(ipn_url, query, attempt)
    timer = threading.Timer(delay.total_seconds(), retry_ipn.enqueue, (ipn_url, query, attempt))
    timer.daemon = True
    timer.start()
    return timer
