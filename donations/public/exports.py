"""The public statement CSV, built once per money version and served from a stored copy.

Why: exporting a campaign reads every one of its receipts (300.000 rows took 9–13 s and 22 MB
per request), and the URL is public: re-exporting it on every request let a few anonymous
requests hold every app worker. So a copy is written once per money version (the page cache's
counter, sitewide/caching/pages.py, which every receipt, reversal or change of a donor's
public name moves) to Django's default storage, like media, under an unguessable name, and
every request is answered from the newest copy:

- the copy was built under the current money version: served (X-Cache: HIT), no query over
  the receipts;
- an older copy while a new one is being built: served (X-Cache: STALE);
- no usable copy: a small campaign (at most STATEMENT_CSV_INLINE_ROWS receipts) is exported
  there and then, and stored; a larger one is built by a background task (django-tasks,
  `build_statement_csv` in donations/tasks.py), one build at a time per file (a lock in the
  shared cache), and the reader gets a short "being prepared" page (503, Retry-After) or the
  older copy. With the default ImmediateBackend the task runs in the request that starts it:
  once per money version, not once per request; production queues it (TASKS_BACKEND=database).

What can start work (a build, inline or queued) is limited per client address
(STATEMENT_CSV_RATE_LIMIT per STATEMENT_CSV_RATE_LIMIT_SECONDS) and, for queued builds, for
the whole site (STATEMENT_CSV_BUILD_LIMIT per the same window): past either, the older copy is
served if there is one, else a 429 or 503 page. Each filter set (statement.StatementFilters,
normalised, so two spellings of one filter share a file) has its own copy; a new copy replaces
the older one of the same file, and each build deletes the older copies it finds and the
filtered copies older than STATEMENT_CSV_FILTERED_SECONDS, so files cannot pile up.

Where a copy is found (its name and money version) is kept in the default cache, shared by
all app servers; if the cache loses it, the next request builds the file again.

A donor's public name given or withdrawn (donations.services.change_disclosure and
change_donor_disclosure) calls `forget_copies`: every copy of the campaign built before the
change is deleted and never served again, not even as the older copy while a new one is
built (the reader gets "being prepared" instead), now and again when the change commits.

The mechanism serves more than one file: each kind is an `Export` (its folder, its lines,
its rows for the small-campaign test, its task); the statement CSV is STATEMENT, and apps
above register theirs (the disclosure's distributions CSV, disclosure/open_data.py). The
floor that forget_copies sets is the campaign's, for every kind, and it deletes every kind's
copies of the campaign.
"""

import csv
import dataclasses
import datetime
import hashlib
import logging
import secrets
import tempfile
import time
from collections.abc import Callable, Iterable

from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from donations.models import Channel, Receipt
from donations.public.statement import StatementFilters, statement_rows
from public_record.services import latest_checkpoint
from sitewide.caching import pages
from sitewide.formatting import format_datetime
from sitewide.spreadsheets import SafeWriter

logger = logging.getLogger(__name__)

STORAGE_ROOT = "exports"
RETRY_AFTER_SECONDS = 30
#: Every kind of stored file, by name (Export registers itself).
EXPORTS = {}


@dataclasses.dataclass(frozen=True)
class Export:
    """One kind of stored public file of a campaign.

    name: its cache keys (``donations:<name>:<campaign>:<filters key>``) and the task's
    argument; folder: under STORAGE_ROOT; lines(campaign, filters): the file's text (or
    bytes), part by part; rows(campaign): the queryset whose size says whether a campaign is
    small enough to build in the request; task: the dotted path of the django-tasks task that
    builds it. Filters are a dataclass (filters_type, the statement's by default) or None for
    a file without; pending_text: what the "being prepared" page says.
    """

    name: str
    folder: str
    lines: Callable[..., Iterable[str | bytes]]
    rows: Callable
    task: str
    suffix: str = ".csv"
    content_type: str = "text/csv; charset=utf-8"
    filters_type: type = StatementFilters
    pending_text: str = ""

    def __post_init__(self):
        EXPORTS[self.name] = self

    @property
    def prefix(self):
        return f"{STORAGE_ROOT}/{self.folder}"


# --- which file ---------------------------------------------------------------------------


