"""Money out through the ledger's services: vouchers under an authority, transfers between
funds, reversals, the handover record, and reversing a receipt whose money is spent."""

import datetime
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.models import ModelLogEntry

from donations.models import (
    Channel,
    DocumentCounter,
    Flow,
    FundTransfer,
    ImmutableRecordError,
    Reversal,
    SpendingTotal,
    SupportType,
    Voucher,
)
from donations.services import (
    attach_handover,
    record_receipt,
    record_transfer_from_above,
    reverse_receipt,
    reverse_transfer,
    reverse_voucher,
    transfer_between_funds,
)
from donations.services.holdings import money_before
from tests.donations.conftest import (
    _resolver_locks,
    at,
    give_money,
    make_authority,
    make_commune_fund,
    pay,
)
from tests.sitewide.conftest import make_staff, make_user

pytestmark = pytest.mark.django_db

D1 = datetime.date(2026, 11, 2)
D5 = datetime.date(2026, 11, 5)
D10 = datetime.date(2026, 11, 10)


def held(fund):
    return money_before([fund.pk], None)


@pytest.fixture
def approver(db):
    return make_user("chutich", first_name="Hùng", last_name="Hoàng Văn")


def test_a_voucher_is_numbered_copies_its_authority_and_counts(fund, front_staff, approver):
    give_money(fund, 100_000_000, D1)
    key = make_authority(fund, 60_000_000, approver=approver, support_type=SupportType.HOUSE_NEW)

    first = pay(key, 40_000_000, D5, front_staff, content="Hỗ trợ xây nhà", place="Thôn 3")
    second = pay(key, 20_000_000, D10, front_staff)

    assert (first.number, second.number) == ("PC-2026-000001", "PC-2026-000002")
    assert first.kind == Voucher.Kind.SUPPORT
    assert first.authority_label == "Quyết định số 12/QĐ-BVĐ ngày 05/11/2026"
    assert first.recipient_name == "Hộ ông Hồ Văn Lục"
    assert first.approved_by == approver
    assert first.prepared_by == front_staff
    assert (first.content, first.place) == ("Hỗ trợ xây nhà", "Thôn 3")
    assert held(fund) == 40_000_000
    assert DocumentCounter.objects.get(fund=fund, prefix="PC", year=2026).last_sequence == 2
    spent = SpendingTotal.objects.get(fund=fund, day=D5)
    assert (spent.flow, spent.support_type, spent.amount, spent.count) == (
        Flow.SPENT,
        SupportType.HOUSE_NEW,
        40_000_000,
        1,
    )
    assert _resolver_locks == [key, key]  # asked under lock inside each voucher's transaction
    entry = ModelLogEntry.objects.get(action="donations.voucher.record", object_id=str(first.pk))
    assert entry.user == front_staff
    assert entry.data["amount"] == 40_000_000


def test_voucher_numbers_run_per_fund_and_year(fund):
    commune = make_commune_fund(fund)
    give_money(fund, 10_000_000, datetime.date(2025, 12, 1))
    give_money(commune, 10_000_000, D1)
    key = make_authority(fund, 9_000_000)
    other = make_authority(commune, 9_000_000)

    assert pay(key, 1_000_000, datetime.date(2025, 12, 30)).number == "PC-2025-000001"
    assert pay(key, 1_000_000, D1).number == "PC-2026-000001"
    assert pay(other, 1_000_000, D1).number == "PC-2026-000001"
    assert pay(key, 1_000_000, D5).number == "PC-2026-000002"


@pytest.mark.parametrize(
    ("amount", "day", "field"),
    [
        (1_000.5, D5, "amount"),
        ("1000000", D5, "amount"),
        (0, D5, "amount"),
        (-5, D5, "amount"),
        (1_000_000, datetime.date(2099, 1, 1), "paid_on"),
        (1_000_000, at(D5), "paid_on"),
    ],
)
def test_bad_amounts_and_days_are_refused(fund, amount, day, field):
    give_money(fund, 10_000_000, D1)
    key = make_authority(fund)

    with pytest.raises(ValidationError) as refused:
        pay(key, amount, day)

    assert field in refused.value.message_dict
    assert not Voucher.objects.exists()


def test_an_unknown_or_unapproved_authority_pays_nothing(fund):
    give_money(fund, 10_000_000, D1)
    key = make_authority(fund, approved=False)

    with pytest.raises(ValidationError, match="chưa được duyệt"):
        pay(key, 1_000_000, D5)
    with pytest.raises(ValidationError, match="Không tìm thấy"):
        pay("test.authority:999999", 1_000_000, D5)
    with pytest.raises(ValidationError, match="Không tìm thấy"):
        pay("nobody.knows:1", 1_000_000, D5)
    assert not Voucher.objects.exists()
    assert not DocumentCounter.objects.exists()


