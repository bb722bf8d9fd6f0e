"""The only writer of the public record, and its readers of proofs.

The API the apps that publish call (donations, for receipts, vouchers and corrections), inside
the transaction that writes the record being published:

    from public_record.canonical import commit_name
    from public_record.services import append_entry

    commitment, salt = commit_name(donor_name)          # only if the name may be shown
    append_entry(kind="receipt", body={..., "donor": commitment}, salts={"donor": salt})

- append_entry(*, kind, body, salts=None) -> Entry: refuses to run outside a transaction, locks
  the log head (appends are serialised: indexes have no gap), writes the entry, its leaf hash
  and the complete subtrees it finishes, and the salts beside it. Each key of ``salts`` is a
  path in ``body`` ("donor", or "donor.name" inside an object) whose value is the commitment.
- append_entries(items) -> (first index, count): the same for many entries at once, one lock,
  rows written in batches without model instances (sitewide.bulk: COPY on PostgreSQL, many
  rows per INSERT elsewhere): imports and the bench.
- sign_checkpoint(requested_by=None) -> Checkpoint: a new checkpoint when the tree grew since
  the last one (else the last one), after checking the new tree contains the last one.
- forget_salt(entry, field) -> bool: consent withdrawn; the entry and the tree do not change.
- inclusion_proof, consistency_proof, root_at, entries: what the public endpoints serve.
"""

import re
from dataclasses import dataclass

from django.db import connection, transaction
from django.db.models import BigIntegerField, ExpressionWrapper, F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from public_record import keys, note, tree
from public_record.canonical import entry_bytes
from public_record.models import Checkpoint, Entry, LogHead, Node, Salt
from sitewide.bulk import insert_rows
from sitewide.caching.invalidation import money_changed

HEX_64 = re.compile(r"[0-9a-f]{64}")
HEX_SALT = re.compile(r"(?:[0-9a-f]{2}){16,64}")
BATCH = 20_000


class RecordError(ValueError):
    """A request the log refuses: its message is for people (lazily translated)."""


class InconsistentLog(RuntimeError):
    """The stored tree no longer contains the last checkpoint: nothing is signed."""


# --- appending ----------------------------------------------------------------------------


def _require_transaction():
    if not connection.in_atomic_block:
        raise RuntimeError(
            "The public record is appended inside the transaction of the record it publishes "
            "(transaction.atomic())."
        )


def _locked_head():
    head, _created = LogHead.objects.select_for_update().get_or_create(pk=1)
    return head


def _checked_salts(body, salts):
    """[(field, salt)] after checking each field names a commitment in the body."""
    checked = []
    for field, salt in (salts or {}).items():
        value = body
        for part in str(field).split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not isinstance(value, str) or not HEX_64.fullmatch(value):
            raise RecordError(f"salts: {field!r} names no commitment (64 hex digits) in the body")
        if not isinstance(salt, str) or not HEX_SALT.fullmatch(salt):
            raise RecordError(f"salts: the salt of {field!r} is not 16 to 64 bytes in hex")
        checked.append((field, salt))
    return checked


@dataclass
class _Prepared:
    kind: str
    data: bytes
    salts: list


def _prepare(kind, body, salts):
    data = entry_bytes(kind, body)
    if len(kind) > Entry._meta.get_field("kind").max_length:
        raise RecordError(f"kind {kind!r} is too long")
    return _Prepared(kind, data, _checked_salts(body, salts))


def append_entry(*, kind: str, body: dict, salts: dict[str, str] | None = None) -> Entry:
    prepared = _prepare(kind, body, salts)
    _require_transaction()
    head = _locked_head()
    frontier = tree.split_frontier(bytes(head.frontier))
    leaf = tree.leaf_hash(prepared.data)
    finished = tree.append_to_frontier(frontier, head.size, leaf)
    entry = Entry.objects.create(
        index=head.size,
        kind=kind,
        data=prepared.data.decode(),
        leaf_hash=leaf,
        appended_at=timezone.now(),
    )
    Node.objects.bulk_create(
        [Node(key=tree.node_key(level, index), hash=value) for level, index, value in finished]
    )
    Salt.objects.bulk_create(
        [Salt(entry=entry, field=field, salt=salt) for field, salt in prepared.salts]
    )
    head.size += 1
    head.frontier = b"".join(frontier)
    head.save(update_fields=["size", "frontier"])
    money_changed()
    return entry


def append_entries(items) -> tuple[int, int]:
    """Append many (kind, body, salts) at once: one lock, rows written in batches. Every rule
    of append_entry holds (same bytes, hashes, nodes and salts); returns (first index, count)."""
    _require_transaction()
    head = _locked_head()
    first = size = head.size
    frontier = tree.split_frontier(bytes(head.frontier))
    now = timezone.now()
    entries, nodes, salts = [], [], []

    def flush():
        insert_rows(Entry, entries)
        insert_rows(Node, nodes)
        insert_rows(Salt, salts)
        entries.clear(), nodes.clear(), salts.clear()

    for kind, body, item_salts in items:
        prepared = _prepare(kind, body, item_salts)
        leaf = tree.leaf_hash(prepared.data)
        for level, index, value in tree.append_to_frontier(frontier, size, leaf):
            nodes.append({"key": tree.node_key(level, index), "hash": value})
        entries.append(
            {
                "index": size,
                "kind": kind,
                "data": prepared.data.decode(),
                "leaf_hash": leaf,
                "appended_at": now,
            }
        )
        salts.extend(
            {"entry_id": size, "field": field, "salt": salt} for field, salt in prepared.salts
        )
        size += 1
        if len(entries) >= BATCH:
            flush()
    flush()
    head.size = size
    head.frontier = b"".join(frontier)
    head.save(update_fields=["size", "frontier"])
    if size > first:
        money_changed()
    return first, size - first


