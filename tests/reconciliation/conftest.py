"""Builders for reconciliation's tests: a fund with a bank account, a linked campaign, pledges
carrying the payment codes written into tests/reconciliation/fixtures/statements/
(bank_rows.CODES), and what "nothing stored" means after a refused import."""

import datetime
from pathlib import Path

import pytest

from donations.models import Allocation, DonorKind, LedgerTotal, Pledge, Receipt
from reconciliation.models import StatementImport, StatementLine
from tests.donations.conftest import make_bank_account, make_donor
from tests.reconciliation.fixtures.statements.bank_rows import CODES

FIXTURES = Path(__file__).parent / "fixtures" / "statements"


PLEDGED_ON = datetime.date(2024, 8, 20)


def read_fixture(name):
    return (FIXTURES / name).read_bytes()


def make_pledge(code, amount, *, donor=None, campaign=None, fund=None, **kwargs):
    """A pledge with a given payment code (record_pledge draws random codes)."""
    if fund is None:
        fund = campaign.ledger_fund.fund
    return Pledge.objects.create(
        code=code,
        amount=amount,
        donor=donor or make_donor(kwargs.pop("donor_name", "Nguyễn Văn An")),
        campaign=campaign,
        fund=fund,
        pledged_on=kwargs.pop("pledged_on", PLEDGED_ON),
        due_on=kwargs.pop("due_on", None),
        **kwargs,
    )


@pytest.fixture
def account(fund):
    """The Vietcombank account of tests/reconciliation/fixtures/statements/vietcombank.csv."""
    return make_bank_account(fund, number="0071001234567")


@pytest.fixture
def campaign(ledger_campaign):
    return ledger_campaign


@pytest.fixture
def pledges(campaign):
    """Pledges for the codes of vietcombank.csv: C0 and C1 paid in full by their lines, C2 and
    C3 together by one line (split); C5 is the pledge whose code the donor mistyped."""
    minh_phat = make_donor("Công ty TNHH Minh Phát", kind=DonorKind.BUSINESS)
    return {
        "C0": make_pledge(CODES[0], 1_000_000, campaign=campaign, donor_name="Nguyễn Văn An"),
        "C1": make_pledge(CODES[1], 500_000, campaign=campaign, donor_name="Trần Thị Bích"),
        "C2": make_pledge(CODES[2], 3_000_000, campaign=campaign, donor=minh_phat),
        "C3": make_pledge(CODES[3], 2_000_000, campaign=campaign, donor=minh_phat),
        "C5": make_pledge(CODES[5], 300_000, campaign=campaign, donor_name="Lê Văn Hải"),
    }


def nothing_stored():
    return not (
        StatementImport.objects.exists()
        or StatementLine.objects.exists()
        or Receipt.objects.exists()
        or Allocation.objects.exists()
        or LedgerTotal.objects.exists()
    )
