"""Background work of the public record, on django-tasks.

- sign_checkpoint: a checkpoint of the tree as it is now (nothing when no entry came since the
  last one), for a scheduler that enqueues tasks; the nightly timer of deploy/systemd runs
  `manage.py sign_checkpoint`, which does the same.
"""

from django_tasks import task


@task()
def sign_checkpoint():
    from public_record.services import sign_checkpoint as sign

    checkpoint = sign()
    return {"size": checkpoint.size, "created": checkpoint.created}
