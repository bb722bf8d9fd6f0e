#!/usr/bin/env python3
"""Check a Chung Tay site's public record from the outside: nothing but the standard library
and `cryptography` (pip install cryptography).

    python3 verify_public_record.py https://chungtay.example.vn [--key KEY] [--samples 8]

It fetches the verifier key, every signed checkpoint, every entry and some proofs, and checks:
1. every checkpoint is signed by the key (C2SP signed-note, Ed25519) and names the same log;
2. each checkpoint is consistent with the one before (RFC 9162 §2.1.4 consistency proofs): the
   later tree contains the earlier one, so nothing signed was changed or removed;
3. the entries, hashed as RFC 6962 §2.1 says, give the root of every checkpoint; where they do
   not, the first entry that does not match is named;
4. a few inclusion proofs (RFC 9162 §2.1.3) against the latest checkpoint;
5. each entry is canonical JSON, and each salt published beside it is well formed.
It prints what it checked and exits with status 0 when everything matches, 1 when something
does not (naming the first line that does not), 2 when the site cannot be read.

Pass --key with the verifier key you got from somewhere else (the printed report, a
newspaper): otherwise the key the site serves is trusted. The formats: docs/public-record.md.
The messages are in Vietnamese, like the site.
"""

import argparse
import base64
import binascii
import hashlib
import json
import random
import sys
import unicodedata
import urllib.error
import urllib.parse
import urllib.request

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

PAGE = 1000
TIMEOUT = 30


class Mismatch(Exception):
    """Something published does not match: the message names it."""


class Unreadable(Exception):
    """The site could not be read (network, HTTP error, not the expected format)."""


# --- RFC 6962 hashing ----------------------------------------------------------------------


def leaf_hash(entry: bytes) -> bytes:
    return hashlib.sha256(b"\x00" + entry).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    return hashlib.sha256(b"\x01" + left + right).digest()


class Roots:
    """The Merkle tree hash of the leaves added so far, kept as a stack of perfect subtrees
    (each (count, hash)), merged as soon as two of the same count meet."""

    def __init__(self):
        self.stack = []
        self.size = 0

    def add(self, leaf: bytes):
        count, current = 1, leaf
        while self.stack and self.stack[-1][0] == count:
            left_count, left = self.stack.pop()
            current, count = node_hash(left, current), count + left_count
        self.stack.append((count, current))
        self.size += 1

    def root(self) -> bytes:
        if not self.stack:
            return hashlib.sha256(b"").digest()
        result = self.stack[-1][1]
        for _count, left in reversed(self.stack[:-1]):
            result = node_hash(left, result)
        return result


def verify_inclusion(index, size, leaf, path, root) -> bool:
    """RFC 9162 §2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in path:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            r = node_hash(r, p)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and r == root


def verify_consistency(first, second, first_root, second_root, path) -> bool:
    """RFC 9162 §2.1.4.2 (a tree of 0 entries is contained in any tree)."""
    if first > second:
        return False
    if first == 0:
        return not path
    if first == second:
        return not path and first_root == second_root
    if not path:
        return False
    if first & (first - 1) == 0:
        path = [first_root, *path]
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node_hash(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return fr == first_root and sr == second_root and sn == 0


# --- signed notes and checkpoints (C2SP) -----------------------------------------------------


class VerifierKey:
    def __init__(self, text):
        try:
            name, key_hash, encoded = text.strip().split("+", 2)
            raw = base64.b64decode(encoded, validate=True)
            expected_id = bytes.fromhex(key_hash)
        except (ValueError, binascii.Error) as error:
            raise Mismatch(f"khóa kiểm tra không đúng định dạng: {text.strip()!r}") from error
        if len(raw) != 33 or raw[0] != 1 or len(expected_id) != 4:
            raise Mismatch("khóa kiểm tra không phải khóa Ed25519 của signed-note")
        self.name, self.id, self.public = name, expected_id, raw[1:]
        computed = hashlib.sha256(name.encode() + b"\n" + raw).digest()[:4]
        if computed != expected_id:
            raise Mismatch(f"mã khóa {key_hash} không khớp với tên và khóa công khai")
        self.key = Ed25519PublicKey.from_public_bytes(self.public)
        self.text = text.strip()

    def open(self, signed: str) -> str:
        """The note's text, if a signature line of this key verifies it."""
        text, separator, signatures = signed.rpartition("\n\n")
        if not separator or not signatures.endswith("\n"):
            raise Mismatch("ghi chú không có dòng chữ ký")
        text += "\n"
        for line in signatures[:-1].split("\n"):
            parts = line.split(" ")
            if len(parts) != 3 or parts[0] != "\u2014":
                raise Mismatch(f"dòng chữ ký sai định dạng: {line!r}")
            if parts[1] != self.name:
                continue  # a key we do not know: ignored, as the format says
            try:
                raw = base64.b64decode(parts[2], validate=True)
            except binascii.Error as error:
                raise Mismatch(f"chữ ký không phải base64: {line!r}") from error
            if len(raw) != 68 or raw[:4] != self.id:
                continue
            try:
                self.key.verify(raw[4:], text.encode())
            except InvalidSignature as error:
                raise Mismatch("chữ ký không hợp lệ với khóa kiểm tra") from error
            return text
        raise Mismatch(f"không có chữ ký nào của khóa {self.name}")


