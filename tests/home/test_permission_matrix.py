"""Every URL of the site and the admin × anonymous, editor, moderator, Front staff and
superuser → what each must get; and donors' personal data reaches nobody but Front staff and
superusers (docs/security.md, "Who may see what").

The patterns are walked from the resolver (tests/home/conftest.py), so a new view cannot slip
past: a pattern no row of ACCESS classifies fails test_every_url_pattern_is_classified, and a
row that matches nothing any more fails it too. Every URL is requested once per role for the
whole module (the `answers` fixture), on one world built once (tests/home/conftest.py).
"""

import re
from typing import NamedTuple

import pytest

from tests.home.conftest import BENEFICIARY_SECRETS, ROLES, SECRETS, crawl, walk, world_settings

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.home.urls_with_simulator")]

# Outcomes in the order anonymous, editor, moderator, Front staff, superuser; the board member
# and commune Front staff get what Front staff get (expected_for), unless a rule gives all
# seven outcomes in the order of ROLES.
EVERYONE = ("ok",) * 5
ANY_STAFF = ("login", "ok", "ok", "ok", "ok")
WRITERS = ("login", "ok", "ok", "denied", "ok")
PUBLISHERS = ("login", "denied", "ok", "denied", "ok")
DOCUMENT_KEEPERS = ("login", "denied", "ok", "ok", "ok")
LEDGER = ("login", "denied", "denied", "ok", "ok")
SUPERUSER = ("login", "denied", "denied", "denied", "ok")
NOBODY = ("login", "denied", "denied", "denied", "denied")
POST_ONLY = ("login",) + ("method",) * 4
STAFF_MOVED_ON = ("login",) + ("moved",) * 4
STAFF_NOT_FOUND = ("login",) + ("missing",) * 4
# All seven roles: a record of the province fund, which the commune account does not see.
OTHER_FUNDS_RECORD = ("login", "denied", "denied", "ok", "ok", "missing", "ok")


class Rule(NamedTuple):
    names: str  # a regular expression the whole URL name must match
    expected: tuple
    why: str
    route: str = ""  # when one name has several patterns: a regex the route must match too


