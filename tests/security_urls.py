"""The site's URLs for the security tests: every pattern walked from the resolver, filled with
real objects of tests/security_world.py, requested as each role and reduced to an outcome.

Outcomes:  ok (200) · login (sent to the admin's sign-in page) · denied (Wagtail's "permission
denied": back to the dashboard with an error, or 403) · missing (404) · method (405: GET on a
POST-only action) · bad (400) · error (500) · moved (any other redirect: the view sends you on).

This module is also a URLconf: the site's own, with the VNPay simulator mounted (as with DEBUG).
"""

import contextlib
import json
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.security_world import ROLES, SECRETS


def walk(patterns=None, prefix="", namespace=""):
    """(route as written, full name, argument names) of every pattern under the root URLconf."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from walk(pattern.url_patterns, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            full = f"{namespace}:{name}" if namespace and name else name
            regex = pattern.pattern.regex
            yield prefix + str(pattern.pattern), full, tuple(regex.groupindex)


# The simulator is mounted only with DEBUG or VNPAY_SIMULATOR_ENABLED: mount it here, in front
# of Wagtail's catch-all as home/urls.py does, so its pages are in the matrix too.
def _urlpatterns():
    from django.urls import include, path

    from home import urls as site_urls

    *site, wagtail_serve = site_urls.urlpatterns
    simulator = path("_vnpay-sandbox/", include("giving.payments.simulator.urls"))
    return [*site, simulator, wagtail_serve]


urlpatterns = _urlpatterns()
handler404 = "sitewide.views.page_not_found"
handler500 = "sitewide.views.server_error"


def argument_values(world):
    """Real objects for every argument name; (url name, argument) where one name means
    different things in different views."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from donations.models import BankAccount, CampaignFund, Fund, Pledge

    users = world.users
    decision = world.decision
    by_namespace = {
        "receipt": world.receipt,
        "pledge": Pledge.objects.order_by("pk").first(),
        "donor": world.donor,
        "fund": Fund.objects.first(),
        "bankaccount": BankAccount.objects.first(),
        "campaignfund": CampaignFund.objects.first(),
        "online_gifts": world.gift,
        "reconciliation_line": world.line,
        "reconciliation_import": world.statement_import,
        "reconciliation_mapping": world.mapping,
        "reconciliation_feed": world.feed,
        "wagtailsites": world.campaign.get_site(),
        "wagtailusers_users": users["editor"],
        "wagtailusers_groups": users["editor"].groups.first(),
        "wagtailsnippets_sitewide_area": world.campaign.area or world.fund.area,
        "wagtailadmin_collections": world.collection,
        "wagtailadmin_workflows": world.workflow,
        "ledger": world.campaign,
        "donor_chooser": world.donor,
        "reconciliation_donor_chooser": world.donor,
        "pledge_chooser": Pledge.objects.order_by("pk").first(),
        "wagtailadmin_api:pages": world.story,
        "wagtailadmin_api:images": world.image,
        "wagtailadmin_api:documents": world.document,
        "wagtailsnippetchoosers_sitewide_area": world.fund.area,
        "wagtaildocs_chooser": world.document,
        "wagtailimages_chooser": world.image,
    }
    generic = {
        "page_id": world.story.pk,
        "parent_page_id": world.story_index.pk,
        "page_to_move_id": world.story.pk,
        "destination_id": world.campaign_index.pk,
        "page_pk": world.story.pk,
        "workflow_pk": world.workflow.pk,
        "image_id": world.image.pk,
        "document_id": world.document.pk,
        "doc_id": world.document.pk,
        "uploaded_file_id": world.uploaded_file.pk,
        "revision_id": world.revision.pk,
        "revision_id_a": "earliest",
        "revision_id_b": "latest",
        "task_state_id": world.task_state.pk,
        "workflow_state_id": world.workflow_state.pk,
        "task_id": world.task.pk,
        "redirect_id": world.redirect.pk,
        "collection_id": world.collection.pk,
        "content_type_app_name": "stories",
        "content_type_model_name": "storypage",
        "app_label": "stories",
        "model_name": "storypage",
        "app_name": "sitewide",
        "filter_spec": "fill-80x80",
        "action_name": "approve",
        "restriction_id": world.restriction.pk,
        "page_view_restriction_id": world.restriction.pk,
        "session_id": world.editing_session.pk,
        "object_id": str(world.story.pk),
        "campaign_id": world.campaign.pk,
        "slug": world.campaign.slug,
        "token": world.gift.token,
        "upload_pk": world.upload.pk,
        "uidb64": urlsafe_base64_encode(force_bytes(users["editor"].pk)),
    }
    specific = {
        ("wagtailadmin_pages:workflow_action", "page_id"): world.moderated.pk,
        ("wagtailadmin_pages:collect_workflow_action_data", "page_id"): world.moderated.pk,
        ("wagtailadmin_pages:confirm_workflow_cancellation", "page_id"): world.moderated.pk,
        ("wagtailadmin_pages:workflow_preview", "page_id"): world.moderated.pk,
        ("wagtailadmin_pages:workflow_history_detail", "page_id"): world.moderated.pk,
        ("wagtailadmin_pages:revisions_compare", "pk"): world.story.pk,
        ("wagtailcore_authenticate_with_password", "page_id"): world.private.pk,
        ("wagtaildocs_authenticate_with_password", "restriction_id"): (
            world.collection_restriction.pk
        ),
        ("wagtailadmin_pages:convert_alias", "page_id"): world.alias.pk,
        ("wagtailadmin_tag_model_autocomplete", "app_name"): "taggit",
        ("wagtailadmin_tag_model_autocomplete", "model_name"): "tag",
        # Under the receipt viewset, but its pk is an allocation's (ids differ on PostgreSQL).
        ("receipt:reverse_allocation", "pk"): world.allocation.pk,
        ("reconciliation_line:reverse", "pk"): decision.line_id,
        ("reconciliation_line:reverse", "decision_pk"): decision.pk,
        ("wagtailsettings:edit", "model_name"): "sitesettings",
        ("wagtailsettings:preview_on_edit", "model_name"): "sitesettings",
        ("wagtailsettings:edit", "pk"): world.campaign.get_site().pk,
        ("wagtailsettings:preview_on_edit", "pk"): world.campaign.get_site().pk,
        ("wagtailadmin_workflows:edit_task", "pk"): world.task.pk,
        ("wagtailadmin_workflows:disable_task", "pk"): world.task.pk,
        ("wagtailadmin_workflows:enable_task", "pk"): world.task.pk,
        ("wagtailadmin_workflows:add_task", "app_label"): "wagtailcore",
        ("wagtailadmin_workflows:add_task", "model_name"): "groupapprovaltask",
        ("wagtail_bulk_action", "app_label"): "wagtailcore",
        ("wagtail_bulk_action", "model_name"): "page",
        ("wagtail_bulk_action", "action"): "publish",
        ("wagtailadmin_editing_sessions:ping", "app_label"): "wagtailcore",
        ("wagtailadmin_editing_sessions:ping", "model_name"): "page",
        ("wagtailadmin_password_reset_confirm", "token"): default_token_generator.make_token(
            users["editor"]
        ),
        ("reconciliation:feed", "slug"): world.feed.slug,
        ("wagtailadmin_api:pages:action", "action_name"): "copy",
    }
    return by_namespace, generic, specific


