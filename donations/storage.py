"""Where private files of the ledger live (handover records: signatures, photos of
households): outside MEDIA_ROOT, so the web server never serves them; a staff-only view reads
them back (donations.viewsets.vouchers). The folder is read from settings at each use, so a
test pointing PRIVATE_MEDIA_ROOT at a temporary folder is obeyed."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def private_storage():
    return PrivateStorage()
