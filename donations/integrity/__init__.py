"""The ledger's invariants, checked by the database (`python manage.py verify_ledger`).

Money rules that a constraint cannot express (a receipt's allocations never exceed it, the
buckets equal their receipts, receipt numbers have no gaps…) are kept by the services under row
locks. These checks prove, after the fact, that they held: after a restore from backup, a bulk
load, a hand-made SQL fix, or in CI on the demo data. Each check is one or a few aggregate
queries, never a Python loop over rows, so a ledger of a million receipts is checked in seconds.

Checks are registered here by the apps that own the records: the ledger's own in
donations.integrity.ledger, online gifts by giving, statement lines by reconciliation (their
AppConfig.ready), so the ledger never imports them.
"""

from dataclasses import dataclass, field

#: How many examples of a broken invariant the report names.
EXAMPLES = 10


@dataclass
class Result:
    """What a check found: how many records break the invariant, and the first few described."""

    count: int = 0
    examples: list = field(default_factory=list)

    @property
    def ok(self):
        return self.count == 0

    def __add__(self, other):
        examples = (self.examples + other.examples)[:EXAMPLES]
        return Result(self.count + other.count, examples)


@dataclass(frozen=True)
class Check:
    name: str
    title: str  # lazily translated
    function: object

    def run(self):
        return self.function()


_checks = {}


def register(title):
    """Decorator: a function returning a Result becomes a check named after its module and name
    (registering it again, as ready() may do in tests, replaces it)."""

    def decorator(function):
        name = f"{function.__module__}.{function.__name__}"
        _checks[name] = Check(name=name, title=title, function=function)
        return function

    return decorator


def registered():
    return list(_checks.values())


def found(queryset, describe):
    """The Result for a queryset of problem rows: counted, the first EXAMPLES described."""
    examples = [describe(row) for row in queryset[:EXAMPLES]]
    count = len(examples) if len(examples) < EXAMPLES else queryset.count()
    return Result(count, examples)
