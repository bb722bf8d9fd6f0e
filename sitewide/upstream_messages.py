"""Messages of Wagtail and Django that their own Vietnamese catalogues leave untranslated.

Editors see these when an upload is refused (limits in settings: WAGTAILIMAGES_* and
WAGTAILDOCS_*). Listing the exact English msgids here keeps them in sitewide's catalogue when
`make messages` runs, so sitewide/locale/vi carries their Vietnamese; sitewide comes first in
INSTALLED_APPS, so its translation is the one used. Nothing imports this module.
"""

from django.utils.translation import gettext_noop as _

UPLOAD_MESSAGES = [
    # wagtail/images/fields.py
    _("Not a supported image format. Supported formats: %(supported_formats)s."),
    _(
        "Not a valid .%(extension)s image. The extension does not match the file format "
        "(%(image_format)s)"
    ),
    _("This file is too big (%(file_size)s). Maximum filesize %(max_filesize)s."),
    _("This file has too many pixels (%(num_pixels)s). Maximum pixels %(max_pixels_count)s."),
    _("This file is too big. Maximum filesize %(max_filesize)s."),
    _("Supported formats: %(supported_formats)s. Maximum filesize: %(max_upload_size)s."),
    _("Supported formats: %(supported_formats)s."),
    _("unknown number"),
    # wagtail/documents/fields.py
    _("Maximum filesize: %(max_upload_size)s."),
    # django/core/validators.py (FileExtensionValidator, used for documents)
    _(
        "File extension “%(extension)s” is not allowed. "
        "Allowed extensions are: %(allowed_extensions)s."
    ),
]
