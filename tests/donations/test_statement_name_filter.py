"""The public statement's name filter (issue 18, national scale): the folded public name
contains what was typed, with or without diacritics, whichever way the database serves it (on
SQLite: by id from the trigram table for a rare name, by walking the campaign for a common one);
a withdrawn name is not found; a name nobody has finds nothing."""

import datetime

import pytest

from donations.models import Channel, Disclosure
from donations.public import statement
from donations.public.statement import StatementFilters, statement_page
from donations.services import change_donor_disclosure, record_receipt
from tests.donations.conftest import at, make_donor

DAY = datetime.date(2026, 10, 20)


@pytest.fixture
def named(ledger_campaign):
    names = [
        "Nguyễn Văn An",
        "Nguyễn Văn Anh",
        "Trần Thị Hoa Mai",
        "Nguyễn Thị Lan",
        "Tôn Nữ Thị Ánh Tuyết",
    ]
    donors = {}
    for index, name in enumerate(names):
        donors[name] = make_donor(name, public_display=Disclosure.FULL_NAME)
        for gift in range(2):
            record_receipt(
                channel=Channel.CASH,
                amount=100_000 * (index + 1),
                received_at=at(DAY, 8 + index, gift),
                campaign=ledger_campaign,
                donor=donors[name],
                receipt_book_number=f"Q18-N{index}{gift}",
            )
    record_receipt(
        channel=Channel.CASH,
        amount=50_000,
        received_at=at(DAY, 20),
        campaign=ledger_campaign,
        receipt_book_number="Q18-N99",
    )
    return ledger_campaign, donors


def found(campaign, typed):
    filters = StatementFilters.from_query({"ten": typed})
    return sorted(row["public_name"] for row in statement_page(campaign, filters).rows)


@pytest.mark.parametrize("cap", [2000, 1], ids=["by-id", "walk"])
def test_a_name_is_found_inside_a_name_without_diacritics(named, cap, monkeypatch):
    monkeypatch.setattr(statement, "NAME_IDS_CAP", cap)
    campaign, _donors = named
    assert found(campaign, "nguyen van an") == ["Nguyễn Văn An"] * 2 + ["Nguyễn Văn Anh"] * 2
    assert found(campaign, "Hoa Mai") == ["Trần Thị Hoa Mai"] * 2
    assert found(campaign, "ánh tuyết") == ["Tôn Nữ Thị Ánh Tuyết"] * 2
    assert found(campaign, "khong co ai") == []
    assert found(campaign, 'an" OR "thi') == []  # typed quotes are text, not a query


def test_a_withdrawn_name_is_no_longer_found(named):
    campaign, donors = named
    change_donor_disclosure(donors["Trần Thị Hoa Mai"], Disclosure.ANONYMOUS, reason="Rút lại")
    assert found(campaign, "hoa mai") == []
    change_donor_disclosure(donors["Trần Thị Hoa Mai"], Disclosure.MASKED, reason="Rút gọn")
    assert found(campaign, "tran t. h. m.") == ["Trần T. H. M."] * 2
