"""Background work of the ledger's public pages, on django-tasks (see giving/tasks.py for the
backends).

- build_statement_csv: the stored copy of a campaign's public statement CSV for one money
  version and filter set (donations/public/exports.py), too long for a web request on a large
  campaign.
"""

from django_tasks import task


@task()
def build_statement_csv(campaign_id, filters, version):
    from donations.public.exports import build_by_id

    return build_by_id(campaign_id, filters, version)
