"""Staff groups with Vietnamese names and explicit permissions, and the review workflow.

Wagtail's own migrations leave two English groups ("Editors", "Moderators") with a mix of
page, collection and legacy model-level permissions, and a "Moderators approval" workflow on
the root page. We rename those groups rather than create parallel ones, so the workflow's
approval task keeps pointing at the moderators, and then set every permission explicitly:
what a group may do is written here, not inherited from a framework default that may change.

- Biên tập viên (editors): write pages anywhere under the root and submit them for review;
  choose and upload images and documents. No publish permission: their only way to the public
  site is through the moderators' approval task.
- Kiểm duyệt viên (moderators): the same plus publish, lock and unlock; they are the group of
  the workflow's approval task, so they approve (and publish or schedule) what editors submit.
- Cán bộ Mặt trận (Front staff): admin access and documents (statements, reports to publish
  as files), no page permissions at all. The donations app adds its own permissions to this
  group in its migrations (name from sitewide.groups.FRONT_STAFF).

Permissions are looked up with get_or_create because on a fresh database Django creates the
auth permission rows only after all migrations have run (post_migrate).
"""

from django.db import migrations

from sitewide.groups import (
    APPROVAL_TASK_NAME,
    EDITORS,
    FRONT_STAFF,
    MODERATORS,
    WAGTAIL_DEFAULT_NAMES,
    WORKFLOW_NAME,
)

PAGE_PERMISSIONS = {
    EDITORS: ["add_page", "change_page"],
    MODERATORS: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    FRONT_STAFF: [],
}

# (app_label, model, codename) granted on the root collection, so on every collection.
COLLECTION_PERMISSIONS = {
    EDITORS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    MODERATORS: [
        ("wagtailimages", "image", "add_image"),
        ("wagtailimages", "image", "change_image"),
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
    FRONT_STAFF: [
        ("wagtailimages", "image", "choose_image"),
        ("wagtaildocs", "document", "add_document"),
        ("wagtaildocs", "document", "change_document"),
        ("wagtaildocs", "document", "choose_document"),
    ],
}

# Model-level permissions; everything else these groups held before is removed.
MODEL_PERMISSIONS = {
    EDITORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("sitewide", "area", "view_area"),
    ],
    MODERATORS: [
        ("wagtailadmin", "admin", "access_admin"),
        ("sitewide", "area", "view_area"),
        ("sitewide", "area", "add_area"),
        ("sitewide", "area", "change_area"),
        ("sitewide", "sitesettings", "change_sitesettings"),
    ],
    FRONT_STAFF: [
        ("wagtailadmin", "admin", "access_admin"),
        ("sitewide", "area", "view_area"),
    ],
}

PERMISSION_NAMES = {
    "access_admin": "Can access Wagtail admin",
    "choose_image": "Can choose image",
    "choose_document": "Can choose document",
}


def _permission(apps, app_label, model, codename):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    action, _, noun = codename.partition("_")
    default_name = f"Can {action} {noun.replace('_', ' ')}"
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=codename,
        defaults={"name": PERMISSION_NAMES.get(codename, default_name)},
    )
    return permission


def _group(apps, name):
    Group = apps.get_model("auth", "Group")
    group = Group.objects.filter(name=name).first()
    if group:
        return group
    old_names = [old for old, new in WAGTAIL_DEFAULT_NAMES.items() if new == name]
    group = Group.objects.filter(name__in=old_names).first()
    if group:
        group.name = name
        group.save(update_fields=["name"])
        return group
    return Group.objects.create(name=name)


def _set_permissions(apps, group, root_page, root_collection):
    GroupPagePermission = apps.get_model("wagtailcore", "GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")

    group.permissions.set([_permission(apps, *spec) for spec in MODEL_PERMISSIONS[group.name]])

    GroupPagePermission.objects.filter(group=group).delete()
    for codename in PAGE_PERMISSIONS[group.name]:
        GroupPagePermission.objects.create(
            group=group,
            page=root_page,
            permission=_permission(apps, "wagtailcore", "page", codename),
        )

    GroupCollectionPermission.objects.filter(group=group).delete()
    for spec in COLLECTION_PERMISSIONS[group.name]:
        GroupCollectionPermission.objects.create(
            group=group, collection=root_collection, permission=_permission(apps, *spec)
        )


def _review_workflow(apps, root_page, moderators):
    """The root page's workflow: one approval task whose only group is the moderators."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")

    link = WorkflowPage.objects.filter(page=root_page).select_related("workflow").first()
    if link:
        workflow = link.workflow
    else:
        workflow = Workflow.objects.create(name=WORKFLOW_NAME, active=True)
        WorkflowPage.objects.create(workflow=workflow, page=root_page)
    workflow.name = WORKFLOW_NAME
    workflow.active = True
    workflow.save()

    task_ids = WorkflowTask.objects.filter(workflow=workflow).values("task_id")
    task = GroupApprovalTask.objects.filter(task_ptr_id__in=task_ids).first()
    if task is None:
        content_type, _ = ContentType.objects.get_or_create(
            app_label="wagtailcore", model="groupapprovaltask"
        )
        task = GroupApprovalTask.objects.create(
            name=APPROVAL_TASK_NAME, content_type=content_type, active=True
        )
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    task.name = APPROVAL_TASK_NAME
    task.active = True
    task.save()
    task.groups.set([moderators])


def create_groups(apps, schema_editor):
    Page = apps.get_model("wagtailcore", "Page")
    Collection = apps.get_model("wagtailcore", "Collection")
    root_page = Page.objects.get(depth=1)
    root_collection = Collection.objects.get(depth=1)

    groups = {name: _group(apps, name) for name in (EDITORS, MODERATORS, FRONT_STAFF)}
    for group in groups.values():
        _set_permissions(apps, group, root_page, root_collection)
    _review_workflow(apps, root_page, groups[MODERATORS])


class Migration(migrations.Migration):
    dependencies = [
        ("sitewide", "0002_vn_unaccent_search_config"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailadmin", "0006_formstate"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]
    operations = [migrations.RunPython(create_groups, migrations.RunPython.noop)]