def forget_salt(entry: Entry, field: str) -> bool:
    """Consent withdrawn: delete the salt of ``field``, so the commitment in the entry can no
    longer be checked against a name. The entry, its hash and the tree do not change."""
    deleted, _by_model = Salt.objects.filter(entry=entry, field=field).delete()
    if deleted:
        money_changed()
    return bool(deleted)


# --- reading the tree ----------------------------------------------------------------------


def size() -> int:
    return LogHead.objects.filter(pk=1).values_list("size", flat=True).first() or 0


def _read(wanted) -> tuple[int, dict]:
    """(the log's size, {(level, index): hash} for the complete subtrees wanted), in one query:
    leaves from the entries, the others from the stored subtrees, the size from the log head.
    A leaf's key is its index (level 0) and a subtree's key is at least 2^56, so the two never
    meet; the head's row comes back with the key -1 - size, the only negative one."""
    keys_wanted = {tree.node_key(level, index): (level, index) for level, index in wanted}
    leaves = [key for key, (level, _index) in keys_wanted.items() if level == 0]
    nodes = [key for key, (level, _index) in keys_wanted.items() if level]
    head = LogHead.objects.filter(pk=1).annotate(
        key=ExpressionWrapper(-F("size") - 1, output_field=BigIntegerField())
    )
    query = (
        head.order_by()
        .values_list("key", "frontier")
        .union(
            Entry.objects.filter(index__in=leaves).order_by().values_list("index", "leaf_hash"),
            Node.objects.filter(key__in=nodes).order_by().values_list("key", "hash"),
            all=True,
        )
    )
    size, found = 0, {}
    for key, value in query:
        if key < 0:
            size = -key - 1
        else:
            found[keys_wanted[key]] = bytes(value)
    return size, found


def _hashes(ranges, tree_size, name="size") -> list[bytes]:
    """The hash of each range of a tree of ``tree_size`` entries (refused beyond the log)."""
    size, found = _read(tree.proof_pieces(ranges))
    if tree_size > size:
        raise RecordError(
            _("The log has only %(size)s entries; %(name)s=%(asked)s is beyond it.")
            % {"size": size, "name": name, "asked": tree_size}
        )
    missing = tree.proof_pieces(ranges) - set(found)
    if missing:
        raise InconsistentLog(f"stored subtrees missing: {sorted(missing)[:5]}")
    return tree.range_hashes(ranges, found)


def root_at(tree_size: int) -> bytes:
    return _hashes([(0, tree_size)], tree_size)[0] if tree_size else tree.EMPTY_ROOT


def inclusion_proof(index: int, tree_size: int) -> dict:
    if not 0 <= index < tree_size:
        raise RecordError(_("index must be at least 0 and smaller than size."))
    ranges = tree.inclusion_ranges(index, tree_size)
    hashes = _hashes([(index, index + 1), (0, tree_size), *ranges], tree_size)
    return {"index": index, "size": tree_size, "leaf_hash": hashes[0], "root_hash": hashes[1],
            "audit_path": hashes[2:]}  # fmt: skip


def consistency_proof(old: int, new: int) -> dict:
    if not 0 <= old <= new:
        raise RecordError(_("from must be at least 0 and at most to."))
    ranges = [(0, old), (0, new), *tree.consistency_ranges(old, new)] if old else [(0, new)]
    hashes = _hashes(ranges, new, "to") if new else [tree.EMPTY_ROOT]
    if not old:
        hashes = [tree.EMPTY_ROOT, *hashes]
    return {"from": old, "to": new, "from_root": hashes[0], "to_root": hashes[1],
            "proof": hashes[2:]}  # fmt: skip


def entries(start: int, end: int):
    """[(index, data, {field: salt})] for start <= index < end."""
    salts = {}
    for entry_id, field, salt in Salt.objects.filter(
        entry_id__gte=start, entry_id__lt=end
    ).values_list("entry_id", "field", "salt"):
        salts.setdefault(entry_id, {})[field] = salt
    rows = Entry.objects.filter(index__gte=start, index__lt=end).order_by("index")
    return [
        (index, data, salts.get(index, {}))
        for index, data in rows.values_list("index", "data").iterator(chunk_size=BATCH)
    ]


# --- signing -------------------------------------------------------------------------------


def sign_checkpoint(*, requested_by=None) -> Checkpoint:
    """Sign the tree as it is now, unless the last checkpoint already covers it (then that one
    is returned, with ``created`` False). The log head stays locked while signing, so no entry
    slips in between the root and the note; the new tree must contain the last checkpoint's,
    or nothing is signed (a log never signs two inconsistent checkpoints)."""
    private_key = keys.signing_key()
    name = keys.origin()
    with transaction.atomic():
        head = _locked_head()
        latest = Checkpoint.objects.order_by("-size").first()
        if latest is not None and latest.size >= head.size:
            latest.created = False
            return latest
        if latest is not None and root_at(latest.size) != bytes(latest.root_hash):
            raise InconsistentLog(
                f"the tree of {latest.size} entries no longer has the root of its checkpoint"
            )
        root = tree.fold(tree.split_frontier(bytes(head.frontier)))
        text = note.checkpoint_text(name, head.size, root)
        checkpoint = Checkpoint.objects.create(
            size=head.size,
            root_hash=root,
            origin=name,
            key_id=note.key_id(name, note.public_bytes(private_key)).hex(),
            note=note.sign_note(text, name, private_key),
            signed_at=timezone.now(),
            requested_by=requested_by,
        )
        money_changed()
    checkpoint.created = True
    return checkpoint


def latest_checkpoint():
    return Checkpoint.objects.order_by("-size").first()
