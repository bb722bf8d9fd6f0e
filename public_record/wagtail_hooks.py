"""The public record in the admin: one screen for Front staff, to sign a checkpoint now and
see the last ones (Checkpoint.sign_checkpoint permission)."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from public_record.admin_views import SignCheckpointView


@hooks.register("register_admin_urls")
def register_public_record_urls():
    return [
        path("minh-bach/", SignCheckpointView.as_view(), name="public_record_sign"),
    ]


class PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


@hooks.register("register_admin_menu_item")
def register_public_record_menu_item():
    return PermissionMenuItem(
        _("Public record"),
        reverse("public_record_sign"),
        name="public-record",
        icon_name="doc-full",
        order=460,
        permission="public_record.sign_checkpoint",
    )
