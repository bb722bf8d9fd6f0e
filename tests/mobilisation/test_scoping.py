"""A commune account sees and edits only the ceremonies of its own funds: another commune's
ceremony (or the province's), its stage screen, boards and pledges are "not found"."""

import pytest
from django.urls import reverse

from mobilisation.models import Ceremony
from mobilisation.services.ceremonies import announce_pledge

pytestmark = pytest.mark.django_db

CEREMONY_SCREENS = ("inspect", "edit", "delete", "history", "live", "stage", "results")
PLEDGE_SCREENS = ("board", "confirmation")


@pytest.fixture
def pledges(communes, business):
    return {
        key: announce_pledge(getattr(communes, f"ceremony_{key}"), donor=business, amount=amount)
        for key, amount in (("a", 10_000_000), ("b", 20_000_000))
    }


def test_the_list_holds_only_the_accounts_own_ceremonies(client, communes, front_staff):
    client.force_login(communes.account)
    page = client.get(reverse("ceremony:index")).content.decode()
    assert "Lễ phát động xã A Dơi" in page
    assert "Lễ phát động xã Hướng Lập" not in page
    assert communes.province_ceremony.name not in page
    client.force_login(front_staff)
    page = client.get(reverse("ceremony:index")).content.decode()
    assert "Lễ phát động xã A Dơi" in page and "Lễ phát động xã Hướng Lập" in page


@pytest.mark.parametrize("screen", CEREMONY_SCREENS)
def test_another_communes_ceremony_screens_are_not_found(client, communes, pledges, screen):
    client.force_login(communes.account)
    own = client.get(reverse(f"ceremony:{screen}", args=[communes.ceremony_a.pk]))
    assert own.status_code == 200
    for other in (communes.ceremony_b, communes.province_ceremony):
        response = client.get(reverse(f"ceremony:{screen}", args=[other.pk]))
        assert response.status_code == 404, (screen, other)


@pytest.mark.parametrize("screen", PLEDGE_SCREENS)
def test_another_communes_boards_and_confirmations_are_not_found(client, communes, pledges, screen):
    client.force_login(communes.account)
    assert client.get(reverse(f"ceremony:{screen}", args=[pledges["a"].pk])).status_code == 200
    response = client.get(reverse(f"ceremony:{screen}", args=[pledges["b"].pk]))
    assert response.status_code == 404


def test_another_communes_ceremony_cannot_be_edited_deleted_or_entered(
    client, communes, pledges, business
):
    client.force_login(communes.account)
    other = communes.ceremony_b
    data = {"name": "Đổi tên", "held_on": "17/10/2026", "campaign": communes.campaign_b.pk,
            "committee": "Ủy ban MTTQ xã"}  # fmt: skip
    assert client.post(reverse("ceremony:edit", args=[other.pk]), data).status_code == 404
    assert client.post(reverse("ceremony:delete", args=[other.pk])).status_code == 404
    live = {"query": business.name, "amount": "5.000.000"}
    assert client.post(reverse("ceremony:live", args=[other.pk]), live).status_code == 404
    other.refresh_from_db()
    assert other.name == "Lễ phát động xã Hướng Lập"
    assert other.entries.count() == 1
    response = client.post(reverse("reminder:send_one", args=[pledges["b"].pk]))
    assert response.status_code == 404


def test_a_new_ceremony_is_for_one_of_the_accounts_campaigns(client, communes):
    client.force_login(communes.account)
    form = client.get(reverse("ceremony:add")).context["form"]
    assert list(form.fields["campaign"].queryset) == [communes.campaign_a]
    data = {"name": "Lễ phát động lần 2", "held_on": "18/10/2026", "place": "Nhà văn hóa",
            "committee": "Ủy ban MTTQ xã A Dơi"}  # fmt: skip
    response = client.post(reverse("ceremony:add"), {**data, "campaign": communes.campaign_b.pk})
    assert response.status_code == 200  # the form again, with the campaign refused
    assert not Ceremony.objects.filter(name="Lễ phát động lần 2").exists()
    client.post(reverse("ceremony:add"), {**data, "campaign": communes.campaign_a.pk})
    assert Ceremony.objects.get(name="Lễ phát động lần 2").campaign == communes.campaign_a


def test_live_entry_at_the_accounts_own_ceremony_records_the_pledge(client, communes, business):
    client.force_login(communes.account)
    response = client.post(
        reverse("ceremony:live", args=[communes.ceremony_a.pk]),
        {"query": "Cong ty Co phan Xi mang Dong Ha", "amount": "7.500.000"},
    )
    assert response.status_code == 302
    pledge = communes.ceremony_a.entries.get().pledge
    assert (pledge.amount, pledge.fund) == (7_500_000, communes.fund_a)


def test_pledge_imports_are_the_accounts_own(client, communes, front_staff):
    """Imports follow their campaign's fund like ceremonies: the list holds the account's own,
    another's is not found (nor confirmed), and a new one is for one of its campaigns."""
    from mobilisation.models import PledgeImport

    own, other = (
        PledgeImport.objects.create(campaign=campaign, filename=name, created_by=front_staff)
        for campaign, name in (
            (communes.campaign_a, "a-doi.xlsx"),
            (communes.campaign_b, "hl.xlsx"),
        )
    )
    client.force_login(communes.account)
    listing = client.get(reverse("pledge_import:index")).content.decode()
    assert "a-doi.xlsx" in listing and "hl.xlsx" not in listing
    assert client.get(reverse("pledge_import:inspect", args=[own.pk])).status_code == 200
    assert client.get(reverse("pledge_import:inspect", args=[other.pk])).status_code == 404
    assert client.post(reverse("pledge_import:confirm", args=[other.pk])).status_code == 404
    other.refresh_from_db()
    assert other.confirmed_at is None
    form = client.get(reverse("pledge_import:add")).context["form"]
    assert list(form.fields["campaign"].queryset) == [communes.campaign_a]
    assert communes.ceremony_b not in form.fields["ceremony"].queryset
    client.force_login(front_staff)
    listing = client.get(reverse("pledge_import:index")).content.decode()
    assert "a-doi.xlsx" in listing and "hl.xlsx" in listing
