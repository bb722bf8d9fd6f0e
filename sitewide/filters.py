"""django-filter filters for the admin's listings, reading dates and money as sitewide.forms
does: "17/10/2026" and "150.000.000", or an error on the filter, never a silent guess."""

import django_filters
from django_filters.fields import DateRangeField as BaseDateRangeField
from django_filters.fields import RangeField

from sitewide.forms import DateField, MoneyField


class DateRangeField(BaseDateRangeField):
    """django-filter's date range, with our date fields in place of Django's."""

    def __init__(self, *args, **kwargs):
        RangeField.__init__(self, (DateField(), DateField()), *args, **kwargs)


class DateFromToRangeFilter(django_filters.DateFromToRangeFilter):
    field_class = DateRangeField


class MoneyFilter(django_filters.Filter):
    field_class = MoneyField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, hint=False, **kwargs)
