"""Support's services: propose, approve, return, revoke, pay a line, houses' stages, consent."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from donations.models import Voucher
from donations.services import reverse_voucher
from donations.spending import resolve_authority
from support import services
from support.models import Consent, Decision, DecisionLine, House
from tests.stories.conftest import make_story
from tests.support.conftest import DAY, approved_decision, make_household, propose

pytestmark = pytest.mark.django_db


def test_a_proposal_takes_the_levels_amount_and_waits_for_the_board(support_world):
    w = support_world
    decision = services.propose_decision(
        fund=w.province_fund,
        support_level=w.house_level,
        title="Xây mới nhà Đại đoàn kết",
        beneficiaries=[w.household, w.other_household],
        user=w.front,
    )
    assert decision.status == Decision.Status.PROPOSED
    assert sorted(decision.lines.values_list("amount", flat=True)) == [60_000_000, 60_000_000]
    assert list(Decision.objects.waiting()) == [decision]


def test_the_board_approves_and_houses_are_made(support_world):
    w = support_world
    decision = approved_decision(w, [w.household], number="12/QĐ-BVĐ")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.APPROVED
    assert decision.approved_by == w.board
    assert decision.label() == "Quyết định số 12/QĐ-BVĐ ngày 05/11/2026"
    house = House.objects.get(line__decision=decision)
    assert house.stage == House.Stage.APPROVED and house.approved_on == DAY


def test_no_one_approves_their_own_proposal(support_world):
    w = support_world
    decision = propose(w, w.board)
    with pytest.raises(ValidationError, match="thành viên khác của Ban vận động"):
        services.approve_decision(decision, user=w.board, number="1/QĐ", decided_on=DAY)
    decision.refresh_from_db()
    assert decision.status == Decision.Status.PROPOSED
    # Another member of the board may.
    services.approve_decision(decision, user=w.board2, number="1/QĐ", decided_on=DAY)


def test_the_database_refuses_an_approval_by_the_proposer(support_world):
    w = support_world
    decision = propose(w, w.board)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.filter(pk=decision.pk).update(
            status=Decision.Status.APPROVED, approved_by=w.board, number="9/QĐ", decided_on=DAY
        )


def test_front_staff_without_the_board_permission_cannot_approve(support_world):
    w = support_world
    decision = propose(w, w.board)
    with pytest.raises(ValidationError, match="Chỉ Ban vận động Quỹ"):
        services.approve_decision(decision, user=w.front, number="1/QĐ", decided_on=DAY)


def test_return_needs_a_reason_and_the_staff_propose_again(support_world):
    w = support_world
    decision = propose(w, w.front)
    with pytest.raises(ValidationError):
        services.return_decision(decision, user=w.board, reason="  ")
    services.return_decision(decision, user=w.board, reason="Thiếu biên bản họp thôn")
    decision.refresh_from_db()
    assert decision.status == Decision.Status.RETURNED
    assert decision.returned_reason == "Thiếu biên bản họp thôn"
    services.add_decision_lines(decision, beneficiaries=[w.other_household], user=w.front)
    services.submit_decision(decision, user=w.front)
    assert Decision.objects.get(pk=decision.pk).status == Decision.Status.PROPOSED


def test_an_approved_decision_is_not_edited(support_world):
    w = support_world
    decision = approved_decision(w, [w.household])
    with pytest.raises(ValidationError, match="không được sửa"):
        services.add_decision_lines(decision, beneficiaries=[w.other_household], user=w.front)
    with pytest.raises(ValidationError, match="không được sửa"):
        services.remove_decision_line(decision.lines.get(), user=w.front)
    assert decision.lines.count() == 1


def test_a_commune_funds_decision_supports_its_own_commune_only(support_world):
    w = support_world
    with pytest.raises(ValidationError, match="không thuộc xã của quỹ này"):
        services.propose_decision(
            fund=w.commune_fund, support_level=w.repair_level, title="Sửa nhà", user=w.front,
            beneficiaries=[w.other_household],
        )  # fmt: skip
    assert not Decision.objects.exists()


def test_the_authority_of_a_line(support_world):
    w = support_world
    decision = approved_decision(w, [w.household], number="7/QĐ-BVĐ")
    line = decision.lines.get()
    authority = resolve_authority(line.authority_key, lock=True)
    assert authority.approved and authority.ceiling == 60_000_000
    assert authority.fund_id == w.province_fund.pk
    assert authority.approver_id == w.board.pk
    assert authority.recipient_name == "Hộ bà Hồ Thị Nhung"
    assert authority.area_id == w.commune.pk
    assert authority.label == "Quyết định số 7/QĐ-BVĐ ngày 05/11/2026"
    assert resolve_authority("support.decisionline:999999") is None
    assert resolve_authority("support.decisionline:x") is None


def test_paying_a_line_within_its_amount(support_world):
    w = support_world
    line = approved_decision(w, [w.household]).lines.get()
    day = datetime.date(2026, 11, 10)
    first = services.pay_line(line, amount=40_000_000, method="cash", paid_on=day, user=w.front)
    assert first.number.startswith("PC-2026-")
    assert services.paid_on_line(line) == 40_000_000
    with pytest.raises(ValidationError):
        services.pay_line(line, amount=20_000_001, method="cash", paid_on=day, user=w.front)
    services.pay_line(line, amount=20_000_000, method="bank", paid_on=day, user=w.front)
    assert services.paid_on_line(line) == 60_000_000


def test_the_approver_does_not_pay(support_world):
    w = support_world
    line = approved_decision(w, [w.household]).lines.get()
    with pytest.raises(ValidationError):
        services.pay_line(line, amount=1_000_000, method="cash", paid_on=DAY, user=w.board)
    assert not Voucher.objects.exists()


def test_an_unapproved_line_is_not_paid(support_world):
    w = support_world
    decision = propose(w, w.front)
    with pytest.raises(ValidationError):
        services.pay_line(
            decision.lines.get(), amount=1_000_000, method="cash", paid_on=DAY, user=w.front
        )


def test_revoke_only_while_nothing_is_paid(support_world):
    w = support_world
    decision = approved_decision(w, [w.household])
    line = decision.lines.get()
    voucher = services.pay_line(line, amount=5_000_000, method="cash", paid_on=DAY, user=w.front)
    with pytest.raises(ValidationError, match="hủy các phiếu chi trước"):
        services.revoke_decision(decision, user=w.front, reason="Hộ chuyển đi nơi khác")
    reverse_voucher(voucher, reason="Chi nhầm", user=w.front)
    services.revoke_decision(decision, user=w.front, reason="Hộ chuyển đi nơi khác")
    assert Decision.objects.get(pk=decision.pk).revocation_or_none().reason == (
        "Hộ chuyển đi nơi khác"
    )
    assert not resolve_authority(line.authority_key).approved
    with pytest.raises(ValidationError):
        services.pay_line(line, amount=1_000_000, method="cash", paid_on=DAY, user=w.front)


def test_house_stages_follow_one_another(support_world):
    w = support_world
    house = House.objects.get(line__decision=approved_decision(w, [w.household]))
    with pytest.raises(ValidationError):
        services.advance_house_stage(
            house, stage=House.Stage.COMPLETED, on=datetime.date(2026, 11, 20), user=w.front
        )
    with pytest.raises(ValidationError, match="trước ngày của giai đoạn trước"):
        services.advance_house_stage(
            house, stage=House.Stage.STARTED, on=datetime.date(2026, 11, 1), user=w.front
        )
    services.advance_house_stage(
        house, stage=House.Stage.STARTED, on=datetime.date(2026, 11, 12), user=w.front
    )
    house.refresh_from_db()
    assert (house.stage, house.started_on) == (House.Stage.STARTED, datetime.date(2026, 11, 12))


def test_late_houses(support_world):
    w = support_world
    early, recent = make_household(w.commune, "Hồ Văn Lục"), make_household(w.commune, "Pả Kiêng")
    decision = approved_decision(w, [early, recent], day=datetime.date(2025, 11, 5))
    houses = {h.line.beneficiary_id: h for h in House.objects.filter(line__decision=decision)}
    services.advance_house_stage(
        houses[early.pk], stage="started", on=datetime.date(2026, 3, 1), user=w.front
    )
    services.advance_house_stage(
        houses[recent.pk], stage="started", on=datetime.date(2026, 10, 1), user=w.front
    )
    today = datetime.date(2026, 12, 1)
    assert list(services.late_houses(today=today)) == [houses[early.pk]]
    assert set(services.late_houses(today=today, days=30)) == set(houses.values())


def test_consent_and_its_withdrawal(support_world):
    w = support_world
    household = w.household
    assert household.public_name() == "Hộ bà Hồ T. N."
    services.change_consent(household, consent=Consent.FULL_NAME, on=DAY, user=w.front)
    household.refresh_from_db()
    assert household.public_name() == "Hộ bà Hồ Thị Nhung"
    assert household.consent_on == DAY
    services.change_consent(
        household, consent=Consent.MASKED, on=datetime.date(2026, 11, 20), user=w.front
    )
    household.refresh_from_db()
    assert household.public_name() == "Hộ bà Hồ T. N."
    assert household.consent_withdrawn_on == datetime.date(2026, 11, 20)


def test_a_story_needs_the_households_consent(support_world, story_index):
    w = support_world
    line = approved_decision(w, [w.household]).lines.get()
    story = make_story(story_index)
    with pytest.raises(ValidationError, match="chưa đồng ý đăng câu chuyện"):
        services.link_story(line, story=story, user=w.front)
    services.change_consent(w.household, consent=Consent.STORY, on=DAY, user=w.front)
    services.link_story(line, story=story, user=w.front)
    assert DecisionLine.objects.get(pk=line.pk).story_id == story.pk


def test_erasing_a_households_private_details(support_world):
    """At the household's request: CCCD, phone, address, bank account and reason are gone, the
    consent to be named is withdrawn, the reason and the person are in the log; the support it
    received (the decision line and its voucher) stays, with the voucher's own copy of the
    name."""
    from django.utils import timezone
    from wagtail.models import ModelLogEntry

    from tests.support.conftest import (
        SECRET_ADDRESS,
        SECRET_BANK,
        SECRET_CCCD,
        SECRET_PHONE,
        SECRET_REASON,
    )  # fmt: skip

    w = support_world
    household = w.household
    services.change_consent(household, consent=Consent.FULL_NAME, on=DAY, user=w.front)
    decision = approved_decision(w, [household])
    line = decision.lines.get()
    voucher = services.pay_line(
        line, amount=30_000_000, method="cash", paid_on=datetime.date(2026, 11, 10), user=w.front
    )
    with pytest.raises(ValidationError):
        services.erase_private_details(household, reason="  ", user=w.front)
    household.refresh_from_db()
    assert household.cccd == SECRET_CCCD and household.erased_on is None

    services.erase_private_details(
        household, reason="Hộ gia đình đề nghị bằng đơn ngày 01/12/2026", user=w.front
    )
    household.refresh_from_db()
    assert (household.cccd, household.phone, household.address, household.bank_account,
            household.support_reason) == ("", "", "", "", "")  # fmt: skip
    assert household.erased_on == timezone.localdate()
    assert household.consent == Consent.MASKED
    assert household.public_name() == "Hộ bà Hồ T. N."
    entry = ModelLogEntry.objects.filter(action="support.beneficiary.erase").get()
    assert entry.user == w.front and entry.object_id == str(household.pk)
    assert "đề nghị bằng đơn" in str(entry.data)
    logged = str(list(ModelLogEntry.objects.values_list("data", "label")))
    for secret in (SECRET_CCCD, SECRET_PHONE, SECRET_ADDRESS, SECRET_BANK, SECRET_REASON):
        assert secret not in logged
    assert DecisionLine.objects.filter(pk=line.pk, beneficiary=household).exists()
    voucher.refresh_from_db()
    assert voucher.recipient_name == "Hộ bà Hồ Thị Nhung" and voucher.amount == 30_000_000