def test_live_vouchers_stay_within_the_ceiling_and_a_reversal_frees_it(fund, front_staff):
    give_money(fund, 100_000_000, D1)
    key = make_authority(fund, 60_000_000)
    first = pay(key, 50_000_000, D5)

    with pytest.raises(ValidationError) as refused:
        pay(key, 10_000_001, D5)
    assert "10.000.000" in refused.value.message_dict["amount"][0]

    reverse_voucher(first, reason="Nhập sai số tiền", user=front_staff)
    again = pay(key, 60_000_000, D5)

    assert again.number == "PC-2026-000002"
    assert held(fund) == 40_000_000


def test_the_approver_does_not_record_the_payment(fund, approver):
    give_money(fund, 10_000_000, D1)
    key = make_authority(fund, approver=approver)

    with pytest.raises(ValidationError, match="người khác"):
        pay(key, 1_000_000, D5, user=approver)
    assert not Voucher.objects.exists()


def test_a_fund_cannot_pay_more_than_it_holds(fund):
    give_money(fund, 10_000_000, D1)
    key = make_authority(fund, 60_000_000)

    with pytest.raises(ValidationError) as refused:
        pay(key, 10_000_001, D5)

    assert "10.000.000" in refused.value.message_dict["amount"][0]
    assert not Voucher.objects.exists()
    assert not DocumentCounter.objects.filter(last_sequence__gt=0).exists()


def test_money_received_later_does_not_pay_an_earlier_voucher(fund):
    give_money(fund, 10_000_000, D10)
    key = make_authority(fund)

    with pytest.raises(ValidationError):
        pay(key, 5_000_000, D5)
    assert pay(key, 5_000_000, D10).amount == 5_000_000


def test_a_backdated_voucher_cannot_spend_what_a_later_one_spent(fund):
    give_money(fund, 10_000_000, D1)
    key = make_authority(fund)
    pay(key, 8_000_000, D10)

    # On the 5th the fund held 10.000.000, but from the 10th on only 2.000.000 is left.
    with pytest.raises(ValidationError):
        pay(key, 5_000_000, D5)
    assert pay(key, 2_000_000, D5).amount == 2_000_000
    assert held(fund) == 0


def test_money_received_the_same_day_pays(fund):
    key = make_authority(fund)
    give_money(fund, 3_000_000, D5, hour=16)

    assert pay(key, 3_000_000, D5).amount == 3_000_000


def test_goods_are_given_from_their_own_stock(fund):
    record_receipt(
        channel=Channel.IN_KIND,
        amount=15_000_000,
        received_at=at(D1),
        fund=fund,
        goods_description="Gạo",
        goods_quantity=1_000,
        goods_unit="kg",
    )
    key = make_authority(fund, 10_000_000, support_type=SupportType.TET_GIFT)
    goods = {"method": Voucher.Method.GOODS, "goods_item": "Gạo", "goods_unit": "kg"}

    given = pay(key, 4_500_000, D5, goods_quantity=300, **goods)
    with pytest.raises(ValidationError) as refused:
        pay(key, 4_500_000, D5, goods_quantity=701, **goods)
    with pytest.raises(ValidationError):
        pay(key, 100_000, D5, goods_quantity=1, method=Voucher.Method.GOODS, goods_item="Mì")
    with pytest.raises(ValidationError):
        pay(key, 100_000, D5, method=Voucher.Method.GOODS, goods_item="Gạo")

    assert "700" in refused.value.message_dict["goods_quantity"][0]
    assert given.goods_quantity == 300
    assert SpendingTotal.objects.get(fund=fund).flow == Flow.GOODS_OUT
    assert held(fund) == 0  # goods are not money: the money balance is untouched


def test_reversing_a_voucher_keeps_it_and_stops_it_counting(fund, front_staff):
    give_money(fund, 10_000_000, D1)
    voucher = pay(make_authority(fund), 4_000_000, D5)

    reverse_voucher(voucher, reason="Hộ đã nhận hỗ trợ từ nguồn khác", user=front_staff)

    voucher.refresh_from_db()
    assert voucher.is_reversed
    assert voucher.reversal.created_by == front_staff
    assert held(fund) == 10_000_000
    assert SpendingTotal.objects.get(fund=fund).amount == 0
    with pytest.raises(ValidationError, match="đã bị hủy"):
        reverse_voucher(voucher, reason="Lần nữa", user=front_staff)
    with pytest.raises(ValidationError):
        reverse_voucher(pay(make_authority(fund), 1, D5), reason="  ", user=front_staff)
    assert ModelLogEntry.objects.filter(action="donations.voucher.reverse").count() == 1


