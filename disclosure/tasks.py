"""Background work of the disclosure, on django-tasks (see giving/tasks.py for the backends).

- build_disclosure_csv: the stored copy of a campaign's distributions CSV for one money version
  (open_data.DISTRIBUTIONS_CSV, by donations.public.exports), too long for a web request on a
  campaign of many vouchers;
- build_disclosure_pdf: the same for the printable report (report.REPORT_PDF), per commune.
"""

from django_tasks import task


@task()
def build_disclosure_csv(campaign_id, filters, version):
    from donations.public.exports import build_by_id

    from .open_data import DISTRIBUTIONS_CSV

    return build_by_id(campaign_id, filters, version, kind=DISTRIBUTIONS_CSV.name)


@task()
def build_disclosure_pdf(campaign_id, filters, version):
    from donations.public.exports import build_by_id

    from .report import REPORT_PDF

    return build_by_id(campaign_id, filters, version, kind=REPORT_PDF.name)