def parse_checkpoint(text: str):
    lines = text.split("\n")
    if len(lines) < 4:
        raise Mismatch("checkpoint thiếu dòng (nguồn, kích thước, mã băm gốc)")
    origin, size, root = lines[0], lines[1], lines[2]
    if not size.isdigit() or (size != "0" and size.startswith("0")):
        raise Mismatch(f"kích thước cây không phải số thập phân: {size!r}")
    try:
        root_hash = base64.b64decode(root, validate=True)
    except binascii.Error as error:
        raise Mismatch(f"mã băm gốc không phải base64: {root!r}") from error
    if len(root_hash) != 32:
        raise Mismatch("mã băm gốc không dài 32 byte")
    return origin, int(size), root_hash


# --- entries ---------------------------------------------------------------------------------


def _no_float(text):
    raise ValueError(f"số không nguyên {text}")


def canonical(entry: str) -> bool:
    """Keys sorted, no spaces, NFC, whole numbers only: the entry as the log must publish it."""
    try:
        value = json.loads(entry, parse_float=_no_float, parse_constant=_no_float)
    except ValueError:
        return False
    again = json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return again == entry and unicodedata.normalize("NFC", entry) == entry


def committed_fields_ok(entry: str, salts: dict) -> bool:
    body = json.loads(entry).get("body")
    for field, salt in salts.items():
        value = body
        for part in field.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        if not isinstance(value, str) or len(value) != 64:
            return False
        try:
            if len(bytes.fromhex(salt)) < 16:
                return False
        except ValueError:
            return False
    return True


# --- the site ------------------------------------------------------------------------------


class Site:
    def __init__(self, url, opener=None):
        self.base = url.rstrip("/")
        self.opener = opener or urllib.request.build_opener()

    def get(self, path, **params) -> bytes:
        url = self.base + path + ("?" + urllib.parse.urlencode(params) if params else "")
        if not url.startswith(("http://", "https://")):
            raise Unreadable(f"{url}: chỉ đọc địa chỉ http:// hoặc https://")
        headers = {"User-Agent": "verify_public_record/1"}
        request = urllib.request.Request(url, headers=headers)  # noqa: S310 (checked above)
        try:
            with self.opener.open(request, timeout=TIMEOUT) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:200]
            raise Unreadable(f"{url}: HTTP {error.code} {detail}") from error
        except OSError as error:
            raise Unreadable(f"{url}: {error}") from error

    def text(self, path, **params) -> str:
        return self.get(path, **params).decode()

    def json(self, path, **params):
        try:
            return json.loads(self.get(path, **params))
        except ValueError as error:
            raise Unreadable(f"{path}: không phải JSON") from error


def b64(values):
    return [base64.b64decode(value) for value in values]


