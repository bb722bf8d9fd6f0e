"""Check my gift (donations.public.checks.RECORD_LOOKUPS): where each gift found sits in the
public record, and whether the latest signed checkpoint includes it, with the link to its
inclusion proof (registered from DisclosureConfig.ready())."""

from django.urls import reverse

from donations.public import checks
from public_record.services import latest_checkpoint

from .models import PublishedLine


def positions(gifts):
    entries = dict(
        PublishedLine.objects.filter(
            kind=PublishedLine.Kind.RECEIPT, record_id__in=[gift.pk for gift in gifts]
        ).values_list("record_id", "entry_id")
    )
    if not entries:
        return {}
    checkpoint = latest_checkpoint()
    size = checkpoint.size if checkpoint else 0
    found = {}
    for pk, index in entries.items():
        included = index < size
        found[pk] = {
            "index": index,
            "size": size,
            "included": included,
            "entry_url": f"{reverse('public_record_entries')}?start={index}&end={index + 1}",
            "proof_url": (
                f"{reverse('public_record_inclusion')}?index={index}&size={size}"
                if included
                else ""
            ),
        }
    return found


def register():
    if positions not in checks.RECORD_LOOKUPS:
        checks.RECORD_LOOKUPS.append(positions)
