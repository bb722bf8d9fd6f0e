"""Background work of mobilisation, on django-tasks (see giving/tasks.py for the backends).

- send_due_reminders: the day's reminders of pledges (mobilisation.services.reminders), for a
  scheduler that enqueues tasks once a day; `python manage.py send_pledge_reminders` runs the
  same from cron. Running it twice, or again after a crash, sends nothing twice.
"""

import dataclasses

from django_tasks import task


@task()
def send_due_reminders():
    from mobilisation.services.reminders import run_reminders

    return dataclasses.asdict(run_reminders())