def public_page_urls(world):
    """What Wagtail's catch-all serves: one page of every type, and a private one."""
    from wagtail.models import Site

    home = Site.objects.get(is_default_site=True).root_page
    return [
        home.url,
        world.story_index.url,
        world.story.url,
        world.campaign_index.url,
        world.campaign.url,
        world.private.url,
    ]


UNNAMED = {
    "admin/test404/": ["/admin/test404/"],
    "admin/^.*/$": ["/admin/khong-co-trang-nay/"],
}


def concrete_urls(world):
    """{(route, name): [URL, …]} for every pattern of walk()."""
    by_namespace, generic, specific = argument_values(world)
    query_strings = queries(world)
    urls = {}
    for route, name, arguments in walk():
        if name == "wagtail_serve":
            urls[route, name] = public_page_urls(world)
        elif name == "wagtaildocs_serve":
            urls[route, name] = [world.document.url]
        elif not name:
            urls[route, name] = UNNAMED[route]
        else:
            kwargs = {}
            for argument in arguments:
                if (name, argument) in specific:
                    kwargs[argument] = specific[name, argument]
                elif argument == "pk":
                    kwargs[argument] = by_namespace[name.rsplit(":", 1)[0]].pk
                else:
                    kwargs[argument] = generic[argument]
            urls[route, name] = [reverse(name, kwargs=kwargs) + query_strings.get(name, "")]
    return urls