ACCESS = [
    # --- the public site --------------------------------------------------------------------
    Rule(r"wagtail_serve|search|sitemap|robots_txt|stories_(rss|atom)", EVERYONE, "public"),
    Rule(
        r"donations_(check_gift|statement|statement_csv|honour_roll)",
        EVERYONE,
        "the public ledger: donors appear only as they chose",
    ),
    Rule(r"media", EVERYONE, "pictures (only the two picture folders of MEDIA_ROOT)"),
    Rule(r"giving:old_(donate|gift_status)", ("moved",) * 5, "old donor paths: on to /ung-ho/"),
    Rule(
        r"mobilisation:opt_out",
        EVERYONE,
        "a reminder's link to stop reminders, signed; shows nothing of the donor",
    ),
    Rule(r"giving:gift_status", EVERYONE, "a gift's own page, behind its unguessable token"),
    Rule(
        r"public_record_(index|key|verifier|checkpoint|checkpoint_at|checkpoints|entries"
        r"|inclusion|consistency)",
        EVERYONE,
        "the public record: commitments instead of names, salts only while consent holds",
    ),
    Rule(
        r"disclosure_(page|json|csv|pdf|corrections)",
        EVERYONE,
        "the disclosure: households in public form only, donors as they chose",
    ),
    Rule(r"giving:vnpay_ipn", EVERYONE, "VNPay's servers call it; unsigned calls get an error"),
    Rule(r"giving:vnpay_return|vnpay_simulator:pay", ("bad",) * 5, "refused unless signed"),
    Rule(
        r"giving:donate|reconciliation:feed|vnpay_simulator:api",
        ("method",) * 5,
        "POST only: the donate form, signed transfer feeds, the simulator's API",
    ),
    Rule(
        r"wagtaildocs_serve|wagtaildocs_authenticate_with_password"
        r"|wagtailcore_(login|authenticate_with_password)",
        EVERYONE,
        "documents and private pages: Wagtail checks each restriction",
    ),
    # --- signing in -------------------------------------------------------------------------
    Rule(r"wagtailadmin_login", ("ok",) + ("moved",) * 4, "signed in: on to the dashboard"),
    Rule(
        r"wagtailadmin_password_reset(_done|_confirm|_complete)?|wagtailadmin_sprite"
        r"|wagtailadmin_javascript_catalog",
        EVERYONE,
        "needed before signing in",
    ),
    # --- records nobody edits: append-only ledger, read-only gifts, import history --------------
    Rule(
        r"online_gifts:(add|edit|delete|history|history_results|usage)"
        r"|reconciliation_line:(add|edit|delete)|reconciliation_import:(edit|delete)"
        r"|reconciliation_(mapping|feed):delete",
        NOBODY,
        "gifts come from donors, lines from banks; corrections are reversals",
    ),
    Rule(r"wagtailsnippets:index", NOBODY, "no snippet is listed there (areas are in Settings)"),
    # --- superusers only ----------------------------------------------------------------------
    Rule(
        r"(donor|fund|bankaccount|campaignfund|wagtailsnippets_sitewide_area):delete"
        r"|fundassignment:.*"
        r"|wagtailadmin_collections:(index|add|edit|set_privacy)"
        r"|wagtailadmin_workflows:(index|index_results|add|disable|edit|usage|usage_results"
        r"|add_task|task_index|task_index_results|edit_task|disable_task)"
        r"|wagtailsites:.*|wagtailusers_(users|groups):.*"
        r"|wagtailredirects:(index|index_results|add|edit|delete|start_import)",
        SUPERUSER,
        "accounts, groups, sites, workflows, collections, redirects, deleting ledger setup",
    ),
    Rule(
        r"wagtailadmin_collections:delete",
        ("login", "missing", "missing", "missing", "ok"),
        "others cannot even find the collection",
    ),
    Rule(
        r"wagtailadmin_workflows:select_task_type",
        ("login", "denied", "denied", "denied", "moved"),
        "one task type: straight to its form",
    ),
    Rule(
        r"wagtailredirects:process_import",
        ("login", "denied", "denied", "denied", "method"),
        "POST only",
    ),
    # --- the ledger: Front staff -------------------------------------------------------------
    Rule(
        r"reconciliation_import:upload",
        ("login", "denied", "denied", "moved", "moved"),
        "an imported upload sends you to its import",
    ),
    Rule(
        r"voucher:(inspect|history|history_results|reverse|handover|handover_file|print"
        r"|print_pdf)|fundtransfer:(inspect|history|history_results|reverse|print|print_pdf)",
        OTHER_FUNDS_RECORD,
        "money out: the world's records are the province fund's, not the commune account's",
    ),
    Rule(
        r"(voucher|fundtransfer):(index|index_results)|fundtransfer:(add|from_above)"
        r"|fundbalance:(index|book|report)",
        LEDGER,
        "money out lists, forms and the balance, limited to the funds one works on",
    ),
    Rule(
        r"receipt:(inspect|history|history_results|usage|allocate|reverse|reverse_allocation"
        r"|disclosure|print|print_pdf)|pledge:(inspect|history|history_results|usage|edit|cancel)",
        OTHER_FUNDS_RECORD,
        "the world's receipts and pledges are the province fund's, not the commune account's",
    ),
    Rule(
        r"(ledger|receipt|pledge|donor|fund|bankaccount|campaignfund|online_gifts|donor_chooser"
        r"|pledge_chooser|reconciliation_(line|import|mapping|feed|donor_chooser)):.*",
        LEDGER,
        "the Fund's ledger and reconciliation",
    ),
    Rule(
        r"pledge_import:confirm|reminder:(send|send_one)",
        ("login", "denied", "denied", "method", "method"),
        "mobilisation's actions: POST only, refused before the method to others",
    ),
    Rule(
        r"ceremony:(inspect|edit|delete|history|history_results|usage|live|stage|results|board"
        r"|confirmation)|pledge_import:inspect",
        OTHER_FUNDS_RECORD,
        "the world's ceremony and pledge import are the province fund's campaign's: another "
        "fund's for the commune account",
    ),
    Rule(
        r"(ceremony|pledge_import|reminder):.*",
        LEDGER,
        "mobilisation: ceremonies, live entry, stage screen, boards, imports, reminders",
    ),
    # --- support (money out): Front staff; the board approves; commune staff see their own ---
    Rule(
        r"decision:(approve|return)",
        ("login", "denied", "denied", "denied", "ok", "denied", "ok"),
        "the Fund's board approves or returns a decision (never its own proposal)",
    ),
    Rule(
        r"decision:edit|house:(add|edit)|supportlevel:delete",
        NOBODY,
        "decisions change through their actions, houses are made by approvals and move by "
        "stages, support levels stay as decisions cite them",
    ),
    Rule(
        r"(decision|house|beneficiary):delete|(decision|house):usage",
        ("login", "denied", "denied", "denied", "denied", "missing", "denied"),
        "nothing of support is deleted; another commune's record is not even found",
    ),
    Rule(
        r"decision:(inspect|history|history_results|add_lines|line_story|pay_line|remove_line"
        r"|revoke|submit)|beneficiary:(inspect|edit|consent|erase|history|history_results|usage)"
        r"|house:(inspect|advance|photos|history|history_results)",
        OTHER_FUNDS_RECORD,
        "the world's decisions are the province fund's, its household in another commune",
    ),
    Rule(
        r"(decision|beneficiary|house|supportlevel):.*",
        LEDGER,
        "support's lists and forms (limited to one's funds and communes), support levels",
    ),
    Rule(r"public_record_sign", LEDGER, "signing a checkpoint now: Front staff"),
    # --- publishing: moderators (and the settings and areas they keep) -----------------------
    Rule(
        r"wagtailadmin_pages:(delete|unpublish|move|workflow_action|collect_workflow_action_data"
        r"|workflow_preview|set_privacy|revisions_unschedule)"
        r"|wagtailadmin_reports:locked_pages(_results)?"
        r"|wagtailsnippets_sitewide_area:(add|edit|usage|history|history_results|copy)"
        r"|wagtailsnippetchoosers_sitewide_area:create"
        r"|wagtailimages:(edit|delete|preview|image_usage)",
        PUBLISHERS,
        "publishing, moving, deleting; site settings, areas, other people's pictures",
    ),
    Rule(r"wagtailsettings:edit", PUBLISHERS, "site settings", route=r".*<int:pk>/"),
    Rule(
        r"wagtailsettings:edit",
        ("login", "denied", "moved", "denied", "moved"),
        "on to the default site's settings",
        route=r".*<slug:model_name>/",
    ),
    Rule(
        r"wagtailsettings:preview_on_edit",
        ("login", "denied", "missing", "denied", "missing"),
        "settings have no preview",
    ),
    # --- writing: editors and moderators -----------------------------------------------------
    Rule(
        r"wagtailadmin_explore(_root|_results)?"
        r"|wagtailadmin_pages:(add|preview_on_add|type_use|type_use_results|usage|edit"
        r"|preview_on_edit|view_draft|convert_alias|search|search_results|copy|revisions_view"
        r"|revisions_revert|revisions_compare|workflow_history|workflow_history_detail|history"
        r"|history_results)"
        r"|wagtailadmin_reports:(workflow|workflow_tasks|aging_pages|page_types_usage)(_results)?"
        r"|wagtailimages_chooser:create|wagtailimages:(index|index_results|add|add_multiple)",
        WRITERS,
        "pages and pictures; Front staff have no page permissions",
    ),
    Rule(
        r"wagtailadmin_pages:choose_parent",
        ("login", "moved", "moved", "ok", "moved"),
        "one possible parent: on to the form; Front staff get an empty choice",
    ),
    Rule(
        r"wagtailadmin_pages:add_subpage",
        ("login", "moved", "moved", "denied", "moved"),
        "one page type allowed: on to its form",
    ),
    Rule(r"wagtailadmin_pages:revisions_index", STAFF_MOVED_ON, "old address of the history"),
    Rule(
        r"wagtaildocs:(edit|delete|document_usage)",
        DOCUMENT_KEEPERS,
        "other people's documents: moderators and Front staff",
    ),
    Rule(
        r"wagtailadmin_api:pages:detail",
        ("login", "ok", "ok", "missing", "ok"),
        "pages Front staff may not explore are not found",
    ),
    Rule(
        r"wagtailadmin_api:pages:find",
        ("login", "moved", "moved", "missing", "moved"),
        "on to the page's detail",
    ),
    Rule(r"wagtailadmin_api:(images|documents):find", STAFF_MOVED_ON, "on to the detail"),
    Rule(
        r"wagtailimages:url_generator(_output)?",
        ("login", "missing", "missing", "denied", "missing"),
        "no image-serving view is mounted",
    ),
    # --- any staff member ---------------------------------------------------------------------
    Rule(
        r"wagtailadmin_api:pages:action|wagtailadmin_pages:(set_page_position|lock|unlock)"
        r"|wagtailadmin_workflows:(enable|remove|enable_task)|wagtailadmin_logout"
        r"|wagtailadmin_editing_sessions:(ping|release)"
        r"|wagtail(docs|images):(edit_multiple|create_multiple_from_uploaded_(document|image)"
        r"|delete_multiple|delete_upload_multiple)",
        POST_ONLY,
        "actions: the permission is checked on POST (test_refused_actions_change_nothing)",
    ),
    Rule(
        r"wagtailadmin_home|wagtailadmin_api:pages:listing|wagtailadmin_api:(documents|images)"
        r":(listing|detail)|wagtail_bulk_action|wagtailadmin_pages:(move_confirm"
        r"|confirm_workflow_cancellation)|wagtailadmin_choose_.*"
        r"|wagtailadmin_tag_(model_)?autocomplete"
        r"|wagtailadmin_workflows:(task_chooser|task_chooser_results|task_chooser_create"
        r"|task_chosen)|wagtailadmin_reports:site_history(_results)?|wagtailadmin_account"
        r"|wagtailadmin_dismissibles|wagtailsnippets_sitewide_area:(list|list_results)"
        r"|wagtailsnippetchoosers_sitewide_area:(choose|choose_results|chosen|chosen_multiple)"
        r"|wagtail(docs|images)_chooser:.*|wagtailembeds:.*"
        r"|wagtaildocs:(index|index_results|add|add_multiple)",
        ANY_STAFF,
        "the dashboard, choosers, own account, site history (filtered per user); confirmation "
        "pages whose action is checked on POST",
    ),
    Rule(r"", ANY_STAFF, "Wagtail's test page for 404s", route=r"admin/test404/"),
    Rule(r"wagtailadmin_error_test", ("login",) + ("error",) * 4, "Wagtail's deliberate 500"),
    Rule(r"wagtailadmin_block_preview", STAFF_NOT_FOUND, "needs a block in its query"),
    Rule(r"", STAFF_NOT_FOUND, "the admin's own not-found page", route=r"admin/\^\.\*/\$"),
]