def filters_to_dict(filters):
    """The filters as JSON-safe values (a task's arguments); {} for a file without."""
    if filters is None:
        return {}
    values = dataclasses.asdict(filters)
    for name, value in values.items():
        if isinstance(value, datetime.date):
            values[name] = value.isoformat()
    return values


def filters_from_dict(values, filters_type=StatementFilters):
    if not values:
        return None
    values = dict(values)
    for name in ("date_from", "date_to"):  # the statement's dates
        if values.get(name):
            values[name] = datetime.date.fromisoformat(values[name])
    return filters_type(**values)


def filters_key(filters):
    """One short name per filter set, "all" for the whole statement (or a file without)."""
    if filters is None or filters == type(filters)():
        return "all"
    values = filters_to_dict(filters)
    text = "|".join(f"{name}={values[name]}" for name in sorted(values))
    return hashlib.sha256(text.encode()).hexdigest()[:20]


def _pointer_key(campaign_id, key, export=None):
    return f"donations:{(export or STATEMENT).name}:{campaign_id}:{key}"


@dataclasses.dataclass(frozen=True)
class StoredCopy:
    name: str
    version: int
    built_at: float


def _floor_key(campaign_id):
    """The campaign's floor, for every kind of file (the statement's name, kept)."""
    return f"donations:statement-csv:{campaign_id}:floor"


def stored_copy(campaign_id, filters, export=None):
    """The newest copy of this file, unless it was built before a donor's name changed."""
    found = cache.get(_pointer_key(campaign_id, filters_key(filters), export))
    if not found:
        return None
    floor = cache.get(_floor_key(campaign_id))
    if floor is not None and found["version"] < floor:
        return None
    return StoredCopy(**found)


def forget_copies(campaign_ids):
    """A donor's public name changed in these campaigns: their copies are never served again.

    Run now and again when the transaction commits: only a build that read the money version
    after that (so its rows too) may be served. Each campaign's floor is that version, kept
    without expiry; its files of every kind are deleted as well, so a floor lost with the
    cache leaves nothing old to serve."""
    ids = sorted({campaign_id for campaign_id in campaign_ids if campaign_id})
    if not ids:
        return

    def forget():
        version = pages.bump_money()
        for campaign_id in ids:
            if version is not None:
                cache.set(_floor_key(campaign_id), version, timeout=None)
            for prefix in _every_prefix():
                _delete_older(campaign_id, key=None, keep=None, prefix=prefix)

    forget()
    transaction.on_commit(forget, robust=True)


def _every_prefix():
    """The folders of every kind: those registered, and any other found in storage (a kind
    this process has not imported)."""
    prefixes = {export.prefix for export in EXPORTS.values()}
    try:
        folders, _files = default_storage.listdir(STORAGE_ROOT)
    except (FileNotFoundError, NotImplementedError):
        folders = []
    return sorted(prefixes | {f"{STORAGE_ROOT}/{folder}" for folder in folders})


def money_version(request=None):
    return pages.versions(request)[1]


# --- building -----------------------------------------------------------------------------


class _Echo:
    def write(self, value):
        return value


def csv_lines(campaign, filters):
    """The statement as CSV text, line by line: a BOM, the heading, one line per receipt,
    newest first, every cell through sitewide.spreadsheets (a donor who named themselves
    "=HYPERLINK(…)" on the donate form must not run it on a reader's computer)."""
    rows = statement_rows(campaign, filters).order_by("-received_at", "-id")
    channels = {value: str(label) for value, label in Channel.choices}
    anonymous, counted, reversed_label = _("Anonymous donor"), _("Counted"), _("Reversed")
    writer = SafeWriter(csv.writer(_Echo()))
    yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
    yield writer.writerow(
        [_("Received at"), _("Donor"), _("Amount (đồng)"), _("Channel"), _("Status")]
    )
    for row in rows.iterator(chunk_size=2000):
        yield writer.writerow(
            [
                format_datetime(row["received_at"]),
                row["public_name"] or anonymous,
                row["amount"],
                channels.get(row["channel"], row["channel"]),
                reversed_label if row["reversal__id"] else counted,
            ]
        )
    # The public record's latest signed checkpoint at the foot (issue 16), one line each.
    checkpoint = latest_checkpoint()
    if checkpoint is not None:
        for text in checkpoint.note.rstrip("\n").split("\n"):
            yield writer.writerow([_("Public record checkpoint"), text])


