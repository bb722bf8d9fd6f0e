"""Background work of reconciliation, on django-tasks (see giving/tasks.py for the backends).

- import_statement_upload: the import of a statement uploaded in the admin
  (reconciliation.services.uploads), too long for a web request.
"""

from django_tasks import task


@task()
def import_statement_upload(upload_id):
    from reconciliation.services.uploads import run_upload

    upload = run_upload(upload_id)
    return upload.status if upload is not None else None
