"""RFC 6962 hashing and RFC 9162 proofs: the incremental tree of public_record.tree against the
Certificate Transparency test data and against a naive recursive implementation written here
from the RFC's definitions; the standalone verifier's checks against both."""

import hashlib

import pytest

from public_record import tree
from tests.public_record.conftest import load_verifier

# Certificate Transparency's reference leaves and the root of every prefix, sizes 0..8 (the
# test data of the CT implementations, as transparency-dev/merkle's testonly package has it).
CT_ENTRIES = [
    "", "00", "10", "2021", "3031", "40414243", "5051525354555657",
    "606162636465666768696a6b6c6d6e6f",
]  # fmt: skip
CT_ROOTS = [
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]
# Proofs from the same test data.
CT_INCLUSION = {
    (0, 8): [
        "96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (5, 8): [
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
}
CT_CONSISTENCY = {
    (2, 8): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4",
    ],
    (6, 8): [
        "0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
        "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
        "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    ],
    (2, 5): [
        "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
        "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
    ],
}
VERIFIER = load_verifier()


# --- the naive implementation: the RFC's recursive definitions over lists, nothing kept ------


def sha(data):
    return hashlib.sha256(data).digest()


def naive_mth(entries):
    if not entries:
        return sha(b"")
    if len(entries) == 1:
        return sha(b"\x00" + entries[0])
    k = 1
    while k * 2 < len(entries):
        k *= 2
    return sha(b"\x01" + naive_mth(entries[:k]) + naive_mth(entries[k:]))


def naive_path(m, entries):
    if len(entries) == 1:
        return []
    k = 1
    while k * 2 < len(entries):
        k *= 2
    if m < k:
        return naive_path(m, entries[:k]) + [naive_mth(entries[k:])]
    return naive_path(m - k, entries[k:]) + [naive_mth(entries[:k])]


def naive_subproof(m, entries, complete):
    n = len(entries)
    if m == n:
        return [] if complete else [naive_mth(entries)]
    k = 1
    while k * 2 < n:
        k *= 2
    if m <= k:
        return naive_subproof(m, entries[:k], complete) + [naive_mth(entries[k:])]
    return naive_subproof(m - k, entries[k:], False) + [naive_mth(entries[:k])]


# --- the incremental tree, as the service keeps it ---------------------------------------------


def built(entries):
    """(roots after each append, every stored subtree {(level, index): hash})."""
    frontier, stored, roots = [], {}, [tree.fold([])]
    for size, entry in enumerate(entries):
        leaf = tree.leaf_hash(entry)
        stored[0, size] = leaf
        for level, index, value in tree.append_to_frontier(frontier, size, leaf):
            stored[level, index] = value
        roots.append(tree.fold(frontier))
    return roots, stored


def server_inclusion(index, size, stored):
    return tree.range_hashes(tree.inclusion_ranges(index, size), stored)


def server_consistency(old, new, stored):
    return tree.range_hashes(tree.consistency_ranges(old, new), stored)


CT = [bytes.fromhex(entry) for entry in CT_ENTRIES]
MANY = [f"entry {n}".encode() * (n % 3 + 1) for n in range(41)]


def test_the_incremental_tree_gives_the_ct_root_of_every_prefix():
    roots, _stored = built(CT)
    assert [root.hex() for root in roots] == CT_ROOTS
    assert [naive_mth(CT[:n]).hex() for n in range(9)] == CT_ROOTS  # the naive one agrees


def test_the_ct_proofs_come_out_and_verify():
    roots, stored = built(CT)
    for (index, size), expected in CT_INCLUSION.items():
        path = server_inclusion(index, size, stored)
        assert [value.hex() for value in path] == expected
        assert VERIFIER.verify_inclusion(index, size, stored[0, index], path, roots[size])
    for (old, new), expected in CT_CONSISTENCY.items():
        proof = server_consistency(old, new, stored)
        assert [value.hex() for value in proof] == expected
        assert VERIFIER.verify_consistency(old, new, roots[old], roots[new], proof)


def test_roots_and_proofs_equal_the_naive_ones_at_every_size():
    roots, stored = built(MANY)
    for size in range(1, len(MANY) + 1):
        assert roots[size] == naive_mth(MANY[:size])
        for index in range(size):
            path = server_inclusion(index, size, stored)
            assert path == naive_path(index, MANY[:size]), (index, size)
            assert VERIFIER.verify_inclusion(index, size, stored[0, index], path, roots[size])
        for old in range(1, size):
            proof = server_consistency(old, size, stored)
            assert proof == naive_subproof(old, MANY[:size], True), (old, size)
            assert VERIFIER.verify_consistency(old, size, roots[old], roots[size], proof)


def test_the_verifier_refuses_what_does_not_match():
    roots, stored = built(MANY)
    size = 27
    for index in (0, 5, 16, 26):
        path = server_inclusion(index, size, stored)
        other = stored[0, (index + 1) % size]
        assert not VERIFIER.verify_inclusion(index, size, other, path, roots[size])
        assert not VERIFIER.verify_inclusion(index ^ 1, size, stored[0, index], path, roots[size])
        assert not VERIFIER.verify_inclusion(index, size * 2, stored[0, index], path, roots[size])
        bent = [bytes([path[0][0] ^ 1]) + path[0][1:], *path[1:]]
        assert not VERIFIER.verify_inclusion(index, size, stored[0, index], bent, roots[size])
    for old in (1, 4, 9, 16):
        proof = server_consistency(old, size, stored)
        assert not VERIFIER.verify_consistency(old, size, roots[old + 1], roots[size], proof)
        assert not VERIFIER.verify_consistency(old, size, roots[old], roots[size - 1], proof)
        assert not VERIFIER.verify_consistency(old, size, roots[old], roots[size], proof[:-1])
        assert not VERIFIER.verify_consistency(old, size, roots[old], roots[size], [])


def test_trivial_consistency_and_empty_tree():
    roots, _stored = built(MANY[:5])
    assert tree.consistency_ranges(0, 5) == [] and tree.consistency_ranges(5, 5) == []
    assert VERIFIER.verify_consistency(0, 5, roots[0], roots[5], [])
    assert VERIFIER.verify_consistency(5, 5, roots[5], roots[5], [])
    assert not VERIFIER.verify_consistency(5, 5, roots[4], roots[5], [])
    assert tree.fold([]).hex() == CT_ROOTS[0]


@pytest.mark.parametrize("size", [1, 2, 3, 7, 8, 9, 1000, 10_000_000, 2**40 + 12345])
def test_a_proof_needs_few_stored_subtrees_at_any_size(size):
    """What one proof reads: about two per level, never the entries."""
    index = size // 3
    wanted = tree.proof_pieces([(0, size), *tree.inclusion_ranges(index, size)])
    assert len(wanted) <= 2 * size.bit_length() + 1
    assert sum(1 << level for level, _index in tree.pieces(0, size)) == size
    assert tree.largest_power_of_two_below(size + 1) <= size


def test_the_split_is_the_largest_power_of_two_below():
    assert [tree.largest_power_of_two_below(n) for n in (2, 3, 4, 5, 8, 9, 1000)] == [
        1, 2, 2, 4, 4, 8, 512,
    ]  # fmt: skip
