"""The Merkle tree of RFC 6962 §2.1 (RFC 9162 §2.1), kept incrementally: pure functions, no
database.

The tree over entries D[0:n] is stored as its complete subtrees: the subtree at level L and
index i covers the entries [i·2^L, (i+1)·2^L), and each one is written once, when its last
entry is appended, and never changed. Any range the RFC's algorithms hash (a tree's own root, a
sibling in an inclusion proof, a node of a consistency proof) is either such a subtree or the
right edge of a tree, which is a few complete subtrees folded from the right. So appending
writes one leaf and, on average, one node; a root or a proof reads about 2·log2(n) stored
hashes by key, never the entries.

The log head keeps the "frontier": the complete subtrees that make up the whole tree, largest
first (one per bit set in the size). Appending merges the equal-sized ones; the root is the
frontier folded from the right.
"""

import hashlib

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
EMPTY_ROOT = hashlib.sha256(b"").digest()
# A stored node's key: its level in the top bits, its index below (2^56 entries is plenty).
LEVEL_SHIFT = 56


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(LEAF_PREFIX + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def node_key(level: int, index: int) -> int:
    return (level << LEVEL_SHIFT) | index


def largest_power_of_two_below(n: int) -> int:
    """k with k < n <= 2k, for n > 1 (the split point of RFC 6962's MTH)."""
    return 1 << ((n - 1).bit_length() - 1)


def split_frontier(blob: bytes) -> list[bytes]:
    return [blob[at : at + HASH_SIZE] for at in range(0, len(blob), HASH_SIZE)]


def append_to_frontier(frontier: list[bytes], size: int, leaf: bytes):
    """Add one leaf hash to a tree of ``size`` entries whose frontier is ``frontier`` (changed in
    place). Returns the complete subtrees this append finished, as (level, index, hash)."""
    finished = []
    current, level = leaf, 0
    while (size >> level) & 1:
        current = node_hash(frontier.pop(), current)
        level += 1
        finished.append((level, ((size + 1) >> level) - 1, current))
    frontier.append(current)
    return finished


def fold(hashes: list[bytes]) -> bytes:
    """The hash of adjacent complete subtrees, largest first, as MTH splits them."""
    if not hashes:
        return EMPTY_ROOT
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def pieces(start: int, end: int) -> list[tuple[int, int]]:
    """The complete subtrees (level, index) that make up the range [start, end), largest
    first. Exact for every range MTH splits a tree into (each starts at a multiple of a power
    of two at least as large as the range)."""
    found = []
    while start < end:
        level = (end - start).bit_length() - 1
        found.append((level, start >> level))
        start += 1 << level
    return found


def inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """The ranges whose hashes make the audit path of entry ``index`` in the tree of ``size``
    entries (RFC 9162 §2.1.3.1), in the order the proof lists them (bottom up)."""
    if not 0 <= index < size:
        raise ValueError("index outside the tree")
    path = []
    start, end = 0, size
    while end - start > 1:
        k = largest_power_of_two_below(end - start)
        if index - start < k:
            path.append((start + k, end))
            end = start + k
        else:
            path.append((start, start + k))
            start = start + k
    return path[::-1]


def consistency_ranges(old: int, new: int) -> list[tuple[int, int]]:
    """The ranges whose hashes make the consistency proof from the tree of ``old`` entries to
    the tree of ``new`` entries (RFC 9162 §2.1.4.1), in the proof's order. Empty when old is 0
    or equal to new."""
    if not 0 <= old <= new:
        raise ValueError("the old size is larger than the new one")
    if old in (0, new):
        return []
    proof = []
    start, end, m, complete = 0, new, old, True
    while m != end - start:
        k = largest_power_of_two_below(end - start)
        if m <= k:
            proof.append((start + k, end))
            end = start + k
        else:
            proof.append((start, start + k))
            start, m, complete = start + k, m - k, False
    if not complete:
        proof.append((start, end))
    return proof[::-1]


def proof_pieces(ranges) -> set[tuple[int, int]]:
    return {piece for start, end in ranges for piece in pieces(start, end)}


def range_hashes(ranges, stored: dict) -> list[bytes]:
    """Each range's hash from the stored complete subtrees {(level, index): hash}."""
    return [fold([stored[piece] for piece in pieces(start, end)]) for start, end in ranges]
