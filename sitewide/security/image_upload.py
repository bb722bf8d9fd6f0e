"""Image uploads that Pillow cannot decode past their header are refused, not a 500.

Wagtail's image field catches what Willow cannot recognise, but a photo cut short in transit
(a valid JPEG header, a third of the data) raises OSError("image file is truncated") from its
pixel-size check, which Wagtail lets through as a server error. Our image form base
(WAGTAILIMAGES_IMAGE_FORM_BASE) uses a field that turns that OSError into the same "not an
image or a corrupted image" message (Vietnamese from Django's catalogue), with nothing stored.
"""

from django.core.exceptions import ValidationError
from wagtail.images.fields import WagtailImageField
from wagtail.images.forms import BaseImageForm


class ImageFileField(WagtailImageField):
    def to_python(self, data):
        try:
            return super().to_python(data)
        except OSError as error:
            raise ValidationError(
                self.error_messages["invalid_image"], code="invalid_image"
            ) from error


class ImageForm(BaseImageForm):
    """Wagtail's image form (add, edit, multiple upload, chooser) with ImageFileField."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is not None and type(field) is WagtailImageField:
            # Wagtail builds the field itself (label, size limits, help text); only its
            # class changes, to one that adds a single except clause.
            field.__class__ = ImageFileField
