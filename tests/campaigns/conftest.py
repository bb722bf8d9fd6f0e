"""Builders for the campaigns' tests: the campaign index and published campaign pages."""

import datetime

import pytest

from campaigns.models import CampaignIndexPage, CampaignPage


def make_campaign(index, title="Ngày vì người nghèo 2026", **kwargs):
    """A published campaign; ``bank_accounts`` are linked through the ledger's side of the
    relation (BankAccount.campaigns), before the publish, as staff would have them."""
    bank_accounts = kwargs.pop("bank_accounts", ())
    campaign = CampaignPage(
        title=title,
        intro=kwargs.pop("intro", "Chung tay vì người nghèo – không để ai bị bỏ lại phía sau."),
        start_date=kwargs.pop("start_date", datetime.date(2026, 10, 17)),
        end_date=kwargs.pop("end_date", datetime.date(2026, 11, 18)),
        organiser=kwargs.pop("organiser", "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"),
        target_amount=kwargs.pop("target_amount", 15_000_000_000),
        **kwargs,
    )
    index.add_child(instance=campaign)
    if bank_accounts:
        campaign.bank_accounts.add(*bank_accounts)
    campaign.save_revision().publish()
    return campaign


@pytest.fixture
def campaign_index(home):
    index = CampaignIndexPage(title="Chiến dịch", slug="chien-dich")
    home.add_child(instance=index)
    return index