def test_vouchers_are_never_edited_or_deleted(fund):
    give_money(fund, 10_000_000, D1)
    voucher = pay(make_authority(fund), 4_000_000, D5)

    voucher.amount = 1
    with pytest.raises(ImmutableRecordError):
        voucher.save()
    with pytest.raises(ImmutableRecordError):
        voucher.delete()
    with pytest.raises(ImmutableRecordError):
        Voucher.objects.filter(pk=voucher.pk).update(amount=1)


def _scan(name="bien-ban.pdf", size=100):
    return SimpleUploadedFile(name, b"%PDF-1.4 " + b"x" * size, content_type="application/pdf")


def test_the_handover_record_is_attached_once_in_private_storage(fund, front_staff, settings):
    give_money(fund, 10_000_000, D1)
    voucher = pay(make_authority(fund), 4_000_000, D5)

    attach_handover(
        voucher,
        file=_scan(),
        received_by="Hồ Văn Lục",
        handed_over_on=D10,
        place="Nhà văn hóa thôn 3",
        user=front_staff,
    )

    voucher.refresh_from_db()
    assert voucher.handover_received_by == "Hồ Văn Lục"
    assert voucher.handed_over_on == D10
    assert voucher.handover_recorded_by == front_staff
    path = voucher.handover_file.path
    assert path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert not path.startswith(str(settings.MEDIA_ROOT))
    assert os.path.exists(path)
    with pytest.raises(ValidationError, match="đã có biên bản"):
        attach_handover(
            voucher, file=_scan(), received_by="X", handed_over_on=D10, place="", user=None
        )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"received_by": " "}, "received_by"),
        ({"handed_over_on": datetime.date(2026, 11, 4)}, "handed_over_on"),
        ({"handed_over_on": datetime.date(2099, 1, 1)}, "handed_over_on"),
        ({"file": _scan("bien-ban.exe")}, "file"),
    ],
)
def test_a_bad_handover_is_refused(fund, changes, field):
    give_money(fund, 10_000_000, D1)
    voucher = pay(make_authority(fund), 4_000_000, D5)
    values = {"file": _scan(), "received_by": "Hồ Văn Lục", "handed_over_on": D10, "place": ""}
    values.update(changes)

    with pytest.raises(ValidationError) as refused:
        attach_handover(voucher, user=None, **values)

    assert field in refused.value.message_dict
    voucher.refresh_from_db()
    assert not voucher.has_handover


def test_a_reversed_voucher_gets_no_handover(fund, front_staff):
    give_money(fund, 10_000_000, D1)
    voucher = pay(make_authority(fund), 4_000_000, D5)
    reverse_voucher(voucher, reason="Sai", user=front_staff)

    with pytest.raises(ValidationError, match="đã bị hủy"):
        attach_handover(
            voucher, file=_scan(), received_by="A", handed_over_on=D10, place="", user=None
        )


def test_a_transfer_leaves_one_fund_and_enters_the_other(fund, front_staff):
    commune = make_commune_fund(fund)
    give_money(fund, 500_000_000, D1)

    transfer = transfer_between_funds(
        from_fund=fund,
        to_fund=commune,
        amount=200_000_000,
        transferred_on=D5,
        user=front_staff,
        reference="UNC 0012",
    )

    assert transfer.number == "PT-2026-000001"
    assert transfer.out_voucher.number == "PC-2026-000001"
    assert transfer.out_voucher.fund == fund
    assert transfer.out_voucher.kind == Voucher.Kind.TRANSFER_OUT
    assert transfer.out_voucher.recipient_name == commune.name
    assert (held(fund), held(commune)) == (300_000_000, 200_000_000)
    flows = dict(SpendingTotal.objects.values_list("flow", "other_fund_id"))
    assert flows == {Flow.TRANSFER_OUT: commune.pk, Flow.TRANSFER_IN: fund.pk}
    # Spent money and transfers are counted apart: nothing was spent on support.
    assert not SpendingTotal.objects.filter(flow=Flow.SPENT).exists()


def test_a_transfer_cannot_take_more_than_the_fund_holds(fund, front_staff):
    commune = make_commune_fund(fund)
    give_money(fund, 5_000_000, D1)

    with pytest.raises(ValidationError):
        transfer_between_funds(
            from_fund=fund, to_fund=commune, amount=5_000_001, transferred_on=D5, user=None
        )
    with pytest.raises(ValidationError):
        transfer_between_funds(
            from_fund=fund, to_fund=fund, amount=1_000, transferred_on=D5, user=None
        )
    assert not FundTransfer.objects.exists()
    assert not Voucher.objects.exists()


