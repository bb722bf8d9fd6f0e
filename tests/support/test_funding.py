"""support.funding: an approved decision's households, total and lines paid in full, kept as
vouchers and reversals are written (what the disclosure's progress reads), and checked by
verify_ledger. Expected counts are worked out by hand from the payments made here."""

import pytest

from donations.services import reverse_voucher
from support import ledger_integrity, services
from support.models import Decision
from tests.support.conftest import DAY, approved_decision, make_household

pytestmark = pytest.mark.django_db


def counts(decision):
    decision = Decision.objects.get(pk=decision.pk)
    return decision.line_count, decision.line_total, decision.lines_funded


def pay(world, line, amount):
    return services.pay_line(line, amount=amount, method="cash", paid_on=DAY, user=world.front)


@pytest.fixture
def decision(support_world):
    w = support_world
    second = make_household(w.commune, "Hồ Văn Kiên")
    third = make_household(w.commune, "Nguyễn Thị Hoa")
    return approved_decision(w, [w.household, second, third])


def test_approval_counts_the_lines(decision):
    # Three households at the level's 60.000.000 each, nothing paid yet.
    assert counts(decision) == (3, 180_000_000, 0)


def test_a_line_counts_once_when_its_payments_reach_its_amount(support_world, decision):
    first, second, _third = decision.lines.order_by("pk")
    pay(support_world, first, 20_000_000)
    assert counts(decision)[2] == 0  # 20 of 60 million
    pay(support_world, first, 40_000_000)
    assert counts(decision)[2] == 1  # 60 of 60
    pay(support_world, second, 60_000_000)
    assert counts(decision)[2] == 2


def test_a_reversal_takes_the_line_back_below_its_amount(support_world, decision):
    first = decision.lines.order_by("pk").first()
    part = pay(support_world, first, 20_000_000)
    rest = pay(support_world, first, 40_000_000)
    reverse_voucher(part, reason="Chi nhầm hộ", user=support_world.front)
    assert counts(decision)[2] == 0  # 40 of 60 left
    pay(support_world, first, 20_000_000)
    assert counts(decision)[2] == 1
    reverse_voucher(rest, reason="Ghi sai số tiền", user=support_world.front)
    assert counts(decision)[2] == 0  # 20 of 60 left
    assert ledger_integrity.decision_counts().ok


def test_verify_ledger_finds_a_count_changed_by_hand(support_world, decision):
    pay(support_world, decision.lines.order_by("pk").first(), 60_000_000)
    assert ledger_integrity.decision_counts().ok
    Decision.objects.filter(pk=decision.pk).update(lines_funded=3)

    result = ledger_integrity.decision_counts()

    assert result.count == 1
    assert "3 hộ, 180.000.000 ₫, 3 hộ đã chi đủ" in result.examples[0]
