"""The public statement ("Sao kê công khai") of a campaign, paged by keyset.

Rows are ordered newest first by (received_at, id). A page is fetched by walking the index
(campaign, received_at, id) from a cursor — the last row seen — instead of skipping rows with
OFFSET, so the last page of a million rows costs what the first does. "Older" pages read
forwards from the last row shown; "newer" and "last" pages read the index the other way and
are reversed in Python (at most one page of rows).

Only what the donor agreed to publish leaves the database: the public name snapshot, never
the donor, phone, e-mail, tax code, account number or memo.

The filters are read by a form, so a date or an amount that cannot be read (32/13/2026, 1,5)
is said on its field and that filter is left out, rather than dropped without a word.
"""

import dataclasses
import datetime
import re

from django import forms
from django.db import connection
from django.db.models import BigIntegerField, F, Func, Q
from django.utils import timezone

from donations.models import Receipt
from sitewide.forms import DateField, MoneyField
from sitewide.text import fold

PAGE_SIZE = 50
PUBLIC_FIELDS = (
    "id",
    "received_at",
    "amount",
    "channel",
    "public_name",
    "goods_description",
    "reversal__id",
)
# The query parameters of the statement: its filters, then its paging.
FILTER_PARAMS = ("tu_ngay", "den_ngay", "tu_so_tien", "den_so_tien", "ten")
STATEMENT_PARAMS = (*FILTER_PARAMS, "sau", "truoc", "trang")
_CURSOR = re.compile(r"^(\d{1,20})-(\d{1,20})$")
MAX_AMOUNT = 10**15
DAY_BOX = {"placeholder": "dd/mm/yyyy", "autocomplete": "off"}
# A name filter is served by the trigram index (PostgreSQL, migration 0005), which needs three
# characters: a shorter one would read every named receipt of the campaign, so it is ignored
# (the form says so, as a note rather than an error).
MIN_NAME_LENGTH = 3
# On SQLite, a name borne by at most this many receipts is read by id from the trigram table.
NAME_IDS_CAP = 2000
# On SQLite, an amount range held by more receipts than this is read by walking the campaign in
# date order (a page's rows come soon), a rarer one through the (campaign, amount) index.
AMOUNT_ROWS_CAP = 2000


def encode_cursor(received_at, pk):
    micros = int(received_at.timestamp() * 1_000_000)
    return f"{micros}-{pk}"


def decode_cursor(text):
    """(aware datetime, id) or None for anything malformed: a bad link shows the first page."""
    match = _CURSOR.match(text or "")
    if not match:
        return None
    try:
        moment = datetime.datetime.fromtimestamp(int(match.group(1)) / 1_000_000, tz=datetime.UTC)
    except (OverflowError, OSError, ValueError):
        return None
    return moment, int(match.group(2))


class StatementFilterForm(forms.Form):
    """The statement's filters under their Vietnamese query names (the template labels them)."""

    tu_ngay = DateField(required=False, widget=forms.DateInput(attrs=DAY_BOX))
    den_ngay = DateField(required=False, widget=forms.DateInput(attrs=DAY_BOX))
    tu_so_tien = MoneyField(required=False, hint=False)
    den_so_tien = MoneyField(required=False, hint=False)
    ten = forms.CharField(required=False, widget=forms.TextInput(attrs={"type": "search"}))

    name_too_short = False  # a name was typed, shorter than MIN_NAME_LENGTH: not applied

    def clean_ten(self):
        """The name folded (no diacritics), or "" when it is shorter than MIN_NAME_LENGTH."""
        name = fold(self.cleaned_data.get("ten") or "")[:100]
        if name and len(name.strip()) < MIN_NAME_LENGTH:
            self.name_too_short = True
            return ""
        return name


@dataclasses.dataclass
class StatementFilters:
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    amount_min: int | None = None
    amount_max: int | None = None
    name: str = ""

    @classmethod
    def from_query(cls, query):
        return cls.from_form(StatementFilterForm(query))

    @classmethod
    def from_form(cls, form):
        """The filters the form could read; a field in error is left out."""
        form.is_valid()
        data = form.cleaned_data
        return cls(
            date_from=data.get("tu_ngay"),
            date_to=data.get("den_ngay"),
            amount_min=data.get("tu_so_tien"),
            amount_max=data.get("den_so_tien"),
            name=data.get("ten", ""),
        )

    def apply(self, queryset):
        zone = timezone.get_current_timezone()
        if self.date_from:
            start = datetime.datetime.combine(self.date_from, datetime.time.min, tzinfo=zone)
            queryset = queryset.filter(received_at__gte=start)
        if self.date_to:
            end = datetime.datetime.combine(
                self.date_to + datetime.timedelta(days=1), datetime.time.min, tzinfo=zone
            )
            queryset = queryset.filter(received_at__lt=end)
        if self.amount_min is not None or self.amount_max is not None:
            queryset = amount_filter(queryset, self.amount_min, self.amount_max)
        if self.name:
            queryset = queryset.filter(name_condition(self.name))
        return queryset


