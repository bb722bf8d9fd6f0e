"""The soak's judgement, kept apart from the HTTP and the database so it can be unit-tested
(tests/home/test_soak_verdict.py): each function takes plain data and returns the list of problems
found, in English for the operator's console; an empty list means the check passed.
"""

import collections

MB = 1024  # RSS is sampled in kB (/proc/<pid>/status VmRSS)


def percentile(values, fraction):
    """Nearest-rank percentile of a non-empty list (0.5 → median, 0.99 → p99)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def status_problems(statuses, errors, unexpected):
    """Every 5xx is a failure, so is a request that got no answer, and so is an answer other
    than the one the step expects (a 4xx on a reading page means the soak measured nothing).

    statuses: Counter of HTTP status → count; errors: Counter of error name → count;
    unexpected: Counter of "step: status" → count.
    """
    problems = []
    server_errors = sum(count for status, count in statuses.items() if int(status) >= 500)
    if server_errors:
        problems.append(f"{server_errors} answers with a 5xx status")
    if sum(errors.values()):
        problems.append(f"{sum(errors.values())} requests without an answer: {dict(errors)}")
    if sum(unexpected.values()):
        problems.append(f"unexpected answers: {dict(unexpected)}")
    return problems


def rss_by_worker(samples, warmup_seconds):
    """Per worker pid: RSS in kB at the first sample after the warm-up (templates compiled,
    caches filled), the last sample and the highest, and the growth from first to last.

    samples: (seconds since start, pid, rss_kb) tuples in time order. A worker with no sample
    after the warm-up (short runs) starts from its first sample.
    """
    series = collections.defaultdict(list)
    for seconds, pid, rss_kb in samples:
        series[pid].append((seconds, rss_kb))
    summary = {}
    for pid, points in series.items():
        all_rss = [rss for _seconds, rss in points]
        settled = [rss for seconds, rss in points if seconds >= warmup_seconds] or all_rss
        first = settled[0]
        last = points[-1][1]
        summary[pid] = {
            "first_kb": first,
            "last_kb": last,
            "max_kb": max(all_rss),
            "growth_kb": last - first,
            "trend_kb": trend(settled),
            "samples": len(points),
        }
    return summary


def trend(values, parts=4):
    """Values at 0, 1/parts, … 1 of the way through: a leak climbs steadily, a warming cache
    climbs less and less, and both look alike in "first and last" alone."""
    return [values[round(index * (len(values) - 1) / parts)] for index in range(parts + 1)]


def rss_problems(summary, expected_workers, limit_mb):
    """Flat memory: the same workers all along (none killed and restarted, which would also
    hide a leak) and none grew by more than limit_mb from its first to its last sample."""
    if not summary:
        return ["no RSS sample of any gunicorn worker"]
    problems = []
    if len(summary) != expected_workers:
        problems.append(
            f"{len(summary)} worker pids seen, {expected_workers} expected: a worker was "
            "restarted (killed on timeout or crashed)"
        )
    for pid, worker in sorted(summary.items()):
        if worker["growth_kb"] > limit_mb * MB:
            problems.append(
                f"worker {pid} grew by {worker['growth_kb'] / MB:.1f} MB "
                f"(limit {limit_mb} MB): {worker['first_kb'] / MB:.1f} → "
                f"{worker['last_kb'] / MB:.1f} MB"
            )
    return problems


def donation_problems(client, db):
    """What the client did against what the database holds: nothing lost, nothing doubled.

    client: {"vnpay": {txn_ref: amount} started, "acked": {txn_ref} answered RspCode 00,
             "transfers": {tokens of transfer gifts started}, "ipn_unexpected": Counter}
    db: {"vnpay": {txn_ref: {"amount", "status", "receipt_amount" or None}} created since
         the start, "transfers": {token: {"amount", "status", "has_receipt"}},
         "new_receipts": receipts recorded since the start, "doubled": [gateway references
         with more than one receipt], "received_delta": change of the campaign's received
         total, "totals_agree": running totals equal the sum of the receipts}
    """
    problems = []
    started, acked = client["vnpay"], client["acked"]
    lost = sorted(set(started) - set(db["vnpay"])) + sorted(
        set(client["transfers"]) - set(db["transfers"])
    )
    if lost:
        problems.append(f"{len(lost)} gifts started by the client are not in the database")
    unknown = len(set(db["vnpay"]) - set(started)) + len(
        set(db["transfers"]) - set(client["transfers"])
    )
    if unknown:
        problems.append(f"{unknown} gifts in the database that the client never saw started")
    for ref, amount in sorted(started.items()):
        gift = db["vnpay"].get(ref)
        if gift is None:
            continue
        paid = gift["status"] == "paid" and gift["receipt_amount"] is not None
        if ref in acked and not paid:
            problems.append(f"IPN for {ref} acknowledged but the gift is {gift['status']}")
        if paid and ref not in acked:
            problems.append(f"gift {ref} paid although its IPN was never acknowledged")
        if paid and gift["receipt_amount"] != amount:
            problems.append(f"gift {ref}: receipt of {gift['receipt_amount']} for {amount}")
    for token, gift in db["transfers"].items():
        if gift["has_receipt"] or gift["status"] != "pending":
            problems.append(f"transfer gift {token[:6]}… is {gift['status']} without a bank line")
    if db["doubled"]:
        problems.append(f"receipts recorded twice for {db['doubled'][:5]}")
    if db["new_receipts"] != len(acked):
        problems.append(
            f"{db['new_receipts']} receipts recorded for {len(acked)} acknowledged IPNs"
        )
    expected = sum(started[ref] for ref in acked)
    if db["received_delta"] != expected:
        problems.append(
            f"campaign received total moved by {db['received_delta']} đồng, expected {expected}"
        )
    if not db["totals_agree"]:
        problems.append("running totals differ from the sum of the receipts")
    if sum(client["ipn_unexpected"].values()):
        problems.append(f"unexpected IPN answers: {dict(client['ipn_unexpected'])}")
    return problems


def email_problems(expected, statuses):
    """Each paid gift that gave an address got exactly one receipt e-mail task, and every one
    ran. statuses: task status → count (SUCCESSFUL, FAILED, READY, RUNNING)."""
    problems = []
    if statuses.get("FAILED"):
        problems.append(f"{statuses['FAILED']} receipt e-mail tasks failed")
    waiting = statuses.get("READY", 0) + statuses.get("RUNNING", 0)
    if waiting:
        problems.append(f"{waiting} receipt e-mail tasks still queued at the end")
    queued = sum(statuses.values())
    if queued != expected:
        problems.append(f"{queued} receipt e-mail tasks for {expected} paid gifts with an address")
    return problems
