"""Uploaded photos are re-encoded before they are stored: no EXIF, no GPS position, no
camera serial number, nothing but the pixels."""

import io

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext_lazy as _
from PIL import Image, UnidentifiedImageError

MAX_SIDE = 1600


def without_metadata(upload) -> SimpleUploadedFile:
    """A JPEG (or PNG for images with transparency) copy of the upload, metadata-free."""
    try:
        image = Image.open(upload)
        image.load()
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError):
        raise ValidationError(_("This file is not a picture we can read.")) from None
    image.thumbnail((MAX_SIDE, MAX_SIDE))
    keeps_alpha = image.mode in ("RGBA", "LA") or (
        image.mode == "P" and "transparency" in image.info
    )
    output = io.BytesIO()
    if keeps_alpha:
        image.save(output, format="PNG", optimize=True)
        extension, content_type = "png", "image/png"
    else:
        image.convert("RGB").save(output, format="JPEG", quality=85, optimize=True)
        extension, content_type = "jpg", "image/jpeg"
    stem = (upload.name or "photo").rsplit("/", 1)[-1].rsplit(".", 1)[0][:80] or "photo"
    return SimpleUploadedFile(f"{stem}.{extension}", output.getvalue(), content_type)
