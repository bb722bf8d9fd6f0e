"""Shared behaviour of the ledger's records.

Money records are append-only: once written they are never edited or deleted, because the
public's trust rests on corrections being visible (a reversal is a new entry). The guard lives
on the model and its queryset so that a slip in a view, a shell session or a future import
cannot rewrite history silently; only fields listed in ``mutable_fields`` (for instance a
donor's withdrawn consent to be named) may change, and only through a service that logs it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class ImmutableRecordError(ValidationError):
    """Raised when code tries to edit or delete a confirmed money record."""


class AppendOnlyQuerySet(models.QuerySet):
    def delete(self):
        raise ImmutableRecordError(_("Confirmed money records are never deleted."))

    def update(self, **kwargs):
        allowed = getattr(self.model, "mutable_fields", frozenset())
        if not set(kwargs) <= allowed:
            raise ImmutableRecordError(
                _("Confirmed money records are never edited; record a reversal instead.")
            )
        return super().update(**kwargs)


class AppendOnlyModel(models.Model):
    """A record that can be created, never changed (except ``mutable_fields``) or deleted."""

    mutable_fields = frozenset()
    # Left out of Wagtail's reference index: a campaign night writes thousands of these a
    # minute, each would add index rows in its transaction (about a quarter of an IPN's time),
    # and what refers to a campaign or a donor is asked of the ledger itself, not of "Usage".
    wagtail_reference_index_ignore = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            update_fields = kwargs.get("update_fields")
            if update_fields is None or not set(update_fields) <= self.mutable_fields:
                raise ImmutableRecordError(
                    _("Confirmed money records are never edited; record a reversal instead.")
                )
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ImmutableRecordError(_("Confirmed money records are never deleted."))


class RecordedByMixin(models.Model):
    """Who wrote the record and when; the user is empty for automatic entries (bank feeds)."""

    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        abstract = True


class Disclosure(models.TextChoices):
    """How a donor agreed to be shown in public (Decree 13/2023: consent; default is safe)."""

    ANONYMOUS = "anonymous", _("Anonymous donor")
    FULL_NAME = "full", _("Full name")
    MASKED = "masked", _("Shortened name (e.g. Nguyễn V. A.)")
    ORGANISATION = "organisation", _("Organisation name")