def queries(world):
    """Query strings without which a view only answers 404."""
    return {
        "wagtailadmin_api:pages:find": f"?id={world.story.pk}",
        "wagtailadmin_api:images:find": f"?id={world.image.pk}",
        "wagtailadmin_api:documents:find": f"?id={world.document.pk}",
        "wagtail_bulk_action": f"?id={world.story.pk}",
        "vnpay_simulator:pay": f"?vnp_TxnRef={world.gift.txn_ref}",
    }


LOGIN_PATH = "/admin/login/"
DASHBOARD = "/admin/"


def refused(response):
    """Wagtail answers "permission denied" with a redirect to the dashboard and an error
    message added by this very request (older, unread messages wait in the session too)."""
    from django.contrib import messages

    added = getattr(messages.get_messages(response.wsgi_request), "_queued_messages", [])
    return any(message.level == messages.ERROR for message in added)


def outcome(response):
    status = response.status_code
    if status == 200:
        return "ok"
    if status in (301, 302, 303, 307, 308):
        target = urlsplit(response["Location"]).path
        if target == LOGIN_PATH:
            return "login"
        if target == DASHBOARD and refused(response):
            return "denied"
        return "moved"
    return {400: "bad", 403: "denied", 404: "missing", 405: "method", 500: "error"}.get(
        status, str(status)
    )


def client_for(world, role):
    """A client as role; 500s come back as answers, not exceptions."""
    client = Client(raise_request_exception=False)
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


# Wagtail's logout answers a GET with 405 but still deletes the session cookie: those URLs get
# a client of their own, so the next requests are still made signed in.
SESSION_ENDING = {"wagtailadmin_logout"}


def clients(world):
    return {role: client_for(world, role) for role in ROLES}


@dataclass
class Answer:
    outcome: str
    location: str = ""
    secrets: set = field(default_factory=set)


def body_text(response):
    """The answer as text, JSON decoded so that escaped characters are searched as written."""
    raw = b"".join(response.streaming_content) if response.streaming else bytes(response.content)
    text = raw.decode(errors="replace")
    if "json" in response.get("Content-Type", ""):
        with contextlib.suppress(ValueError):
            text += json.dumps(json.loads(raw), ensure_ascii=False)
    return text


def crawl(world):
    """{(route, name, url, role): Answer} for every URL of concrete_urls as every role."""
    signed_in = clients(world)
    answers = {}
    for (route, name), urls in concrete_urls(world).items():
        for url in urls:
            for role in ROLES:
                client = client_for(world, role) if name in SESSION_ENDING else signed_in[role]
                response = client.get(url)
                text = body_text(response)
                answers[route, name, url, role] = Answer(
                    outcome(response),
                    response.get("Location", ""),
                    {label for label, value in SECRETS.items() if value in text},
                )
    return answers