def rule_for(route, name):
    for rule in ACCESS:
        if re.fullmatch(rule.names, name) and (not rule.route or re.fullmatch(rule.route, route)):
            return rule
    return None


def expected_for(rule, role):
    if len(rule.expected) == len(ROLES):
        return rule.expected[ROLES.index(role)]
    five = ("anonymous", "editor", "moderator", "front", "superuser")
    return rule.expected[five.index("front" if role in ("board", "commune") else role)]


def test_every_url_pattern_is_classified():
    patterns = list(walk())
    assert len(patterns) > 300, "the resolver walk found too few patterns"
    unclassified = [
        f"{route} ({name})" for route, name, _args in patterns if not rule_for(route, name)
    ]
    assert unclassified == [], "add these URLs to ACCESS with what each role must get"
    used = {id(rule_for(route, name)) for route, name, _args in patterns}
    stale = [rule.names or rule.route for rule in ACCESS if id(rule) not in used]
    assert stale == [], "these ACCESS rows match no URL any more"


@pytest.fixture(scope="module")
def answers(security_world):
    """Every URL as every role, once for the module."""
    with world_settings(
        security_world, ROOT_URLCONF="tests.home.urls_with_simulator", VNPAY_SIMULATOR_ENABLED=True
    ):
        return crawl(security_world)


