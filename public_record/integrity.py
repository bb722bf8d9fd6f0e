"""The stored tree equals the tree recomputed from the entries (`manage.py
check_public_record`): every leaf hash from its entry's bytes, every stored subtree, the log
head's size and frontier, and every checkpoint's root, text and signature. It reads every entry
once, in index order and in batches (about a minute per few million entries): for the nightly
timer, after a restore, or in CI on the demo.
"""

import base64

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.utils.translation import gettext as _

from public_record import keys, note, tree
from public_record.models import Checkpoint, Entry, LogHead, Node

EXAMPLES = 10
BATCH = 10_000


class Report:
    def __init__(self):
        self.problems = 0
        self.examples = []
        self.entries = 0
        self.checkpoints = 0

    def add(self, text):
        self.problems += 1
        if len(self.examples) < EXAMPLES:
            self.examples.append(text)

    @property
    def ok(self):
        return self.problems == 0


def _node_name(key):
    """A stored subtree as level/index (covering entries index·2^level to (index+1)·2^level)."""
    return f"{key >> tree.LEVEL_SHIFT}/{key & ((1 << tree.LEVEL_SHIFT) - 1)}"


def _configured_public_key():
    """The public key configured now, or None where none is (the signatures are then left to
    the readers' verifier). The key that signed is not kept beside each note: a checkpoint
    signed by another key id is not checked here."""
    try:
        return note.public_bytes(keys.signing_key())
    except (keys.NoSigningKey, OSError, ValueError):
        return None


def _check_signature(report, checkpoint, text, public):
    body, _blank, signatures = checkpoint.note.rpartition("\n\n")
    if body + "\n" != text:
        report.add(
            _("checkpoint %(size)s: its note is not the checkpoint of the tree")
            % {"size": checkpoint.size}
        )
        return
    for line in signatures.splitlines():
        _dash, name, stamp = line.split(" ", 2)
        raw = base64.b64decode(stamp)
        if name != checkpoint.origin or raw[:4].hex() != checkpoint.key_id:
            continue
        if public is None or note.key_id(name, public) != raw[:4]:
            return
        try:
            Ed25519PublicKey.from_public_bytes(public).verify(raw[4:], text.encode())
        except InvalidSignature:
            report.add(
                _("checkpoint %(size)s: the signature does not verify") % {"size": checkpoint.size}
            )
        return
    report.add(
        _("checkpoint %(size)s: no signature by %(origin)s")
        % {"size": checkpoint.size, "origin": checkpoint.origin}
    )


def check_tree() -> Report:
    report = Report()
    head = LogHead.objects.filter(pk=1).first()
    head_size = head.size if head else 0
    checkpoints = {c.size: c for c in Checkpoint.objects.all()}
    frontier, size, after = [], 0, -1
    nodes_expected = 0
    public = _configured_public_key()

    def at_size(current):
        checkpoint = checkpoints.get(current)
        if checkpoint is None:
            return
        report.checkpoints += 1
        root = tree.fold(frontier)
        if bytes(checkpoint.root_hash) != root:
            report.add(
                _("checkpoint %(size)s: its root is not the root of the first entries")
                % {"size": current}
            )
        text = note.checkpoint_text(checkpoint.origin, current, root)
        _check_signature(report, checkpoint, text, public)

    at_size(0)
    while True:
        rows = list(
            Entry.objects.filter(index__gt=after)
            .order_by("index")
            .values_list("index", "data", "leaf_hash")[:BATCH]
        )
        if not rows:
            break
        finished = []
        for index, data, stored_leaf in rows:
            if index != size:
                report.add(
                    _("entry %(index)s is missing (the next is %(next)s)")
                    % {"index": size, "next": index}
                )
                size = index  # carry on from there, to find what else is wrong
            leaf = tree.leaf_hash(data.encode())
            if bytes(stored_leaf) != leaf:
                report.add(
                    _("entry %(index)s: its stored leaf hash is not the hash of its bytes")
                    % {"index": index}
                )
            finished.extend(tree.append_to_frontier(frontier, size, leaf))
            size += 1
            at_size(size)
        computed = {tree.node_key(level, index): value for level, index, value in finished}
        nodes_expected += len(computed)
        stored = dict(Node.objects.filter(key__in=computed).values_list("key", "hash"))
        for key, value in computed.items():
            if key not in stored:
                report.add(_("subtree %(node)s is missing") % {"node": _node_name(key)})
            elif bytes(stored[key]) != value:
                report.add(
                    _("subtree %(node)s differs from the recomputed one")
                    % {"node": _node_name(key)}
                )
        after = rows[-1][0]
        report.entries += len(rows)
    if size != head_size:
        report.add(
            _("the log head says %(head)s entries, the table holds %(size)s")
            % {"head": head_size, "size": size}
        )
    elif head is not None and bytes(head.frontier) != b"".join(frontier):
        report.add(_("the log head's frontier is not the recomputed one"))
    extra = Node.objects.count() - nodes_expected
    if extra:
        report.add(_("%(count)s stored subtrees belong to no entry") % {"count": extra})
    for checkpoint_size in checkpoints:
        if checkpoint_size > size:
            report.add(
                _("checkpoint %(size)s is beyond the %(count)s entries")
                % {"size": checkpoint_size, "count": size}
            )
    return report