def name_condition(name):
    """Receipts whose folded public name contains ``name``.

    On PostgreSQL the GIN trigram index (migration 0005) or the walk in date order serves it,
    as the planner estimates. SQLite has neither trigram index nor estimate: its FTS5 trigram
    table (migration 0099) is asked first for up to NAME_IDS_CAP receipts; a name with fewer
    is read by id, a commoner one by walking the campaign in date order, where the page's
    rows come soon (at least one gift in ~500 of a million bears it)."""
    contains = Q(public_name_folded__contains=name)
    if connection.vendor != "sqlite":
        return contains
    phrase = '"' + name.replace('"', '""') + '"'
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM receipt_name_trigram WHERE receipt_name_trigram MATCH %s LIMIT %s",
            [phrase, NAME_IDS_CAP + 1],
        )
        ids = [row[0] for row in cursor.fetchall()]
    if len(ids) > NAME_IDS_CAP:
        return contains
    return Q(id__in=ids) & contains


def amount_filter(queryset, low, high):
    """Receipts of ``queryset`` with low <= amount <= high (either may be None).

    PostgreSQL's planner weighs the (campaign, amount) index against the walk in date order by
    its statistics. SQLite takes the amount index whenever it can, then sorts every receipt in
    the range: a common range (≥ 2.000.000 ₫ on a campaign night) meant hundreds of thousands
    of rows sorted for one page. So on SQLite the range's receipts are looked up first, up to
    AMOUNT_ROWS_CAP, through that index; a commoner range is compared as ``+amount``, which SQLite
    cannot serve from an index, and the page is read walking the campaign in date order; a
    rarer one is read by id, as a rare name is."""

    def within(field):
        bounds = {f"{field}__gte": low, f"{field}__lte": high}
        return Q(**{lookup: value for lookup, value in bounds.items() if value is not None})

    if connection.vendor != "sqlite":
        return queryset.filter(within("amount"))
    # Ordered by amount so that SQLite reads them through the (campaign, amount) index.
    in_range = queryset.filter(within("amount")).order_by("amount")
    ids = list(in_range.values_list("pk", flat=True)[: AMOUNT_ROWS_CAP + 1])
    if len(ids) <= AMOUNT_ROWS_CAP:
        return queryset.filter(within("amount"), id__in=ids)
    walked = Func(F("amount"), template="+%(expressions)s", output_field=BigIntegerField())
    return queryset.alias(amount_walked=walked).filter(within("amount_walked"))


def query_is_valid(form):
    """Whether every statement parameter given was read as given: the filter form (bound to
    the query) has no error and no name too short, the cursors parse, the page is known.
    (Else what could not be read is ignored, and the page cache does not keep the answer.)"""
    if not form.is_valid() or form.name_too_short:
        return False
    query = form.data
    for name in ("sau", "truoc"):
        if query.get(name) and decode_cursor(query.get(name)) is None:
            return False
    return query.get("trang") in (None, "", "cuoi")


def statement_rows(campaign, filters):
    """Every public row of the campaign matching the filters, unordered (values only)."""
    return filters.apply(Receipt.objects.filter(campaign=campaign)).values(*PUBLIC_FIELDS)


def _older_than(cursor):
    moment, pk = cursor
    # "received_at <= t AND (received_at < t OR id < pk)": the first term bounds the index
    # range scan, the second drops the rows of the same instant already shown.
    return Q(received_at__lte=moment) & (Q(received_at__lt=moment) | Q(id__lt=pk))


def _newer_than(cursor):
    moment, pk = cursor
    return Q(received_at__gte=moment) & (Q(received_at__gt=moment) | Q(id__gt=pk))


def _first_rows(receipts, filters, order, limit):
    """The first ``limit`` public rows of ``receipts`` in ``order``.

    A name filter with no amount on PostgreSQL takes the ids first, from the statement index
    alone (it carries the folded name: an index-only scan that reads no table row it drops),
    then the rows of those ids: at 10.000.000 receipts "nguyen van an" on one day took 215 ms
    as the planner's bitmap of every such name that day, and takes 2 ms so."""
    if (
        filters.name
        and filters.amount_min is None
        and filters.amount_max is None
        and connection.vendor == "postgresql"
    ):
        ids = list(receipts.order_by(*order).values_list("id", flat=True)[:limit])
        receipts = Receipt.objects.filter(id__in=ids)
    return list(receipts.values(*PUBLIC_FIELDS).order_by(*order)[:limit])


@dataclasses.dataclass
class StatementPage:
    rows: list
    newer_cursor: str | None  # link to the page of newer rows, if any
    older_cursor: str | None  # link to the page of older rows, if any
    is_first: bool
    is_last: bool


def statement_page(campaign, filters, after=None, before=None, last=False, size=None):
    """One page: the first (newest) by default, older than ``after``, newer than ``before``,
    or the last (oldest) page."""
    size = size or PAGE_SIZE
    receipts = filters.apply(Receipt.objects.filter(campaign=campaign))
    after, before = decode_cursor(after), decode_cursor(before)
    if last or before:
        if before:
            receipts = receipts.filter(_newer_than(before))
        fetched = _first_rows(receipts, filters, ("received_at", "id"), size + 1)
        more_newer = len(fetched) > size
        page = list(reversed(fetched[:size]))
        has_newer, has_older = more_newer, bool(before)
    else:
        if after:
            receipts = receipts.filter(_older_than(after))
        fetched = _first_rows(receipts, filters, ("-received_at", "-id"), size + 1)
        page = fetched[:size]
        has_newer, has_older = bool(after), len(fetched) > size
    return StatementPage(
        rows=page,
        newer_cursor=encode_cursor(page[0]["received_at"], page[0]["id"])
        if page and has_newer
        else None,
        older_cursor=encode_cursor(page[-1]["received_at"], page[-1]["id"])
        if page and has_older
        else None,
        is_first=not has_newer,
        is_last=not has_older,
    )
