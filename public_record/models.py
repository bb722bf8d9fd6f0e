"""The public record's tables. Rows are only ever added (salts excepted: one is deleted when
the person it names withdraws consent); public_record.services is the only writer.

- LogHead: one row, locked by every append so that indexes follow each other without a gap;
  the size and the frontier (the hashes of the complete subtrees the tree is made of).
- Entry: index from 0, the entry's bytes as published (canonical JSON), its leaf hash.
- Node: every complete subtree above the leaves, by key (level, index) packed in one integer.
- Salt: the salt of a name committed to in an entry, published while consent holds.
- Checkpoint: every signed checkpoint, with the whole signed note as served.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LogHead(models.Model):
    size = models.BigIntegerField(default=0)
    frontier = models.BinaryField(default=b"")

    class Meta:
        verbose_name = _("log head")

    def __str__(self):
        return f"{self.size}"


class Entry(models.Model):
    index = models.BigIntegerField(_("index"), primary_key=True)
    kind = models.CharField(_("kind"), max_length=40)
    data = models.TextField(_("entry as published"))
    leaf_hash = models.BinaryField(max_length=32)
    appended_at = models.DateTimeField(_("appended at"))

    class Meta:
        verbose_name = _("public record entry")
        verbose_name_plural = _("public record entries")
        ordering = ["index"]

    def __str__(self):
        return f"#{self.index} {self.kind}"


class Node(models.Model):
    key = models.BigIntegerField(primary_key=True)
    hash = models.BinaryField(max_length=32)

    def __str__(self):
        return f"{self.key >> 56}/{self.key & ((1 << 56) - 1)}"


class Salt(models.Model):
    entry = models.ForeignKey(Entry, on_delete=models.PROTECT, related_name="salts")
    field = models.CharField(_("field"), max_length=100)
    salt = models.CharField(_("salt"), max_length=128)

    class Meta:
        verbose_name = _("salt")
        constraints = [
            models.UniqueConstraint(fields=["entry", "field"], name="public_record_one_salt")
        ]

    def __str__(self):
        return f"#{self.entry_id} {self.field}"


class Checkpoint(models.Model):
    size = models.BigIntegerField(_("tree size"), unique=True)
    root_hash = models.BinaryField(max_length=32)
    origin = models.CharField(_("origin"), max_length=200)
    key_id = models.CharField(_("key id"), max_length=8)
    note = models.TextField(_("signed note"))
    signed_at = models.DateTimeField(_("signed at"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        verbose_name = _("checkpoint")
        verbose_name_plural = _("checkpoints")
        ordering = ["size"]
        permissions = [("sign_checkpoint", _("Can sign a checkpoint of the public record"))]

    def __str__(self):
        return f"{self.origin} @ {self.size}"