def test_every_url_answers_each_role_as_the_matrix_says(answers):
    wrong = []
    for (route, name, url, role), answer in answers.items():
        rule = rule_for(route, name)
        expected = expected_for(rule, role)
        if answer.outcome != expected:
            wrong.append(f"{url} as {role}: {answer.outcome} {answer.location} (not {expected})")
    assert wrong == []
    assert len({key[2] for key in answers}) >= len(list(walk()))


def test_personal_data_only_reaches_front_staff_and_superusers(answers):
    """Commune Front staff and board members are Front staff."""
    leaks = [
        f"{url} as {role}: {sorted(answer.secrets)}"
        for (_route, _name, url, role), answer in answers.items()
        if answer.secrets and role not in ("front", "board", "commune", "superuser")
    ]
    assert leaks == []
    # The control: the search does find each of them where it belongs.
    for role in ("front", "superuser"):
        seen = set().union(*(a.secrets for key, a in answers.items() if key[3] == role))
        assert seen == set(SECRETS), role


def test_beneficiaries_private_details_only_reach_front_staff_and_superusers(answers):
    """A household's CCCD, phone, address and reason for support: the board and commune Front
    staff are Front staff (the world's household is not in the commune account's commune)."""
    leaks = [
        f"{url} as {role}: {sorted(answer.beneficiary_secrets)}"
        for (_route, _name, url, role), answer in answers.items()
        if answer.beneficiary_secrets and role not in ("front", "board", "commune", "superuser")
    ]
    assert leaks == []
    for role in ("front", "board", "superuser"):
        seen = set().union(*(a.beneficiary_secrets for key, a in answers.items() if key[3] == role))
        assert seen == set(BENEFICIARY_SECRETS), role
    commune = set().union(
        *(a.beneficiary_secrets for key, a in answers.items() if key[3] == "commune")
    )
    assert commune == set(), "another commune's household"


