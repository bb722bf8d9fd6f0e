"""The reconciliation queue in the admin: ranked suggestions, each action through its form, and
each decision reversed (receipts reversed in the ledger, the line back in the queue)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.models import ModelLogEntry

from donations.models import Disclosure, Receipt
from donations.services.totals import campaign_totals
from reconciliation.models import (
    QUEUE_STATES,
    Decision,
    DecisionAction,
    LineState,
    StatementImport,
    StatementLine,
)
from reconciliation.services import import_statement, take_lines
from reconciliation.services.intake import statement_incoming
from reconciliation.statements import StatementLine as ParsedLine
from reconciliation.suggestions import suggest, suggest_many
from tests.donations.conftest import make_donor
from tests.reconciliation.conftest import make_pledge, read_fixture
from tests.reconciliation.fixtures.statements.bank_rows import CODES, TRUNCATED

DAY = datetime.datetime(2024, 9, 12, 8, 0, tzinfo=datetime.UTC)


@pytest.fixture
def imported(account, pledges):
    """vietcombank.csv imported: rows 8, 9, 11 matched; 12, 13, 14 in the queue."""
    import_statement(
        account=account, file_bytes=read_fixture("vietcombank.csv"), filename="vietcombank.csv"
    )
    return {line.row: line for line in StatementLine.objects.all()}


@pytest.fixture
def staff_client(client, front_staff):
    client.force_login(front_staff)
    return client


def add_line(account, memo, amount, minutes=0, **kwargs):
    parsed = ParsedLine(
        row=None,
        booked_at=DAY + datetime.timedelta(minutes=minutes),
        amount=amount,
        memo=memo,
        **kwargs,
    )
    take_lines(account, statement_incoming(account, [parsed]))
    return StatementLine.objects.get(memo=memo)


def url(name, *args):
    return reverse(f"reconciliation_line:{name}", args=args)


def test_mistyped_code_is_suggested_first_and_confirmed(staff_client, imported, pledges, campaign):
    line = imported[13]  # "Ung ho UHLDA6EP gia dinh ho Le", 300.000, the pledge is UHLDX6EP
    page = staff_client.get(url("inspect", line.pk)).content.decode()
    assert CODES[5] in page and "đúng bằng số tiền còn thiếu" in page
    assert suggest(line)[0].pledge == pledges["C5"]

    response = staff_client.post(url("confirm", line.pk), {"code": CODES[5]})

    assert response.status_code == 302 and response["Location"] == url("inspect", line.pk)
    line.refresh_from_db()
    assert line.state == LineState.MATCHED
    receipt = Receipt.objects.get(bank_reference="5083.44444")
    assert (receipt.donor, receipt.campaign) == (pledges["C5"].donor, campaign)
    assert pledges["C5"].outstanding_amount == 0
    decision = Decision.objects.get(line=line)
    assert (decision.action, decision.made_by.username) == (
        DecisionAction.CONFIRM,
        "can-bo-mat-tran",
    )
    assert (
        ModelLogEntry.objects.for_instance(line)
        .filter(action="reconciliation.line.decide")
        .exists()
    )


def test_confirm_then_reverse_puts_the_line_back(staff_client, imported, pledges, campaign):
    line = imported[13]
    staff_client.post(url("confirm", line.pk), {"code": CODES[5]})
    before = campaign_totals(campaign).received
    decision = Decision.objects.get(line=line)

    response = staff_client.post(
        url("reverse", line.pk, decision.pk), {"reason": "Nhầm cam kết, gia đình ông Lê khác"}
    )

    assert response.status_code == 302
    line.refresh_from_db()
    assert line.state == LineState.REVERSED and line.state in QUEUE_STATES
    receipt = decision.receipts.get()
    assert receipt.is_reversed and receipt.reversal.reason == "Nhầm cam kết, gia đình ông Lê khác"
    assert pledges["C5"].outstanding_amount == 300_000
    assert campaign_totals(campaign).received == before - 300_000
    decision.refresh_from_db()
    assert decision.reversed_by.action == DecisionAction.REVERSE
    # Back in the queue: it can be decided again.
    assert staff_client.post(url("confirm", line.pk), {"code": CODES[5]}).status_code == 302
    assert StatementLine.objects.get(pk=line.pk).state == LineState.MATCHED


def test_reversing_an_automatic_match(staff_client, imported, pledges):
    line = imported[8]
    decision = Decision.objects.get(line=line)
    assert decision.action == DecisionAction.AUTO_MATCH and decision.made_by is None

    staff_client.post(url("reverse", line.pk, decision.pk), {"reason": "Trùng với tiền mặt"})

    assert StatementLine.objects.get(pk=line.pk).state == LineState.REVERSED
    assert pledges["C0"].outstanding_amount == 1_000_000
    assert StatementImport.objects.get().status == "waiting"


def test_reverse_needs_a_reason_and_happens_once(staff_client, imported):
    line = imported[8]
    decision = Decision.objects.get(line=line)
    response = staff_client.post(url("reverse", line.pk, decision.pk), {"reason": "  "})
    assert response.status_code == 200
    assert StatementLine.objects.get(pk=line.pk).state == LineState.MATCHED

    staff_client.post(url("reverse", line.pk, decision.pk), {"reason": "Nhầm"})
    again = staff_client.post(url("reverse", line.pk, decision.pk), {"reason": "Nhầm lần nữa"})
    assert again.status_code == 200
    assert "đã bị hủy" in again.content.decode()
    assert Decision.objects.filter(action=DecisionAction.REVERSE).count() == 1


def test_split_across_pledges(staff_client, account, campaign):
    a = make_pledge(CODES[8], 500_000, campaign=campaign, donor_name="Trần Tiến Anh")
    b = make_pledge(CODES[9], 300_000, campaign=campaign, donor_name="Trần Tiến Anh")
    line = add_line(account, "TRAN TIEN ANH ung ho hai dot", 800_000)

    bad = staff_client.post(
        url("split", line.pk),
        {
            "code_1": a.code,
            "amount_1": "500000",
            "code_2": b.code,
            "amount_2": "200000",
            "different_donors_confirmed": "on",  # two donor records
        },
    )
    assert bad.status_code == 200
    assert (
        "Các phần cộng lại được 700.000 ₫ nhưng dòng sao kê là 800.000 ₫." in bad.content.decode()
    )
    assert not Receipt.objects.exists()

    staff_client.post(
        url("split", line.pk),
        {
            "code_1": a.code,
            "amount_1": "500000",
            "code_2": b.code.lower(),
            "amount_2": "300000",
            "different_donors_confirmed": "on",  # two donor records
        },
    )

    line.refresh_from_db()
    assert line.state == LineState.SPLIT
    assert (a.outstanding_amount, b.outstanding_amount) == (0, 0)
    assert Receipt.objects.count() == 2  # two donors (two Trần Tiến Anh records): one each
    decision = Decision.objects.get(line=line)
    staff_client.post(url("reverse", line.pk, decision.pk), {"reason": "Chia sai"})
    assert (a.outstanding_amount, b.outstanding_amount) == (500_000, 300_000)
    assert all(receipt.is_reversed for receipt in Receipt.objects.all())


def test_attach_to_a_donor_without_a_pledge(staff_client, imported, campaign):
    donor = make_donor("Đoàn Văn Đức", public_display=Disclosure.FULL_NAME)
    line = imported[12]

    response = staff_client.post(
        url("donor", line.pk), {"donor": donor.pk, "campaign": campaign.pk, "disclosure": ""}
    )

    assert response.status_code == 302
    receipt = Decision.objects.get(line=line).receipts.get()
    assert (receipt.donor, receipt.public_name, receipt.amount) == (donor, "Đoàn Văn Đức", 200_000)
    assert StatementLine.objects.get(pk=line.pk).state == LineState.DONOR


def test_unidentified_gift_counts_as_anonymous(staff_client, imported, campaign):
    line = imported[12]
    before = campaign_totals(campaign).received

    staff_client.post(url("unidentified", line.pk), {"campaign": campaign.pk})

    receipt = Decision.objects.get(line=line).receipts.get()
    assert (receipt.donor, receipt.public_name, receipt.disclosure) == (None, "", "anonymous")
    assert receipt.payer_name == ""  # the bank gave no sender name on this line
    assert campaign_totals(campaign).received == before + 200_000
    assert StatementLine.objects.get(pk=line.pk).state == LineState.UNIDENTIFIED


def test_not_a_donation_with_a_reason_and_its_reversal(staff_client, imported):
    line = imported[14]  # "Lãi tiền gửi tháng 8", 2.500 ₫

    missing = staff_client.post(
        url("not_donation", line.pk), {"category": "interest", "reason": ""}
    )
    assert missing.status_code == 200
    staff_client.post(
        url("not_donation", line.pk), {"category": "interest", "reason": "Lãi tháng 8/2024"}
    )

    line.refresh_from_db()
    decision = Decision.objects.get(line=line)
    assert (line.state, decision.category, decision.reason) == (
        LineState.NOT_DONATION,
        "interest",
        "Lãi tháng 8/2024",
    )
    assert not decision.receipts.exists()
    staff_client.post(url("reverse", line.pk, decision.pk), {"reason": "Thực ra là ủng hộ"})
    assert StatementLine.objects.get(pk=line.pk).state == LineState.REVERSED


def test_a_decided_line_cannot_be_decided_again(staff_client, imported):
    line = imported[8]
    response = staff_client.post(url("unidentified", line.pk), {})
    assert response.status_code == 200
    assert "Dòng này đã có quyết định" in response.content.decode()
    assert Receipt.objects.count() == 3


def test_import_completes_once_the_queue_is_cleared(staff_client, imported, pledges, campaign):
    statement_import = StatementImport.objects.get()
    staff_client.post(url("confirm", imported[13].pk), {"code": CODES[5]})
    staff_client.post(url("unidentified", imported[12].pk), {"campaign": campaign.pk})
    assert StatementImport.objects.get().status == "waiting"
    staff_client.post(
        url("not_donation", imported[14].pk), {"category": "interest", "reason": "Lãi"}
    )
    assert StatementImport.objects.get(pk=statement_import.pk).status == "reconciled"
    # Every gift of the statement now counts for the campaign, as the public sees it.
    assert campaign_totals(campaign).received == 1_000_000 + 500_000 + 5_000_000 + 300_000 + 200_000


def test_suggestions_rank_code_fragment_amount_date_and_name(account, campaign):
    hoa = make_pledge(
        CODES[10], 200_000, campaign=campaign, donor_name="Nguyễn Thị Hoà",
        due_on=datetime.date(2024, 9, 15),
    )  # fmt: skip
    make_pledge(CODES[11], 200_000, campaign=campaign, donor_name="Lê Văn Tám")
    far = make_pledge(CODES[4], 900_000, campaign=campaign, donor_name="Phan Thị Mận")
    cut = make_pledge(CODES[6], 1_500_000, campaign=campaign, donor_name="Hội Phụ nữ xã Bình Minh")

    by_name = add_line(
        account, "CT nhanh 247 den: ung ho", 200_000, counterparty_name="NGUYEN THI HOA"
    )
    by_fragment = add_line(account, f"Hoi Phu nu ung ho {TRUNCATED}", 1_500_000, 1)

    ranked = suggest(by_name)
    assert ranked[0].pledge == hoa
    assert far not in [s.pledge for s in ranked]
    assert any("giống" in reason for reason in ranked[0].reasons)
    assert suggest(by_fragment)[0].pledge == cut


def test_a_date_in_the_window_alone_suggests_nothing(account, campaign):
    """A small gift without code or name must not be offered the big pledge due that week."""
    big = make_pledge(
        CODES[3], 180_000_000, campaign=campaign, donor_name="Bệnh viện Đa khoa tỉnh",
        due_on=datetime.date(2024, 9, 12),
    )  # fmt: skip
    small = add_line(account, "NGUYEN THI MAI chuyen tien ung ho nguoi ngheo", 300_000)
    half = add_line(
        account, f"{CODES[3]} ung ho dot 1", 90_000_000, 1, counterparty_name="BV DA KHOA TINH"
    )

    # One candidate pool for the page of lines, as the queue's listing builds it.
    suggestions = suggest_many([small, half])
    assert suggestions[small.pk] == []
    ranked = suggestions[half.pk]
    assert ranked[0].pledge == big
    assert any("12/09/2024" in reason for reason in ranked[0].reasons)  # the date still counts


def test_queue_index_shows_suggestions_in_constant_queries(staff_client, account, campaign):
    make_pledge(CODES[0], 100_000, campaign=campaign, donor_name="Phạm Thị Lan")

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            response = staff_client.get(url("index"))
        assert response.status_code == 200
        return len(queries), response.content.decode()

    for index in range(3):
        add_line(account, f"ung ho lan {index}", 100_000 + index, index)
    few, body = page_queries()
    assert CODES[0] in body  # best suggestion shown in the listing
    for index in range(3, 20):
        add_line(account, f"ung ho lan {index}", 100_000 + index, index)
    many, body = page_queries()
    assert many == few
    assert body.count("ung ho lan") == 20


def test_queue_filters_and_search(staff_client, imported):
    index = staff_client.get(url("index")).content.decode()
    assert "Lãi tiền gửi tháng 8" in index and "MBVCB.6986253876" not in index

    everything = staff_client.get(url("index"), {"state": "all"}).content.decode()
    assert "MBVCB.6986253876" in everything

    found = staff_client.get(url("index"), {"q": "lai tien gui"}).content.decode()
    assert "Lãi tiền gửi tháng 8" in found and "UNG HO QUY VI NGUOI NGHEO" not in found


def test_action_pages_render(staff_client, imported):
    line = imported[12]
    for name in ("confirm", "split", "donor", "unidentified", "not_donation"):
        response = staff_client.get(url(name, line.pk))
        assert response.status_code == 200, name
        assert "UNG HO QUY VI NGUOI NGHEO" in response.content.decode(), name


def test_every_queue_row_opens_its_line_and_offers_its_actions(staff_client, imported, pledges):
    response = staff_client.get(url("index"))
    body = response.content.decode()
    assert response.context["page_title"] == "Hàng chờ đối soát"  # as the menu says
    assert "<title>Hàng chờ đối soát" in body
    for row in (12, 13, 14):
        line = imported[row]
        assert f'href="{url("inspect", line.pk)}"' in body, row
        for name in ("split", "donor", "unidentified", "not_donation"):
            assert f'href="{url(name, line.pk)}"' in body, (row, name)
    # The mistyped code's line offers its best suggestion, the form filled in.
    confirm_best = f"{url('confirm', imported[13].pk)}?code={CODES[5]}"
    assert f'href="{confirm_best}"' in body
    assert f"Xác nhận {CODES[5]} (gợi ý tốt nhất)" in body
    form = staff_client.get(confirm_best).context["form"]
    assert form["code"].value() == CODES[5]

    # A decided line (matched on import) is undone from the full listing.
    matched = imported[8]
    decision = Decision.objects.get(line=matched)
    everything = staff_client.get(url("index"), {"state": "all"}).content.decode()
    assert f'href="{url("inspect", matched.pk)}"' in everything
    assert f'href="{url("reverse", matched.pk, decision.pk)}"' in everything
    assert f'href="{url("split", matched.pk)}"' not in everything


def test_the_line_page_names_the_queue_as_the_menu_does(staff_client, imported):
    line = imported[12]
    for name in ("inspect", "history"):
        items = staff_client.get(url(name, line.pk)).context["breadcrumbs_items"]
        assert {"url": url("index"), "label": "Hàng chờ đối soát"} in [
            {"url": item["url"], "label": str(item["label"])} for item in items
        ], name


def test_who_may_not_decide_gets_no_action_in_the_queue(client, imported):
    """A user who may see the lines but not decide on them opens the line and nothing else."""
    from django.contrib.auth.models import Permission

    from tests.sitewide.conftest import make_user

    reader = make_user("chi-xem", is_staff=True)
    reader.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename="view_statementline"),
    )
    client.force_login(reader)
    body = client.get(url("index")).content.decode()
    line = imported[12]
    assert f'href="{url("inspect", line.pk)}"' in body
    assert url("split", line.pk) not in body and url("not_donation", line.pk) not in body
