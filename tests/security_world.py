"""One site with something behind every URL, built once per test module: the demo content
(pages, areas, images, the demo ledger with its donors' personal data), the four staff roles,
and the objects the demo lacks (a document, a redirect, an online gift and a refund, a
statement import with lines and a decision, a transfer feed, a saved column mapping, a page in
moderation, a private page, an upload in progress, an editing session).

Used by tests/test_permission_matrix.py and tests/test_hostile_*.py through `security_world`,
a module-scoped fixture whose writes are rolled back when the module ends.
"""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import override_settings
from PIL import Image as PILImage

from sitewide.groups import EDITORS, FRONT_STAFF, MODERATORS

ROLES = ("anonymous", "editor", "moderator", "front", "superuser")
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


def _tiny_scene(key, caption="", scene=None):
    buffer = io.BytesIO()
    PILImage.new("RGB", (60, 40), (40, 120, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def _users():
    User = get_user_model()
    users = {"superuser": User.objects.create_superuser("quantri", email="qt@example.vn")}
    for role, group in (("editor", EDITORS), ("moderator", MODERATORS), ("front", FRONT_STAFF)):
        user = User.objects.create_user(username=f"vaitro-{role}")
        user.groups.add(Group.objects.get(name=group))
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
    _reconciliation_extras(world, users)
    _wagtail_extras(world, users)
    return world


def world_settings(world, **more):
    """What conftest's function-scoped fixtures set, for work done at module scope (requests
    made once for a whole module): plain static files, the world's media."""
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
