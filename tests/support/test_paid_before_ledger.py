"""A decision whose support was paid before the ledger was kept (the demo's house of 2022) is
recorded for history: approved and followed like any other, but nothing is paid under it, not
through the decision's screens, not through support's service, not through the ledger's."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from donations.integrity import registered
from donations.models import SpendingTotal, Voucher
from donations.services import record_voucher
from support import services
from support.models import Decision, House
from tests.support.conftest import DAY

pytestmark = pytest.mark.django_db

REFUSAL = (
    "Khoản hỗ trợ của quyết định này đã được chi trước khi Quỹ ghi sổ trên hệ thống này: "
    "quyết định chỉ được lưu để theo dõi lịch sử, không lập phiếu chi theo quyết định này."
)


def recorded_for_history(w):
    decision = services.propose_decision(
        fund=w.province_fund,
        support_level=w.house_level,
        title="Hỗ trợ xây mới nhà Đại đoàn kết năm 2022",
        beneficiaries=[w.household],
        user=w.front,
        paid_before_ledger=True,
    )
    return services.approve_decision(decision, user=w.board, number="08/QĐ-BVĐ", decided_on=DAY)


def test_the_service_refuses_to_pay_it_in_vietnamese_and_writes_nothing(support_world):
    w = support_world
    decision = recorded_for_history(w)
    assert decision.status == Decision.Status.APPROVED and decision.paid_before_ledger
    line = decision.lines.get()
    assert House.objects.filter(line=line).exists()  # its house is followed all the same

    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        services.pay_line(line, amount=60_000_000, method="cash", paid_on=DAY, user=w.front)
    assert refused.value.messages == [REFUSAL]
    # The ledger itself refuses a voucher under the line's authority too.
    with translation.override("vi"), pytest.raises(ValidationError) as refused:
        record_voucher(
            authority_key=line.authority_key,
            amount=1_000_000,
            paid_on=DAY,
            method="cash",
            user=w.front,
        )
    assert refused.value.messages == [REFUSAL]
    assert not Voucher.objects.filter(authority_key=line.authority_key).exists()
    assert not SpendingTotal.objects.exists()


def test_the_decisions_page_offers_no_payment_and_the_pay_url_refuses(client, support_world):
    w = support_world
    decision = recorded_for_history(w)
    line = decision.lines.get()
    pay_url = reverse("decision:pay_line", args=[line.pk])
    inspect_url = reverse("decision:inspect", args=[decision.pk])
    client.force_login(w.front)

    with translation.override("vi"):
        page = client.get(inspect_url, HTTP_ACCEPT_LANGUAGE="vi")
        assert page.status_code == 200
        assert pay_url not in page.text
        assert REFUSAL in page.text
        form = client.get(pay_url, HTTP_ACCEPT_LANGUAGE="vi")
        assert form.status_code == 302 and form.url == inspect_url
        posted = client.post(
            pay_url,
            {"amount": "60.000.000", "method": "cash", "paid_on": "05/11/2026"},
            HTTP_ACCEPT_LANGUAGE="vi",
            follow=True,
        )
    assert REFUSAL in posted.text
    assert not Voucher.objects.exists()


def test_staff_record_such_a_decision_from_the_proposal_form(client, support_world):
    w = support_world
    client.force_login(w.front)
    response = client.post(
        reverse("decision:add"),
        {
            "fund": w.province_fund.pk,
            "support_level": w.house_level.pk,
            "title": "Hỗ trợ xây mới nhà năm 2022 (ghi lại)",
            "beneficiaries": [w.household.pk],
            "submit": "on",
            "paid_before_ledger": "on",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get(title="Hỗ trợ xây mới nhà năm 2022 (ghi lại)")
    assert decision.paid_before_ledger and decision.status == Decision.Status.PROPOSED


def test_verify_ledger_finds_a_voucher_under_a_decision_paid_before_the_ledger(support_world):
    """A voucher written before the decision was marked (a hand-made fix, a restore) is found."""
    w = support_world
    decision = services.approve_decision(
        services.propose_decision(
            fund=w.province_fund,
            support_level=w.house_level,
            title="Nhà",
            beneficiaries=[w.household],
            user=w.front,
        ),
        user=w.board,
        number="09/QĐ-BVĐ",
        decided_on=DAY,
    )
    line = decision.lines.get()
    voucher = services.pay_line(line, amount=60_000_000, method="cash", paid_on=DAY, user=w.front)
    Decision.objects.filter(pk=decision.pk).update(paid_before_ledger=True)

    check = next(
        check
        for check in registered()
        if check.name == "support.ledger_integrity.vouchers_under_approved_lines"
    )
    result = check.run()
    assert result.count == 1
    assert voucher.number in result.examples[0]
