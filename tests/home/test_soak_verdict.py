"""The judgement of bench/soak.sh (bench/soak/verdict.py): a clean run passes, each kind of
failure the soak exists to catch is reported."""

import collections
import copy

import pytest

from bench.soak import verdict

MB = verdict.MB


def test_percentile_is_nearest_rank():
    values = [5, 1, 4, 2, 3]
    assert verdict.percentile(values, 0.5) == 3
    assert verdict.percentile(values, 0.99) == 5
    assert verdict.percentile([7], 0.99) == 7


def test_statuses_pass_without_5xx_errors_or_surprises():
    ok = collections.Counter({200: 900, 302: 100})
    assert verdict.status_problems(ok, collections.Counter(), collections.Counter()) == []
    with_502 = ok + collections.Counter({502: 1})
    assert (
        "1 answers with a 5xx"
        in verdict.status_problems(with_502, collections.Counter(), collections.Counter())[0]
    )
    no_answer = collections.Counter({"home: ConnectionResetError": 2})
    assert verdict.status_problems(ok, no_answer, collections.Counter())
    surprise = collections.Counter({"search: 404": 3})
    assert verdict.status_problems(ok, collections.Counter(), surprise)


def series(pid, values, every=10):
    return [(index * every, pid, kb) for index, kb in enumerate(values)]


def test_rss_first_is_taken_after_the_warm_up():
    samples = series(11, [60 * MB, 110 * MB, 112 * MB, 113 * MB])
    worker = verdict.rss_by_worker(samples, warmup_seconds=10)[11]
    assert worker["first_kb"] == 110 * MB and worker["last_kb"] == 113 * MB
    assert worker["growth_kb"] == 3 * MB and worker["max_kb"] == 113 * MB
    assert worker["trend_kb"] == [110 * MB, 110 * MB, 112 * MB, 113 * MB, 113 * MB]
    assert verdict.rss_problems({11: worker}, expected_workers=1, limit_mb=20) == []
    # A run shorter than the warm-up starts from its first sample.
    short = verdict.rss_by_worker(series(11, [60 * MB, 70 * MB]), warmup_seconds=600)[11]
    assert short["growth_kb"] == 10 * MB


def test_trend_picks_evenly_spaced_values():
    assert verdict.trend(list(range(9))) == [0, 2, 4, 6, 8]
    assert verdict.trend([5]) == [5, 5, 5, 5, 5]


def test_rss_growth_over_the_limit_fails():
    samples = series(11, [100 * MB, 100 * MB]) + series(12, [100 * MB, 131 * MB])
    summary = verdict.rss_by_worker(sorted(samples), warmup_seconds=0)
    problems = verdict.rss_problems(summary, expected_workers=2, limit_mb=20)
    assert len(problems) == 1 and "worker 12 grew by 31.0 MB" in problems[0]


def test_a_restarted_worker_fails_the_memory_check():
    samples = series(11, [100 * MB] * 3) + series(12, [100 * MB]) + series(13, [90 * MB])
    summary = verdict.rss_by_worker(sorted(samples), warmup_seconds=0)
    assert "restarted" in verdict.rss_problems(summary, expected_workers=2, limit_mb=20)[0]
    assert verdict.rss_problems({}, expected_workers=2, limit_mb=20)


@pytest.fixture
def clean_run():
    client = {
        "vnpay": {"UHA": 100_000, "UHB": 250_000, "UHC": 50_000},
        "acked": {"UHA", "UHB", "UHC"},
        "transfers": {"tok1", "tok2"},
        "ipn_unexpected": collections.Counter(),
    }
    db = {
        "vnpay": {
            ref: {"amount": amount, "status": "paid", "receipt_amount": amount}
            for ref, amount in client["vnpay"].items()
        },
        "transfers": {
            token: {"amount": 200_000, "status": "pending", "has_receipt": False}
            for token in client["transfers"]
        },
        "new_receipts": 3,
        "doubled": [],
        "received_delta": 400_000,
        "totals_agree": True,
    }
    return client, db


def test_a_clean_run_has_no_donation_problem(clean_run):
    assert verdict.donation_problems(*clean_run) == []


def broken(clean_run, change):
    client, db = copy.deepcopy(clean_run)
    change(client, db)
    return verdict.donation_problems(client, db)


def test_lost_and_unknown_gifts_are_reported(clean_run):
    def lose(client, db):
        del db["vnpay"]["UHC"]
        db["new_receipts"] = 2
        db["received_delta"] = 350_000

    assert any("not in the database" in p for p in broken(clean_run, lose))

    def stray(client, db):
        db["transfers"]["tok9"] = {"amount": 1, "status": "pending", "has_receipt": False}

    assert any("never saw started" in p for p in broken(clean_run, stray))


def test_doubled_receipts_are_reported(clean_run):
    def double(client, db):
        db["doubled"] = ["30000007"]
        db["new_receipts"] = 4
        db["received_delta"] = 500_000

    problems = broken(clean_run, double)
    assert any("recorded twice" in p for p in problems)
    assert any("4 receipts recorded for 3" in p for p in problems)
    assert any("moved by 500000" in p for p in problems)


def test_acknowledged_but_unpaid_and_paid_but_unacknowledged(clean_run):
    def unpaid(client, db):
        db["vnpay"]["UHA"].update(status="pending", receipt_amount=None)

    assert any("acknowledged but the gift is pending" in p for p in broken(clean_run, unpaid))

    def silent(client, db):
        client["acked"].discard("UHB")

    assert any("never acknowledged" in p for p in broken(clean_run, silent))


def test_wrong_amounts_totals_and_ipn_answers_are_reported(clean_run):
    def wrong_amount(client, db):
        db["vnpay"]["UHA"]["receipt_amount"] = 10_000

    assert any("receipt of 10000 for 100000" in p for p in broken(clean_run, wrong_amount))

    def stale_totals(client, db):
        db["totals_agree"] = False

    assert any("running totals" in p for p in broken(clean_run, stale_totals))

    def transfer_paid(client, db):
        db["transfers"]["tok1"].update(status="paid", has_receipt=True)

    assert any("without a bank line" in p for p in broken(clean_run, transfer_paid))

    def ipn_99(client, db):
        client["ipn_unexpected"]["99 (wanted 00)"] = 1

    assert any("unexpected IPN" in p for p in broken(clean_run, ipn_99))


def test_email_tasks_match_the_paid_gifts_with_an_address():
    assert verdict.email_problems(3, {"SUCCESSFUL": 3}) == []
    assert verdict.email_problems(3, {"SUCCESSFUL": 2, "FAILED": 1})
    assert verdict.email_problems(3, {"SUCCESSFUL": 2, "READY": 1})
    assert verdict.email_problems(3, {"SUCCESSFUL": 2})
