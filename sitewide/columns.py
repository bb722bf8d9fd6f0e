"""Admin listing columns that write money and dates the Vietnamese way (every app's viewsets)."""

from wagtail.admin.ui.tables import Column

from sitewide.formatting import format_date, format_datetime, format_vnd


class MoneyColumn(Column):
    """Kept on one line (Wagtail's own utility class): a narrow column wrapped "₫" onto a line
    of its own."""

    def __init__(self, *args, classname="w-whitespace-nowrap", **kwargs):
        super().__init__(*args, classname=classname, **kwargs)

    def get_value(self, instance):
        return format_vnd(super().get_value(instance))


class DateColumn(Column):
    def get_value(self, instance):
        return format_date(super().get_value(instance))


class DateTimeColumn(Column):
    def get_value(self, instance):
        return format_datetime(super().get_value(instance))
