"""Editors and moderators cannot reach the ledger through Wagtail's admin API, its choosers or
its searches (issue 14, "not yet covered").

The permission matrix requests every URL as every role with fixed arguments; this attack types
what only the ledger knows into every place of the admin that searches, chooses or lists: a
donor's name, phone and e-mail, a pledge's and an online gift's payment code, a receipt's
number, a bank line's memo. It also names the ledger's models where Wagtail takes a model
(`type`, `page_type`, the page creation URL). No answer to an editor or a moderator may carry
any of them, and the ledger's own choosers refuse them.
"""

from urllib.parse import quote

import pytest
from django.test import override_settings
from django.urls import reverse

from tests.home.conftest import SECRET_EMAIL, SECRET_PHONE, body_text, client_for

pytestmark = pytest.mark.django_db

ROLES = ("editor", "moderator")
REFUSED = {302, 403, 404}
LEDGER_MODELS = (
    "donations.donor",
    "donations.receipt",
    "donations.pledge",
    "giving.onlinegift",
    "reconciliation.statementline",
)


@pytest.fixture(autouse=True)
def _world_media(security_world):
    with override_settings(MEDIA_ROOT=security_world.media_root):
        yield


def ledger_secrets(world):
    """What only the ledger knows: {label: text}."""
    pledge = world.donor.pledges.order_by("pk").first()
    secrets = {
        "donor's name": world.donor.name,
        "phone": SECRET_PHONE,
        "e-mail": SECRET_EMAIL,
        "receipt number": world.receipt.number,
        "gift's payment code": world.gift.payment_code,
        "bank line's memo": world.line.memo,
    }
    if pledge is not None:
        secrets["pledge's code"] = pledge.code
    return secrets


def probes(world):
    """[(label, url, the secret typed in it or None)]: every search, chooser and API listing,
    with each secret as the query. A search shows its query back, so the secret typed is not
    looked for in its answer; a found record would show the others (a donor found by phone
    shows a name)."""
    secrets = ledger_secrets(world)
    api = reverse("wagtailadmin_api:pages:listing")
    urls = [
        ("API pages, every field", f"{api}?fields=*"),
        ("API campaign pages, every field", f"{api}?type=campaigns.CampaignPage&fields=*"),
        (
            "API campaign page",
            reverse("wagtailadmin_api:pages:detail", args=[world.campaign.pk]) + "?fields=*",
        ),
        (
            "API find the statement",
            reverse("wagtailadmin_api:pages:find")
            + f"?html_path=/ung-ho/{world.campaign.slug}/sao-ke/",
        ),
        ("page chooser", reverse("wagtailadmin_choose_page")),
        (
            "campaign in page chooser",
            reverse("wagtailadmin_choose_page_child", args=[world.campaign.pk]),
        ),
    ]
    urls = [(label, url, None) for label, url in urls]
    for model in LEDGER_MODELS:
        app_label, model_name = model.split(".")
        urls += [
            (f"API type={model}", f"{api}?type={model}", None),
            (
                f"page chooser page_type={model}",
                f"{reverse('wagtailadmin_choose_page')}?page_type={model}",
                None,
            ),
            (
                f"create a {model} page",
                reverse("wagtailadmin_pages:choose_parent", args=[app_label, model_name]),
                None,
            ),
        ]
    searches = {
        "API pages": (api, "search"),
        "API documents": (reverse("wagtailadmin_api:documents:listing"), "search"),
        "API images": (reverse("wagtailadmin_api:images:listing"), "search"),
        "page chooser search": (reverse("wagtailadmin_choose_page_search"), "q"),
        "page search": (reverse("wagtailadmin_pages:search"), "q"),
        "page search results": (reverse("wagtailadmin_pages:search_results"), "q"),
        "document chooser": (reverse("wagtaildocs_chooser:choose_results"), "q"),
        "image chooser": (reverse("wagtailimages_chooser:choose_results"), "q"),
        "area chooser": (reverse("wagtailsnippetchoosers_sitewide_area:choose_results"), "q"),
        "site history": (reverse("wagtailadmin_reports:site_history_results"), "q"),
        "workflow report": (reverse("wagtailadmin_reports:workflow_results"), "q"),
    }
    for what, (path, param) in searches.items():
        for label, secret in secrets.items():
            urls.append((f"{what} for the {label}", f"{path}?{param}={quote(secret)}", label))
    return urls


def ledger_chooser_urls(world):
    """The ledger's own choosers, each with a search for the donor and the donor chosen."""
    urls = []
    for namespace, chosen in (
        ("donor_chooser", world.donor.pk),
        ("reconciliation_donor_chooser", world.donor.pk),
        ("pledge_chooser", world.donor.pledges.order_by("pk").values_list("pk", flat=True).first()),
    ):
        urls += [
            reverse(f"{namespace}:choose"),
            reverse(f"{namespace}:choose_results") + f"?q={world.donor.name}",
            reverse(f"{namespace}:create"),
            reverse(f"{namespace}:chosen_multiple") + f"?id={chosen}",
        ]
        if chosen is not None:
            urls.append(reverse(f"{namespace}:chosen", args=[chosen]))
    return urls


def leaks(text, secrets):
    return sorted(label for label, secret in secrets.items() if secret and secret in text)


@pytest.mark.parametrize("role", ROLES)
def test_no_search_chooser_or_api_answer_carries_the_ledger(security_world, role):
    client = client_for(security_world, role)
    secrets = ledger_secrets(security_world)
    found, errors = {}, []
    for label, url, typed in probes(security_world):
        response = client.get(url)
        if response.status_code >= 500:
            errors.append((label, url, response.status_code))
        others = {name: secret for name, secret in secrets.items() if name != typed}
        if leaked := leaks(body_text(response), others):
            found[label] = leaked
    assert errors == []
    assert found == {}


@pytest.mark.parametrize("role", ROLES)
def test_the_ledgers_choosers_refuse_editors_and_moderators(security_world, role):
    client = client_for(security_world, role)
    secrets = ledger_secrets(security_world)
    for url in ledger_chooser_urls(security_world):
        response = client.get(url)
        assert response.status_code in REFUSED, (url, response.status_code)
        assert leaks(body_text(response), secrets) == [], url


def test_the_probes_find_the_ledger_for_front_staff(security_world):
    """The control: the same secrets are there to be found, by Front staff in their choosers
    (so the checks above are not vacuous)."""
    client = client_for(security_world, "front")
    secrets = ledger_secrets(security_world)
    url = reverse("donor_chooser:choose_results") + f"?q={security_world.donor.name}"
    response = client.get(url)
    assert response.status_code == 200
    assert "donor's name" in leaks(body_text(response), secrets)
    line = reverse("reconciliation_line:inspect", args=[security_world.line.pk])
    assert "bank line's memo" in leaks(body_text(client.get(line)), secrets)
