"""The soak's visitors: readers, VNPay donors and transfer donors, over plain http.client.

Each scenario is what a browser (and, for the IPN, VNPay's server) does, one request after the
other; gunicorn's sync workers close every connection, so each request opens its own. Every
answer is counted in a Tally; what the donors started and what the IPN answered is kept in a
Ledger for comparison with the database afterwards (verdict.donation_problems).
"""

import collections
import http.client
import itertools
import json
import re
import threading
import time
from http.cookies import SimpleCookie
from urllib.parse import parse_qsl, urlencode, urlsplit

HOST = "127.0.0.1"
IPN_PATH = "/donations/vnpay/ipn/"
RETURN_PATH = "/donations/vnpay/return/"
CSRF_INPUT = re.compile(rb'name="csrfmiddlewaretoken" value="([^"]+)"')
DONATE_ACTION = re.compile(rb'action="(/ung-ho/gui/\d+/)')
READING = ("home", "story", "campaign", "statement_first", "statement_last", "search")
PRESETS = (50_000, 100_000, 200_000, 500_000)


class Tally:
    """Answers by status and by step, latencies by step, requests that got no answer."""

    def __init__(self):
        self.lock = threading.Lock()
        self.statuses = collections.Counter()
        self.errors = collections.Counter()
        self.unexpected = collections.Counter()
        self.latencies = collections.defaultdict(list)

    def answer(self, step, status, seconds, expected):
        with self.lock:
            self.statuses[status] += 1
            self.latencies[step].append(seconds)
            if status not in expected:
                self.unexpected[f"{step}: {status}"] += 1

    def failure(self, step, error):
        with self.lock:
            self.errors[f"{step}: {type(error).__name__}"] += 1

    @property
    def requests(self):
        return sum(self.statuses.values()) + sum(self.errors.values())


class Ledger:
    """What the donors did, as the client saw it."""

    def __init__(self):
        self.lock = threading.Lock()
        self.vnpay = {}  # txn_ref → amount (đồng) of every VNPay gift started
        self.acked = set()  # txn_refs whose first IPN was answered RspCode 00
        self.with_email = set()  # txn_refs of gifts that gave an e-mail address
        self.transfers = set()  # status-page tokens of the transfer gifts started
        self.duplicates = 0  # repeated IPNs answered 02, as VNPay's retries must be
        self.ipn_unexpected = collections.Counter()


class Budget:
    """Stops new scenarios after `seconds` or `requests`, paces requests to `rate` per second
    over all clients (0: as fast as the server answers)."""

    def __init__(self, seconds, requests, rate, tally):
        self.deadline = time.monotonic() + seconds
        self.requests, self.tally = requests, tally
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self.next_slot = time.monotonic()
        self.lock = threading.Lock()

    def open(self):
        return time.monotonic() < self.deadline and self.tally.requests < self.requests

    def pace(self):
        if not self.interval:
            return
        with self.lock:
            slot = max(self.next_slot, time.monotonic())
            self.next_slot = slot + self.interval
        time.sleep(max(0.0, slot - time.monotonic()))


class Visitor:
    """One browser: its cookies, and the requests it makes, each counted in the tally."""

    def __init__(self, port, tally, budget):
        self.port, self.tally, self.budget = port, tally, budget
        self.cookies = {}

    def call(self, step, method, path, expected, form=None):
        """(status, headers, body), or None when no answer came (counted as an error)."""
        self.budget.pace()
        headers = {"Host": HOST, "User-Agent": "chungtay-soak"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            content = response.read()
        except (OSError, http.client.HTTPException) as error:
            self.tally.failure(step, error)
            return None
        finally:
            connection.close()
        self.tally.answer(step, response.status, time.perf_counter() - started, expected)
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response.status, response.headers, content


class Scenarios:
    """The mix: mostly reading, some VNPay gifts (IPN signed as VNPay would, sometimes sent
    twice, then the donor's return), some VietQR transfer gifts (status page with the QR)."""

    def __init__(self, urls, ledger, sign_ipn, duplicates):
        self.urls, self.ledger = urls, ledger
        self.sign_ipn, self.duplicates = sign_ipn, duplicates
        self.numbers = itertools.count(30_000_000)
        self.number_lock = threading.Lock()

    def next_number(self):
        with self.number_lock:
            return next(self.numbers)

    def read(self, visitor, rng):
        page = rng.choice(READING)
        visitor.call(page, "GET", self.urls[page], {200})

    def _start_gift(self, visitor, rng, method):
        """Campaign page, then the donate form's POST; the redirect's Location, or None."""
        page = visitor.call("campaign", "GET", self.urls["campaign"], {200})
        if page is None or page[0] != 200:
            return None, None
        token, action = CSRF_INPUT.search(page[2]), DONATE_ACTION.search(page[2])
        if not token or not action:
            visitor.tally.failure("donate form", LookupError("no donate form on the campaign"))
            return None, None
        number = self.next_number()
        form = {"csrfmiddlewaretoken": token.group(1).decode(), "method": method, "website": ""}
        if rng.random() < 0.5:
            form["preset"] = str(rng.choice(PRESETS))
        else:
            amount = f"{rng.randint(10, 300) * 1000:,}".replace(",", ".")  # typed as "125.000"
            form.update(preset="other", other_amount=amount)
        if rng.random() < 0.5:
            form.update(disclosure="masked", donor_name=f"Nguyễn Văn {number}", consent="on")
        else:
            form["disclosure"] = "anonymous"
        if rng.random() < 0.3:
            form["email"] = f"nha-hao-tam-{number}@example.org"
        answer = visitor.call(f"donate {method}", "POST", action.group(1).decode(), {302}, form)
        if answer is None or answer[0] != 302:
            return None, form
        return answer[1]["Location"], form

    def vnpay(self, visitor, rng):
        location, form = self._start_gift(visitor, rng, "vnpay")
        if location is None:
            return
        order = dict(parse_qsl(urlsplit(location).query))
        ref, amount = order["vnp_TxnRef"], int(order["vnp_Amount"]) // 100
        with self.ledger.lock:
            self.ledger.vnpay[ref] = amount
            if form.get("email"):
                self.ledger.with_email.add(ref)
        query = urlencode(self.sign_ipn(order, self.next_number()))
        self._ipn(visitor, ref, query, "00")
        if rng.random() < self.duplicates:
            self._ipn(visitor, ref, query, "02")
        visitor.call("vnpay return", "GET", f"{RETURN_PATH}?{query}", {200})

    def _ipn(self, visitor, ref, query, wanted):
        answer = visitor.call("vnpay ipn", "GET", f"{IPN_PATH}?{query}", {200})
        if answer is None or answer[0] != 200:
            return
        try:
            code = json.loads(answer[2])["RspCode"]
        except (ValueError, KeyError):
            code = "not JSON"
        with self.ledger.lock:
            if code == wanted == "00":
                self.ledger.acked.add(ref)
            elif code == wanted == "02":
                self.ledger.duplicates += 1
            else:
                self.ledger.ipn_unexpected[f"{code} (wanted {wanted})"] += 1

    def transfer(self, visitor, rng):
        location, _form = self._start_gift(visitor, rng, "transfer")
        if location is None:
            return
        path = urlsplit(location).path
        with self.ledger.lock:
            self.ledger.transfers.add(path.rstrip("/").rsplit("/", 1)[1])
        visitor.call("transfer status", "GET", path, {200})