def ledger_and_pages(world):
    """What the actions below could change, in one comparable value."""
    from django.contrib.auth.models import Group
    from wagtail.models import Page, WorkflowState

    from donations.models import Pledge, Reversal
    from support.models import Decision

    story = Page.objects.filter(pk=world.story.pk)
    return {
        "story": story.values_list("live", "path", "locked", "title").first(),
        "moderation": WorkflowState.objects.get(pk=world.workflow_state.pk).status,
        "reversals": Reversal.objects.count(),
        "cancelled pledges": Pledge.objects.filter(cancelled_at__isnull=False).count(),
        "groups": Group.objects.count(),
        "pages": Page.objects.count(),
        "decisions": list(Decision.objects.order_by("pk").values_list("status", flat=True)),
    }


def actions(world):
    """(what, role refused, role allowed, URL, form data): each POSTs a complete, valid action.
    (Moving is not among them: each page type has one possible parent, so the demo tree offers
    no move even a moderator could make; Wagtail's MovePageAction checks the permission.)"""
    from django.urls import reverse as url

    from donations.models import Pledge, Receipt

    story = world.story.pk
    receipt = Receipt.objects.filter(reversal__isnull=True).order_by("pk").first()
    pledge = Pledge.objects.filter(cancelled_at__isnull=True).order_by("pk").first()
    approve = [world.moderated.pk, "approve", world.task_state.pk]
    group = world.users["editor"].groups.get().pk
    pages = "wagtailadmin_pages:"
    reason = {"reason": "Nhập trùng"}
    decision = world.support_decision.pk
    approval = {"number": "98/QĐ-THU", "decided_on": "20/11/2026"}
    return [
        ("delete", "editor", "moderator", url("wagtailadmin_pages:delete", args=[story]), {}),
        ("unpublish", "front", "moderator", url("wagtailadmin_pages:unpublish", args=[story]), {}),
        ("lock", "editor", "moderator", url("wagtailadmin_pages:lock", args=[story]), {}),
        ("approve", "editor", "moderator", url(f"{pages}workflow_action", args=approve), {}),
        ("reverse", "moderator", "front", url("receipt:reverse", args=[receipt.pk]), reason),
        ("cancel", "editor", "front", url("pledge:cancel", args=[pledge.pk]), reason),
        ("delete group", "front", "superuser", url("wagtailusers_groups:delete", args=[group]), {}),
        ("approve decision", "front", "board", url("decision:approve", args=[decision]), approval),
        ("return decision", "commune", "board", url("decision:return", args=[decision]), reason),
    ]  # fmt: skip


def test_refused_actions_change_nothing_and_allowed_ones_do(security_world):
    """GET only shows a confirmation for some actions (the matrix lets any staff see it): the
    POST is where Wagtail and the ledger check the permission. Each action is refused to one
    role with nothing changed, and (the control) does change something for a role allowed it."""
    from django.db import transaction

    from tests.home.conftest import client_for

    for what, refused_role, allowed_role, url, data in actions(security_world):
        before = ledger_and_pages(security_world)
        client_for(security_world, refused_role).post(url, data)
        assert ledger_and_pages(security_world) == before, f"{what} as {refused_role}"
        with transaction.atomic():
            client_for(security_world, allowed_role).post(url, data)
            assert ledger_and_pages(security_world) != before, f"{what} as {allowed_role}"
            transaction.set_rollback(True)