class Verifier:
    def __init__(self, site, pinned_key=None, samples=8, out=print, seed=None):
        self.site, self.pinned_key, self.samples, self.out = site, pinned_key, samples, out
        self.random = random.Random(seed)
        self.failures = []
        self.history_rewritten = False

    def fail(self, message, entry=None):
        """Report a mismatch; ``entry``: the index of the entry it names, if it names one."""
        self.failures.append((entry, message))
        self.out(f"KHÔNG KHỚP: {message}")

    def first_failure(self):
        """The failure naming the earliest entry, else the first reported."""
        named = [failure for failure in self.failures if failure[0] is not None]
        return min(named, key=lambda failure: failure[0]) if named else self.failures[0]

    def run(self) -> int:
        try:
            self.check()
        except Unreadable as error:
            self.out(f"Không đọc được trang: {error}")
            return 2
        except Mismatch as error:
            self.fail(str(error))
        if self.failures:
            first = self.first_failure()[1]
            self.out(f"Kết quả: {len(self.failures)} điều không khớp; đầu tiên: {first}")
            return 1
        self.out("Kết quả: mọi thứ đều khớp.")
        return 0

    def check(self):
        served = self.site.text("/minh-bach/key").strip()
        if self.pinned_key and served != self.pinned_key.strip():
            raise Mismatch(f"trang phục vụ khóa {served}, không phải khóa đã cho")
        key = VerifierKey(self.pinned_key or served)
        self.out(f"Khóa kiểm tra: {key.text}")
        checkpoints = self.checkpoints(key)
        if not checkpoints:
            raise Mismatch("chưa có checkpoint nào được ký")
        self.consistency(checkpoints)
        leaves = self.entries(checkpoints)
        if leaves is not None:
            self.inclusion(checkpoints[-1], leaves)

    def checkpoints(self, key):
        listed = self.site.json("/minh-bach/checkpoints")["checkpoints"]
        notes = [(item["size"], self.site.text(f"/minh-bach/checkpoint/{item['size']}"))
                 for item in listed]  # fmt: skip
        latest = self.site.text("/minh-bach/checkpoint")
        if all(note != latest for _size, note in notes):
            notes.append((None, latest))
        result, origin = [], None
        for listed_size, signed in notes:
            where = (
                f"checkpoint {listed_size}" if listed_size is not None else "checkpoint mới nhất"
            )
            try:
                found_origin, size, root = parse_checkpoint(key.open(signed))
            except Mismatch as error:
                raise Mismatch(f"{where}: {error}") from error
            if found_origin != key.name:
                raise Mismatch(f"{where}: nguồn {found_origin!r} không phải {key.name!r}")
            if origin is None:
                origin = found_origin
            if listed_size is not None and size != listed_size:
                raise Mismatch(f"{where}: ghi chú nói kích thước {size}")
            if result and size <= result[-1][0]:
                raise Mismatch(f"{where}: kích thước {size} không lớn hơn checkpoint trước")
            result.append((size, root))
        self.out(f"Chữ ký: {len(result)} checkpoint, đều được khóa ký hợp lệ (nguồn {origin}).")
        return result

    def consistency(self, checkpoints):
        self.history_rewritten = False
        for (old, old_root), (new, new_root) in zip(checkpoints, checkpoints[1:], strict=False):
            try:
                proof = self.site.json("/minh-bach/proof/consistency", **{"from": old, "to": new})
                path = b64(proof["proof"])
            except Unreadable as error:
                self.fail(f"không lấy được bằng chứng nhất quán từ {old} đến {new}: {error}")
                continue
            if not verify_consistency(old, new, old_root, new_root, path):
                self.history_rewritten = True
                self.fail(
                    f"checkpoint {new} không nhất quán với checkpoint {old}: lịch sử đã bị viết lại"
                )
        self.out(f"Tính nhất quán: đã kiểm tra {len(checkpoints) - 1} cặp checkpoint liền nhau.")

    def entries(self, checkpoints):
        """Every entry up to the latest checkpoint; the roots at every checkpoint size."""
        final = checkpoints[-1][0]
        signed = dict(checkpoints)
        roots, leaves, expected = Roots(), [], 0
        first_bad = None
        if 0 in signed and signed[0] != roots.root():
            self.fail("checkpoint 0 không mang mã băm của cây rỗng")
        gap = None
        while expected < final and gap is None:
            end = min(expected + PAGE, final)
            lines = self.site.get("/minh-bach/entries", start=expected, end=end)
            lines = lines.decode().splitlines()
            if not lines:
                gap = (expected, f"mục {expected}: trang không trả về mục này (đã bị xóa?)")
            for line in lines:
                item = json.loads(line)
                if item.get("index") != expected:
                    gap = (
                        expected,
                        f"mục {expected}: trang trả về mục số {item.get('index')} ở chỗ này "
                        "(một mục đã bị xóa hoặc đổi thứ tự)",
                    )
                    break
                entry = item["entry"]
                if not canonical(entry):
                    self.fail(f"mục {expected}: không phải JSON chuẩn tắc: {entry[:120]}", expected)
                if not committed_fields_ok(entry, item.get("salts") or {}):
                    self.fail(
                        f"mục {expected}: muối công bố kèm không ứng với cam kết nào", expected
                    )
                leaf = leaf_hash(entry.encode())
                leaves.append(leaf)
                roots.add(leaf)
                expected += 1
                if expected in signed and roots.root() != signed[expected] and first_bad is None:
                    first_bad = expected
                if expected >= final:
                    break
        if gap is None:
            self.out(f"Các mục: đã đọc {final} mục đến checkpoint mới nhất.")
        self.report_first_bad(checkpoints, leaves, first_bad)
        if gap is not None:
            self.fail(gap[1], entry=gap[0])
            return None
        if first_bad is None:
            self.out("Mã băm gốc: tính lại từ các mục, khớp với mọi checkpoint.")
            return leaves
        return None

    def report_first_bad(self, checkpoints, leaves, first_bad):
        """Name the first entry that makes the roots differ from checkpoint ``first_bad``."""
        if first_bad is None:
            return
        signed = dict(checkpoints)
        earlier = max([size for size, _root in checkpoints if size < first_bad], default=0)
        line = None
        if not self.history_rewritten:  # else the site's proofs cannot point at one line
            line = self.first_changed_line(leaves, earlier, first_bad, signed[first_bad])
        entry_hint = (
            f"mục {line}" if line is not None else f"một mục từ {earlier} đến {first_bad - 1}"
        )
        self.fail(
            f"{entry_hint} không khớp với checkpoint {first_bad}: mã băm gốc tính lại khác mã "
            "đã ký (mục đã bị sửa, xóa hoặc đổi thứ tự)",
            line,
        )

    def first_changed_line(self, leaves, low, high, signed_root):
        """The first entry whose prefix is no longer contained in the signed tree of ``high``
        entries, found by bisection with the site's consistency proofs (None if the site's
        proofs do not allow it: then the whole tree was rewritten, not one line)."""

        signed_size = high

        def prefix_ok(m):
            roots = Roots()
            for leaf in leaves[:m]:
                roots.add(leaf)
            try:
                proof = self.site.json(
                    "/minh-bach/proof/consistency", **{"from": m, "to": signed_size}
                )
            except Unreadable:
                return False
            path = b64(proof["proof"])
            return verify_consistency(m, signed_size, roots.root(), signed_root, path)

        if not prefix_ok(low):
            return None
        while high - low > 1:  # prefix_ok(low) holds, prefix_ok(high) does not
            middle = (low + high) // 2
            if prefix_ok(middle):
                low = middle
            else:
                high = middle
        return low

    def inclusion(self, checkpoint, leaves):
        size, root = checkpoint
        if not size:
            return
        picks = {0, size - 1} | {self.random.randrange(size) for _n in range(self.samples)}
        for index in sorted(picks):
            try:
                proof = self.site.json("/minh-bach/proof/inclusion", index=index, size=size)
            except Unreadable as error:
                self.fail(f"mục {index}: không lấy được bằng chứng bao gồm: {error}", index)
                continue
            if not verify_inclusion(index, size, leaves[index], b64(proof["audit_path"]), root):
                self.fail(
                    f"mục {index}: bằng chứng bao gồm không khớp với checkpoint {size}", index
                )
        self.out(f"Bằng chứng bao gồm: đã kiểm tra {len(picks)} mục với checkpoint {size}.")


def main(argv=None, out=print, opener=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", help="the site's address, e.g. https://chungtay.example.vn")
    parser.add_argument("--key", help="the verifier key you trust (name+id+base64)")
    parser.add_argument("--samples", type=int, default=8, help="inclusion proofs to check")
    args = parser.parse_args(argv)
    return Verifier(Site(args.site, opener), args.key, args.samples, out).run()


if __name__ == "__main__":
    sys.exit(main())
