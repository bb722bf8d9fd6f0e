"""Builders for the tests of the home page and of the whole site: the home page itself, Debian's
chromium for the browser walks, and the security world with its crawl for the permission matrix.

Browser: Playwright never downloads a browser here: it launches /usr/bin/chromium (installed
by `.ci/run` with apt-get). Without it a test is skipped on a developer's machine but FAILS
under CI, so a missing browser can never pass as green.

Security world: one site with something behind every URL, built once per test module: the demo
content (pages, areas, images, the demo ledger with its donors' personal data), the four staff
roles, and the objects the demo lacks (a document, a redirect, an online gift and a refund, a
statement import with lines and a decision, a transfer feed, a saved column mapping, a page in
moderation, a private page, an upload in progress, an editing session). `security_world` is a
module-scoped fixture whose writes are rolled back when the module ends.

Crawl: every URL pattern walked from the resolver, filled with the world's real objects,
requested as each role and reduced to an outcome: ok (200) · login (sent to the admin's
sign-in page) · denied (Wagtail's "permission denied": back to the dashboard with an error, or
403) · missing (404) · method (405: GET on a POST-only action) · bad (400) · error (500) · moved
(any other redirect: the view sends you on). Requests go through tests/home/urls_with_simulator.py,
the site's own URLs with the VNPay simulator mounted.
"""

import contextlib
import io
import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from PIL import Image as PILImage
from wagtail.models import Page, Site

from home.models import HomePage
from sitewide.groups import COMMUNE_FRONT_STAFF, EDITORS, FRONT_STAFF, FUND_BOARD, MODERATORS


def make_home():
    root = Page.get_first_root_node()
    home = HomePage(title="Trang chủ", slug="trang-chu", hero_heading="Chung tay vì người nghèo")
    root.add_child(instance=home)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.save()
    return home


@pytest.fixture
def home(db):
    return make_home()


CHROMIUM = "/usr/bin/chromium"


CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "browser"


@pytest.fixture
def browser_page(monkeypatch):
    if not os.path.exists(CHROMIUM):
        message = f"{CHROMIUM} is missing: apt-get install chromium"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls (and
    # the database flush afterwards) are still plain synchronous code.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True
        )
        context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(20_000)
        try:
            yield page
        finally:
            context.close()
            browser.close()


# "board": a Front staff member who also sits on the Fund's campaign board (approves spending);
# "commune": commune Front staff, who see and record only their own commune's fund.
ROLES = ("anonymous", "editor", "moderator", "front", "board", "commune", "superuser")


# Personal data that only Front staff and superusers may ever see (docs/security.md): one
# donor's, also typed into an online gift and a bank statement line.
SECRET_PHONE = "0912000777"


SECRET_EMAIL = "bi-mat.nha-hao-tam@example.vn"


SECRET_ADDRESS = "Thôn Bí Mật, hẻm 48237"


SECRET_TAX_CODE = "3200123456"


SECRETS = {
    "phone": SECRET_PHONE,
    "e-mail": SECRET_EMAIL,
    "address": SECRET_ADDRESS,
    "tax code": SECRET_TAX_CODE,
}


# A beneficiary household's private details (support/): seen by Front staff (the board and
# commune Front staff among them) and superusers only, never on a public page or in a log.
BENEFICIARY_SECRETS = {
    "CCCD": "045199077001",
    "phone": "0977000555",
    "address": "Bản Ka Tiêng, nhà số 73 kín",
    "reason": "Điều trị ung thư giai đoạn hai",
}


