"""Support's checks in verify_ledger find what the services never write: a voucher under a
decision revoked behind the services' back, a line paid more than its amount, a decision
approved by its proposer, a house's stages out of order."""

import datetime

import pytest

from support import ledger_integrity, services
from support.models import Decision, DecisionLine, DecisionRevocation, House
from tests.support.conftest import DAY, approved_decision

pytestmark = pytest.mark.django_db


@pytest.fixture
def paid_line(support_world):
    w = support_world
    line = approved_decision(w, [w.household]).lines.get()
    services.pay_line(line, amount=30_000_000, method="cash", paid_on=DAY, user=w.front)
    return line


def test_the_checks_pass_on_what_the_services_wrote(paid_line):
    for check in (
        ledger_integrity.vouchers_under_approved_lines,
        ledger_integrity.lines_within_their_amount,
        ledger_integrity.decisions_approved_by_another,
        ledger_integrity.houses_in_order,
    ):
        assert check().ok, check.__name__


def test_a_voucher_under_a_revoked_decision_is_found(paid_line):
    DecisionRevocation.objects.create(decision=paid_line.decision, reason="Sửa tay trong CSDL")
    assert ledger_integrity.vouchers_under_approved_lines().count == 1


def test_a_line_paid_more_than_its_amount_is_found(paid_line):
    DecisionLine.objects.filter(pk=paid_line.pk).update(amount=20_000_000)
    result = ledger_integrity.lines_within_their_amount()
    assert result.count == 1
    assert "30.000.000" in result.examples[0]


def test_a_decision_without_its_number_is_found(paid_line):
    Decision.objects.filter(pk=paid_line.decision_id).update(number="")
    assert ledger_integrity.decisions_approved_by_another().count == 1


def test_stages_out_of_order_are_found(paid_line):
    House.objects.filter(line=paid_line).update(
        stage=House.Stage.STARTED, started_on=datetime.date(2026, 1, 1)
    )
    assert ledger_integrity.houses_in_order().count == 1