def test_money_from_above_enters_the_fund(fund, front_staff):
    transfer = record_transfer_from_above(
        to_fund=fund,
        source_name="Quỹ Vì người nghèo Trung ương",
        amount=1_000_000_000,
        received_on=D1,
        user=front_staff,
    )

    assert transfer.number == "PT-2026-000001"
    assert transfer.out_voucher is None
    assert transfer.source_label == "Quỹ Vì người nghèo Trung ương"
    assert held(fund) == 1_000_000_000
    with pytest.raises(ValidationError):
        record_transfer_from_above(
            to_fund=fund, source_name=" ", amount=1, received_on=D1, user=None
        )


def test_reversing_a_transfer_reverses_both_sides(fund, front_staff):
    commune = make_commune_fund(fund)
    give_money(fund, 500_000_000, D1)
    transfer = transfer_between_funds(
        from_fund=fund, to_fund=commune, amount=200_000_000, transferred_on=D5, user=None
    )

    with pytest.raises(ValidationError, match="hãy hủy khoản chuyển quỹ"):
        reverse_voucher(transfer.out_voucher, reason="Sai", user=front_staff)
    reverse_transfer(transfer, reason="Chuyển nhầm xã", user=front_staff)

    assert Reversal.objects.filter(transfer=transfer).exists()
    assert Reversal.objects.filter(voucher=transfer.out_voucher).exists()
    assert (held(fund), held(commune)) == (500_000_000, 0)
    with pytest.raises(ValidationError, match="đã bị hủy"):
        reverse_transfer(transfer, reason="Lần nữa", user=front_staff)


def test_a_transfer_the_commune_has_spent_is_not_reversed(fund, front_staff):
    commune = make_commune_fund(fund)
    give_money(fund, 500_000_000, D1)
    transfer = transfer_between_funds(
        from_fund=fund, to_fund=commune, amount=200_000_000, transferred_on=D5, user=None
    )
    pay(make_authority(commune, 60_000_000), 60_000_000, D10)

    with pytest.raises(ValidationError):
        reverse_transfer(transfer, reason="Chuyển nhầm xã", user=front_staff)
    assert not Reversal.objects.exists()


def test_a_receipt_whose_money_is_spent_is_not_reversed(fund, front_staff):
    receipt = give_money(fund, 10_000_000, D1)
    give_money(fund, 2_000_000, D10)
    pay(make_authority(fund), 9_000_000, D5)

    with pytest.raises(ValidationError, match="đã chi số tiền này"):
        reverse_receipt(receipt, reason="Nhập trùng", user=front_staff)

    assert not Reversal.objects.exists()
    assert held(fund) == 3_000_000


def test_a_receipt_with_money_left_is_reversed(fund, front_staff):
    receipt = give_money(fund, 10_000_000, D1)
    give_money(fund, 10_000_000, D1)
    pay(make_authority(fund), 9_000_000, D5)

    reverse_receipt(receipt, reason="Nhập trùng", user=front_staff)

    assert held(fund) == 1_000_000


def test_visible_funds_follow_groups_and_assignments(fund):
    from donations.models import FundAssignment
    from donations.scoping import visible_funds
    from sitewide.groups import COMMUNE_FRONT_STAFF, EDITORS, FRONT_STAFF

    commune = make_commune_fund(fund)
    other = make_commune_fund(fund, "Quỹ Vì người nghèo xã Tân Lập")
    commune_staff = make_staff(COMMUNE_FRONT_STAFF, "canboxa")
    FundAssignment.objects.create(user=commune_staff, fund=commune)
    unassigned = make_staff(COMMUNE_FRONT_STAFF, "canboxa2")
    province_staff = make_staff(FRONT_STAFF, "canbotinh")
    FundAssignment.objects.create(user=make_staff(COMMUNE_FRONT_STAFF, "canbohuyen"), fund=fund)

    assert set(visible_funds(commune_staff)) == {commune}
    assert not visible_funds(unassigned).exists()
    assert set(visible_funds(province_staff)) == {fund, commune, other}
    assert not visible_funds(make_staff(EDITORS, "bientap")).exists()
    assert set(visible_funds(make_user("root", is_superuser=True))) == {fund, commune, other}
    # Assigned to the province fund: the province and the communes that report to it.
    from django.contrib.auth import get_user_model

    district = get_user_model().objects.get(username="canbohuyen")
    assert set(visible_funds(district)) == {fund, commune, other}
