"""Administrative units as data, not code.

Since 1/7/2025 Vietnam has two levels of local government (province → commune) and no
districts. Older stories and reports still name districts and pre-merger communes, so units
carry validity dates and a link to their successor: old records keep their place names, and
roll-ups follow the new map.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from sitewide.text import fold


class AreaQuerySet(models.QuerySet):
    def search_text(self, query):
        """Units whose name contains the words typed, with or without diacritics, or with
        that official code."""
        return self.filter(
            models.Q(name_folded__contains=fold(query)) | models.Q(code=query.strip())
        )

    def current(self, on=None):
        from django.utils import timezone

        on = on or timezone.localdate()
        return self.filter(
            models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=on),
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=on),
        )


class Area(models.Model):
    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District (before 1/7/2025)")
        COMMUNE = "commune", _("Commune, ward or special zone")

    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=140, unique=True, allow_unicode=False)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(
        _("official code"), max_length=10, blank=True, help_text=_("Code in the national list.")
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("belongs to"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_until = models.DateField(_("valid until"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("The unit that took over this one after a merger."),
    )
    name_folded = models.CharField(max_length=120, editable=False, db_index=True, default="")

    objects = AreaQuerySet.as_manager()

    class Meta:
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        ordering = ["level", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="area_validity_ordered",
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)

    @property
    def is_historic(self):
        return self.valid_until is not None

    def label_with_validity(self, on=None):
        """The name, and for a unit gone since a merger until when it existed, so staff tell
        it from the unit that took its name: "Xã Hướng Phùng (cũ, đến 30/6/2025)"."""
        from django.utils import timezone

        until = self.valid_until
        if until is None or until >= (on or timezone.localdate()):
            return self.name
        return _("%(name)s (former, until %(day)s)") % {
            "name": self.name,
            "day": f"{until.day}/{until.month}/{until.year}",
        }

    def covered_ids(self):
        """Ids of this unit and of every unit that rolls up into it.

        That is its children (communes of a province, communes of an old district) and its
        predecessors (pre-merger communes), recursively. Areas number in the hundreds, so a
        breadth-first walk with one query per level is cheap and needs no tree library.
        """
        seen = {self.pk}
        frontier = {self.pk}
        while frontier:
            found = set(
                Area.objects.filter(
                    models.Q(parent__in=frontier) | models.Q(successor__in=frontier)
                ).values_list("pk", flat=True)
            )
            frontier = found - seen
            seen |= frontier
        return seen
