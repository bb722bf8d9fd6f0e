"""The transactions the simulator has seen, kept in Django's cache.

The cache, not a dict: with Redis configured, the web process that showed the payment page,
the one answering querydr and a task worker retrying the IPN all see the same data. A simulator
has no app and no models, and losing its memory after a week is harmless.
"""

import contextlib
import time

from django.core.cache import cache

PREFIX = "vnpay-simulator:"
KEEP_SECONDS = 7 * 24 * 3600
FIRST_TRANSACTION_NO = 14_000_000
LOCK_SECONDS = 10
DUPLICATE_WINDOW_SECONDS = 5 * 60


def get_transaction(txn_ref):
    return cache.get(f"{PREFIX}txn:{txn_ref}")


def save_transaction(record):
    cache.set(f"{PREFIX}txn:{record['txn_ref']}", record, KEEP_SECONDS)


def next_transaction_no():
    """VNPay's own transaction number: increasing, atomic on Redis (INCR)."""
    key = f"{PREFIX}transaction-no"
    cache.add(key, FIRST_TRANSACTION_NO, KEEP_SECONDS)
    try:
        return cache.incr(key)
    except ValueError:  # evicted between add and incr
        cache.add(key, FIRST_TRANSACTION_NO + 1, KEEP_SECONDS)
        return cache.incr(key)


def claim_request_id(request_id):
    """False when this vnp_RequestId was already used in the last 5 minutes (answer 94)."""
    return cache.add(f"{PREFIX}request:{request_id}", 1, DUPLICATE_WINDOW_SECONDS)


@contextlib.contextmanager
def locked(txn_ref, wait_seconds=5):
    """A short mutual exclusion per TxnRef (cache.add is atomic in Redis and LocMem)."""
    key = f"{PREFIX}lock:{txn_ref}"
    deadline = time.monotonic() + wait_seconds
    while not cache.add(key, 1, LOCK_SECONDS):
        if time.monotonic() > deadline:
            raise TimeoutError(f"Transaction {txn_ref} is busy.")
        time.sleep(0.02)
    try:
        yield
    finally:
        cache.delete(key)


def record_ipn_attempt(txn_ref, attempt, rsp_code):
    """Keep what our IPN answered, attempt by attempt, for the developer looking at it."""
    with locked(txn_ref):
        record = get_transaction(txn_ref)
        if record is None:
            return
        record.setdefault("ipn_attempts", []).append({"attempt": attempt, "rsp_code": rsp_code})
        save_transaction(record)