def build(campaign, filters, version, export=None):
    """Write the file, store it, make it the copy of its filter set; the StoredCopy served.

    `version` is the money version read before the rows were: a receipt written meanwhile
    moves the version on, so the next request builds again."""
    export = export or STATEMENT
    key = filters_key(filters)
    with translation.override(settings.LANGUAGE_CODE), tempfile.TemporaryFile() as file:
        for line in export.lines(campaign, filters):
            file.write(line if isinstance(line, bytes) else line.encode())
        file.seek(0)
        name = default_storage.save(
            f"{export.prefix}/{campaign.pk}/{key}-{version}-{secrets.token_hex(8)}{export.suffix}",
            File(file),
        )
    pointer = _pointer_key(campaign.pk, key, export)
    older = cache.get(pointer)
    if older and older["version"] > version:  # a newer copy was stored meanwhile
        _delete(name)
        return StoredCopy(**older)
    copy = StoredCopy(name=name, version=version, built_at=time.time())
    keep = None if key == "all" else settings.STATEMENT_CSV_FILTERED_SECONDS
    cache.set(pointer, dataclasses.asdict(copy), timeout=keep)
    _delete_older(campaign.pk, key, keep=name, prefix=export.prefix)
    return copy


def _delete(name):
    try:
        default_storage.delete(name)
    except Exception:  # a copy left behind is deleted by the next build
        logger.exception("statement CSV: could not delete %s", name)


def _delete_older(campaign_id, key, keep, prefix):
    """Every other copy of this file, and filtered copies older than their time to live;
    with no key, every copy of the campaign."""
    folder = f"{prefix}/{campaign_id}"
    try:
        _dirs, files = default_storage.listdir(folder)
    except (FileNotFoundError, NotImplementedError):
        return
    expired = time.time() - settings.STATEMENT_CSV_FILTERED_SECONDS
    for filename in files:
        name = f"{folder}/{filename}"
        if name == keep:
            continue
        if (
            key is None
            or filename.startswith(f"{key}-")
            or (not filename.startswith("all-") and _modified(name) < expired)
        ):
            _delete(name)


def _modified(name):
    try:
        return default_storage.get_modified_time(name).timestamp()
    except (FileNotFoundError, NotImplementedError):
        return time.time()


def build_by_id(campaign_id, filters_dict, version, kind=None):
    """The task's body: build, then let the next build start."""
    from campaigns.models import CampaignPage

    export = EXPORTS[kind] if kind else STATEMENT
    filters = filters_from_dict(filters_dict, export.filters_type)
    try:
        campaign = CampaignPage.objects.filter(pk=campaign_id).first()
        if campaign is None:
            return None
        return build(campaign, filters, version, export).name
    finally:
        cache.delete(_lock_key(campaign_id, filters, export))


def _lock_key(campaign_id, filters, export=None):
    return _pointer_key(campaign_id, filters_key(filters), export) + ":building"


def is_building(campaign_id, filters, export=None):
    return cache.get(_lock_key(campaign_id, filters, export)) is not None


def start_build(campaign, filters, version, export=None):
    """Queue a build unless one is under way; False if none could be queued."""
    export = export or STATEMENT
    lock = _lock_key(campaign.pk, filters, export)
    if not cache.add(lock, version, timeout=settings.STATEMENT_CSV_BUILD_SECONDS):
        return True  # another request started it
    try:
        import_string(export.task).enqueue(campaign.pk, filters_to_dict(filters), version)
    except Exception:
        logger.exception("%s: could not queue the build", export.name)
        cache.delete(lock)
        return False
    return True


def is_small(campaign, export=None):
    """At most STATEMENT_CSV_INLINE_ROWS rows: one bounded read of the campaign's index."""
    limit = settings.STATEMENT_CSV_INLINE_ROWS
    rows = (export or STATEMENT).rows(campaign)
    return rows.order_by()[: limit + 1].count() <= limit


STATEMENT = Export(
    name="statement-csv",
    folder="sao-ke",
    lines=csv_lines,
    rows=lambda campaign: Receipt.objects.filter(campaign=campaign),
    task="donations.tasks.build_statement_csv",
)