def _tiny_scene(key, caption="", scene=None):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (40, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def _users():
    User = get_user_model()
    users = {"superuser": User.objects.create_superuser("quantri", email="qt@example.vn")}
    for role, groups in (
        ("editor", [EDITORS]),
        ("moderator", [MODERATORS]),
        ("front", [FRONT_STAFF]),
        ("board", [FRONT_STAFF, FUND_BOARD]),
        ("commune", [COMMUNE_FRONT_STAFF]),
    ):
        user = User.objects.create_user(username=f"vaitro-{role}")
        user.groups.add(*Group.objects.filter(name__in=groups))
        users[role] = user
    return users


def _ledger_extras(world):
    from donations.models import Allocation, Donor, Receipt, Reversal
    from giving.models import GiftMethod
    from giving.services import create_gift

    donor = Donor.objects.filter(receipts__isnull=False).order_by("pk").first()
    donor.phone = SECRET_PHONE
    donor.email = SECRET_EMAIL
    donor.address = SECRET_ADDRESS
    donor.tax_code = SECRET_TAX_CODE
    donor.save()
    world.donor = donor
    world.receipt = Receipt.objects.filter(donor=donor).order_by("pk").first()
    world.reversal = Reversal.objects.order_by("pk").first()
    world.allocation = Allocation.objects.filter(reversal__isnull=True).order_by("pk").first()
    world.gift = create_gift(
        campaign=world.campaign,
        method=GiftMethod.TRANSFER,
        amount=300_000,
        phone=SECRET_PHONE,
        email=SECRET_EMAIL,
        ip="203.0.113.9",
    )


def _money_out_extras(world, users):
    """The ledger's money out (the support helper adds its decisions apart): a voucher of the
    province fund with its handover record, a transfer from the province to a commune fund the
    commune account does not work on, and that account assigned to a commune fund of its own.
    The voucher pays under an authority of the tests' own resolver."""
    from django.core.files.base import ContentFile as File
    from django.utils import timezone

    from donations.models import Fund, FundAssignment, SupportType
    from donations.services import attach_handover, record_voucher, transfer_between_funds
    from donations.spending import Authority, register_authority
    from sitewide.models import Area

    province = world.fund
    today = timezone.localdate()

    def commune_fund(name):
        area = Area.objects.create(
            name=name.replace("Quỹ Vì người nghèo x", "X"),
            slug=f"an-ninh-{Area.objects.count()}",
            level=Area.Level.COMMUNE,
            parent=province.area,
        )
        return Fund.objects.create(name=name, level=Fund.Level.COMMUNE, area=area, parent=province)

    world.commune_fund = commune_fund("Quỹ Vì người nghèo xã Kiểm Thử")
    world.other_commune_fund = commune_fund("Quỹ Vì người nghèo xã Bên Cạnh")
    FundAssignment.objects.create(user=users["commune"], fund=world.commune_fund)
    authority = Authority(
        key="tests.security:1", label="Quyết định số 1/QĐ-BVĐ", fund_id=province.pk,
        ceiling=30_000_000, approved=True, approver_id=users["board"].pk,
        recipient_name="Hộ ông Hồ Văn Lục", support_type=SupportType.HOUSE_REPAIR,
        area_id=None, campaign_id=None,
    )  # fmt: skip
    register_authority(
        "tests.security", lambda key, lock: authority if key == authority.key else None
    )
    world.voucher = record_voucher(
        authority_key=authority.key, amount=1_000_000, paid_on=today, method="cash",
        user=users["front"],
    )  # fmt: skip
    world.voucher = attach_handover(
        world.voucher, file=File(b"%PDF-1.4\n", name="bien-ban.pdf"), received_by="Hồ Văn Lục",
        handed_over_on=today, place="Thôn 3", user=users["front"],
    )  # fmt: skip
    world.transfer = transfer_between_funds(
        from_fund=province, to_fund=world.other_commune_fund, amount=500_000,
        transferred_on=today, user=users["front"],
    )  # fmt: skip


def _reconciliation_extras(world, users):
    from reconciliation.models import FeedSource, SavedColumnMapping
    from reconciliation.services.decisions import record_unidentified
    from reconciliation.services.uploads import queue_upload
    from reconciliation.statements.mapping import ColumnMapping

    account = world.campaign.bank_accounts.first() or world.fund.bank_accounts.first()
    csv = (
        "Ngày giao dịch,Số tiền,Nội dung,Người chuyển\n"
        f"20/11/2026,1500000,UNG HO NGAY VI NGUOI NGHEO,{SECRET_PHONE}\n"
        "21/11/2026,200000,CHUYEN TIEN UNG HO,Lê Văn Hải\n"
    ).encode()
    mapping = SavedColumnMapping.objects.create(
        name="Mẫu thử",
        bank_account=account,
        mapping=ColumnMapping(
            date="Ngày giao dịch", credit="Số tiền", memo="Nội dung",
            counterparty_name="Người chuyển", bank="Ngân hàng thử",
        ).to_dict(),
    )  # fmt: skip
    world.upload = queue_upload(
        account=account, file_bytes=csv, filename="sao-ke.csv", user=users["front"],
        mapping=mapping,
    )  # fmt: skip
    world.statement_import = world.upload.statement_import
    world.mapping = mapping
    lines = list(world.statement_import.lines.order_by("pk"))
    world.line = lines[0]
    world.decision = record_unidentified(lines[-1], user=users["front"], campaign=world.campaign)
    world.feed = FeedSource.objects.create(
        slug="vietqr-thu", name="Nguồn thử", bank_account=account, kind="casso",
        key_name="FEED_KEY_THU",
    )  # fmt: skip


def _mobilisation_extras(world, users):
    from mobilisation.models import Ceremony
    from mobilisation.services.imports import stage_import

    world.ceremony = Ceremony.objects.order_by("pk").first()
    csv = "Tên đơn vị;Số tiền\nCông ty Thử Nghiệm;5.000.000\n".encode()
    world.pledge_import = stage_import(
        data=csv, filename="cam-ket.csv", campaign=world.campaign, user=users["front"]
    )


def _support_extras(world, users):
    """A household with private details (BENEFICIARY_SECRETS) on an approved decision (its
    house, a line to pay) and on a decision waiting for the board, both proposed by Front
    staff (the board member may approve: not their own proposal)."""
    import datetime

    from sitewide.models import Area
    from support import services
    from support.models import Beneficiary, House, SupportLevel

    commune = Area.objects.get(
        name="Xã Hướng Phùng", level=Area.Level.COMMUNE, slug="xa-huong-phung"
    )
    household = Beneficiary.objects.create(
        head_name="Hồ Thị Bí Mật",
        head_gender="female",
        members_count=4,
        commune=commune,
        category="poor",
        list_year=2026,
        cccd=BENEFICIARY_SECRETS["CCCD"],
        phone=BENEFICIARY_SECRETS["phone"],
        address=BENEFICIARY_SECRETS["address"],
        support_reason=BENEFICIARY_SECRETS["reason"],
    )
    level = SupportLevel.objects.filter(support_type="house_new").order_by("-valid_from").first()
    approved = services.propose_decision(
        fund=world.fund, support_level=level, title="Xây nhà cho hộ thử", user=users["front"],
        beneficiaries=[household], campaign=world.campaign,
    )  # fmt: skip
    services.approve_decision(
        approved, user=users["board"], number="99/QĐ-THU", decided_on=datetime.date(2026, 11, 20)
    )
    world.beneficiary = household
    world.support_line = approved.lines.get()
    world.house = House.objects.get(line=world.support_line)
    world.support_level = level
    world.support_decision = services.propose_decision(
        fund=world.fund, support_level=level, title="Xây nhà đợt thử", user=users["front"],
        beneficiaries=[household],
    )  # fmt: skip


def _wagtail_extras(world, users):
    from wagtail.admin.models import EditingSession
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.documents.models import Document
    from wagtail.images.models import Image
    from wagtail.models import (
        Collection,
        CollectionViewRestriction,
        PageViewRestriction,
        UploadedFile,
        Workflow,
    )

    from stories.models import StoryPage

    world.image = Image.objects.order_by("pk").first()
    world.document = Document.objects.create(
        title="Báo cáo", file=ContentFile(b"%PDF-1.4\n", name="bao-cao.pdf")
    )
    world.collection = Collection.get_first_root_node().add_child(name="Ảnh chiến dịch")
    world.collection_restriction = CollectionViewRestriction.objects.create(
        collection=world.collection,
        restriction_type=CollectionViewRestriction.PASSWORD,
        password="mat-ma",
    )
    world.redirect = Redirect.objects.create(old_path="/cu", redirect_link="/")
    world.uploaded_file = UploadedFile.objects.create(
        file=ContentFile(b"x", name="dang-tai.jpg"), uploaded_by_user=users["editor"]
    )
    stories = list(StoryPage.objects.live().order_by("path"))
    world.story = stories[0]
    world.revision = world.story.latest_revision
    world.moderated = stories[1]
    world.moderated.save_revision(user=users["editor"])
    world.workflow = Workflow.objects.get(active=True)
    world.workflow_state = world.workflow.start(world.moderated, users["editor"])
    world.task_state = world.workflow_state.current_task_state
    world.task = world.task_state.task
    world.private = stories[2]
    world.alias = stories[3].create_alias(update_slug=f"{stories[3].slug}-ban-sao")
    world.restriction = PageViewRestriction.objects.create(
        page=world.private, restriction_type=PageViewRestriction.PASSWORD, password="mat-ma"
    )
    world.editing_session = EditingSession.objects.create(
        user=users["editor"], content_object=world.story.page_ptr, last_seen_at=world.now
    )


def _public_record_extras(world):
    """Three entries (one naming a donor by commitment) and a checkpoint covering them."""
    from public_record.canonical import commit_name
    from public_record.services import append_entry, sign_checkpoint

    digest, salt = commit_name("Nguyễn Văn An")
    with transaction.atomic():
        append_entry(kind="receipt", body={"amount": 500_000, "donor": digest},
                     salts={"donor": salt})  # fmt: skip
        for number in (1, 2):
            append_entry(kind="receipt", body={"amount": 100_000 * number})
    world.checkpoint = sign_checkpoint()


def build_world():
    from django.utils import timezone

    from campaigns.models import CampaignIndexPage, CampaignPage
    from home.demo import load_all
    from stories.models import StoryIndexPage

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("sitewide.demo.images.draw_scene", _tiny_scene)
        load_all()
    users = _users()
    world = SimpleNamespace(users=users, now=timezone.now())
    world.campaign = CampaignPage.objects.live().get(slug="ngay-vi-nguoi-ngheo-2026")
    world.campaign_index = CampaignIndexPage.objects.get()
    world.story_index = StoryIndexPage.objects.get()
    world.fund = world.campaign.ledger_fund.fund
    _ledger_extras(world)
    _money_out_extras(world, users)
    _reconciliation_extras(world, users)
    _mobilisation_extras(world, users)
    _support_extras(world, users)
    _wagtail_extras(world, users)
    _public_record_extras(world)
    return world


def world_settings(world, **more):
    """What the function-scoped fixtures of tests/conftest.py set, for work done at module scope
    (requests made once for a whole module): plain static files, the world's media."""
    from django.conf import settings

    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    return override_settings(
        STORAGES={**settings.STORAGES, "staticfiles": static},
        MEDIA_ROOT=world.media_root,
        **more,
    )


@pytest.fixture(scope="module")
def security_world(django_db_setup, django_db_blocker, tmp_path_factory):
    """The world above, written once for the module and rolled back at its end. Its files live
    in world.media_root: a module using it points MEDIA_ROOT there for each test."""
    from django.core.cache import caches

    media_root = tmp_path_factory.mktemp("security-media")
    for cache in caches.all():
        cache.clear()
    with (
        override_settings(MEDIA_ROOT=media_root),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        world = build_world()
        world.media_root = media_root
        yield world
        transaction.set_rollback(True)
    for cache in caches.all():  # Wagtail keeps site root paths there: none of ours may stay
        cache.clear()


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


def argument_values(world):
    """Real objects for every argument name; (url name, argument) where one name means
    different things in different views."""
    from django.contrib.auth.tokens import default_token_generator
    from django.utils.encoding import force_bytes
    from django.utils.http import urlsafe_base64_encode

    from donations.models import BankAccount, CampaignFund, Fund, FundAssignment, Pledge
    from mobilisation.services.reminders import opt_out_token

    users = world.users
    decision = world.decision
    by_namespace = {
        "receipt": world.receipt,
        "pledge": Pledge.objects.order_by("pk").first(),
        "donor": world.donor,
        "fund": Fund.objects.first(),
        "bankaccount": BankAccount.objects.first(),
        "campaignfund": CampaignFund.objects.first(),
        "voucher": world.voucher,
        "fundtransfer": world.transfer,
        "fundassignment": FundAssignment.objects.first(),
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
        "ceremony": world.ceremony,
        "pledge_import": world.pledge_import,
        "wagtailadmin_api:pages": world.story,
        "wagtailadmin_api:images": world.image,
        "wagtailadmin_api:documents": world.document,
        "wagtailsnippetchoosers_sitewide_area": world.fund.area,
        "wagtaildocs_chooser": world.document,
        "wagtailimages_chooser": world.image,
        "decision": world.support_decision,
        "beneficiary": world.beneficiary,
        "house": world.house,
        "supportlevel": world.support_level,
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
        "size": world.checkpoint.size,
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
        ("media", "path"): world.image.file.name,
        # A pledge's board, confirmation and reminder: the pk is a pledge's.
        ("ceremony:board", "pk"): world.ceremony.entries.first().pledge_id,
        ("ceremony:confirmation", "pk"): world.ceremony.entries.first().pledge_id,
        ("reminder:send_one", "pk"): world.ceremony.entries.first().pledge_id,
        ("mobilisation:opt_out", "token"): opt_out_token(world.donor),
        # Actions on one line of a decision: the approved decision's line.
        ("decision:pay_line", "pk"): world.support_line.pk,
        ("decision:line_story", "pk"): world.support_line.pk,
        ("decision:remove_line", "pk"): world.support_decision.lines.get().pk,
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
        "public_record_entries": "?start=0&end=3",
        "public_record_inclusion": "?index=1&size=3",
        "public_record_consistency": "?from=1&to=3",
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
    beneficiary_secrets: set = field(default_factory=set)


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
                    {label for label, value in BENEFICIARY_SECRETS.items() if value in text},
                )
    return answers
