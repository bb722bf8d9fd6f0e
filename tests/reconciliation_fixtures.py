"""Fixtures for the reconciliation tests: a fund with a bank account, a linked campaign, and
pledges carrying the payment codes written into tests/fixtures/statements/ (bank_rows.CODES).

Load with ``pytest_plugins = ["donations.testing", "tests.reconciliation_fixtures"]``.
"""

import datetime
from pathlib import Path

import pytest

from donations.models import DonorKind, Pledge
from donations.testing import make_bank_account, make_donor
from tests.reconciliation.fixtures.statements.bank_rows import CODES, MISTYPED, TRUNCATED

FIXTURES = Path(__file__).parent / "reconciliation" / "fixtures" / "statements"
PLEDGED_ON = datetime.date(2024, 8, 20)

__all__ = ["CODES", "FIXTURES", "MISTYPED", "TRUNCATED", "make_pledge", "read_fixture"]


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
    """The Vietcombank account of tests/fixtures/statements/vietcombank.csv."""
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
