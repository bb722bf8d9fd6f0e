from .donors import Donor, DonorKind
from .funds import BankAccount, CampaignFund, Fund
from .honour import HonourTally, HonourTotal
from .ledger import Allocation, GoodsTotal, LedgerTotal, ReceiptCounter, Reversal
from .mixins import Disclosure, ImmutableRecordError
from .pledges import Pledge, PledgeStatus
from .receipts import Channel, Receipt
from .spending import (
    DocumentCounter,
    Flow,
    FundAssignment,
    FundDayTotal,
    FundTransfer,
    SpendingTotal,
    SupportType,
    Voucher,
)

__all__ = [
    "DocumentCounter",
    "Flow",
    "FundAssignment",
    "FundDayTotal",
    "FundTransfer",
    "SpendingTotal",
    "SupportType",
    "Voucher",
    "Allocation",
    "BankAccount",
    "CampaignFund",
    "Channel",
    "Disclosure",
    "Donor",
    "DonorKind",
    "Fund",
    "HonourTally",
    "HonourTotal",
    "ImmutableRecordError",
    "GoodsTotal",
    "LedgerTotal",
    "Pledge",
    "PledgeStatus",
    "Receipt",
    "ReceiptCounter",
    "Reversal",
]
