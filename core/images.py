"""Uploaded images: checked with Pillow, cleaned, and drawn in the widths that
public pages offer through srcset.

A file is accepted only if Pillow reads all of it as a single-frame JPEG, PNG or
WebP within the byte and pixel limits; anything else (a decompression bomb, a
truncated file, a non-image named .jpg, an SVG, an animation) is refused with a
message. EXIF (GPS position included), XMP and comments are dropped and the
orientation applied; the colour profile and PNG transparency are kept.

Memory is bounded: a worker processes one image at a time (other threads wait),
decodes it once per step and makes the renditions one from the other, so an
image costs at most about five bytes per pixel over the worker's own memory
(the decoded image, at most four bytes per pixel, and the first, smaller
rendition), whatever its file size: about 130 MB at the default limit of 25
million pixels (README, "Bounded costs").
"""

from __future__ import annotations

import io
import threading
import uuid
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import PurePosixPath
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from PIL import Image, ImageOps, UnidentifiedImageError

# Keyed by what Pillow reads as the format of a file, None when it knows none.
ALLOWED_FORMATS: dict[str | None, str] = {"JPEG": "JPEG", "PNG": "PNG", "WEBP": "WEBP"}
RENDITION_WIDTHS = (400, 800, 1600)


def max_bytes() -> int:
    return getattr(settings, "IMAGE_MAX_BYTES", 8 * 1024 * 1024)


def max_pixels() -> int:
    return getattr(settings, "IMAGE_MAX_PIXELS", 25_000_000)


# Metadata kept on re-encoding: how the pixels are to be shown, nothing else.
KEPT_INFO = ("icc_profile", "transparency")
_one_at_a_time = threading.Lock()


@contextmanager
def _processing() -> Iterator[None]:
    """One decoded image per worker process at a time."""
    with _one_at_a_time:
        yield


def open_checked(data: bytes) -> Image.Image:
    """The decoded image, or ValidationError saying why it is refused."""
    if len(data) > max_bytes():
        raise ValidationError(
            _("The image is %(size)s MB; images of up to %(limit)s MB are accepted.")
            % {"size": round(len(data) / 2**20, 1), "limit": max_bytes() // 2**20}
        )
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(io.BytesIO(data))
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Only JPEG, PNG and WebP images are accepted, not %(format)s.")
                    % {"format": image.format or _("this file")}
                )
            width, height = image.size
            if width * height > max_pixels():
                raise ValidationError(
                    _(
                        "The image has %(pixels)s million pixels; at most %(limit)s "
                        "million are accepted."
                    )
                    % {
                        "pixels": round(width * height / 1e6, 1),
                        "limit": round(max_pixels() / 1e6, 1),
                    }
                )
            if getattr(image, "n_frames", 1) > 1:
                raise ValidationError(_("Animated images are not accepted."))
            image.load()  # decodes every pixel: a truncated file fails here
        except (Image.DecompressionBombError, Image.DecompressionBombWarning):
            raise ValidationError(
                _("The image has too many pixels to be opened safely.")
            ) from None
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
            raise ValidationError(
                _("The file is not an image, or the image is damaged.")
            ) from None
    return image


def validate_image(file) -> None:
    """Model field validator for a new upload (a stored file was checked when it
    was uploaded)."""
    if getattr(file, "_committed", False):
        return
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    data = file.read()
    file.seek(position)
    with _processing():
        open_checked(data)


def cleaned(data: bytes, name: str) -> ContentFile:
    """The image re-encoded in its own format, upright and without metadata."""
    with _processing():
        image = open_checked(data)
        format_ = ALLOWED_FORMATS[image.format]
        ImageOps.exif_transpose(image, in_place=True)
        image.info = {key: image.info[key] for key in KEPT_INFO if key in image.info}
        if format_ == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        out = io.BytesIO()
        options = {"quality": 88} if format_ in ("JPEG", "WEBP") else {}
        # No exif=, xmp= or comment= argument, and none left in image.info.
        image.save(out, format=format_, **options)
    return ContentFile(out.getvalue(), name=name)


def rendition_name(name: str, width: int) -> str:
    path = PurePosixPath(name)
    return str(PurePosixPath("renditions") / path.parent / f"{path.stem}-{width}.webp")


def rendition_widths(original_width: int | None) -> list[int]:
    return [w for w in RENDITION_WIDTHS if original_width and w < original_width]


def make_renditions(name: str) -> list[str]:
    """WebP copies of a stored image at the rendition widths below its own,
    largest first, each made from the one before."""
    with default_storage.open(name, "rb") as stored:
        data = stored.read()
    made: list[str] = []
    with _processing():
        image: Image.Image = Image.open(io.BytesIO(data))
        widths = sorted(rendition_widths(image.width), reverse=True)
        if not widths:
            return made
        original_width, original_height = image.size
        # A JPEG is decoded at a smaller scale where its largest rendition allows.
        image.draft(
            "RGB", (widths[0], round(original_height * widths[0] / original_width))
        )
        image.load()
        if image.mode in ("P", "PA", "1"):
            # A palette cannot be resampled: first reduced as it is, to twice the
            # largest rendition, and only then widened to RGBA.
            wide = min(original_width, 2 * widths[0])
            image = image.resize(
                (wide, max(1, round(original_height * wide / original_width))),
                Image.Resampling.NEAREST,
            ).convert("RGBA")
        elif image.mode not in ("RGB", "RGBA", "L", "LA"):
            image = image.convert("RGB")
        for width in widths:
            height = max(1, round(original_height * width / original_width))
            image = image.resize((width, height), Image.Resampling.LANCZOS)
            out = io.BytesIO()
            image.save(out, format="WEBP", quality=82)
            target = rendition_name(name, width)
            if default_storage.exists(target):
                default_storage.delete(target)
            made.append(default_storage.save(target, ContentFile(out.getvalue())))
    return made


if TYPE_CHECKING:
    _ModelBase = models.Model
else:
    _ModelBase = object


class ImageFieldsMixin(_ModelBase):
    """For models with image fields named in `image_fields` (each with a
    `<name>_width` width field): a new upload is cleaned before it is stored and
    its renditions are made once, after."""

    image_fields: tuple[str, ...] = ()

    def save(self, *args, **kwargs):
        fresh = []
        for name in self.image_fields:
            file = getattr(self, name)
            if file and not getattr(file, "_committed", True):
                file.seek(0)
                setattr(self, name, cleaned(file.read(), PurePosixPath(file.name).name))
                fresh.append(name)
        super().save(*args, **kwargs)
        for name in fresh:
            make_renditions(getattr(self, name).name)


@deconstructible
class UniqueName:
    """A new name for every upload, in `folder`: two records' images, or two
    uploads of one record, never share a file or its renditions, whatever the
    files were called ("shared.jpg" on one city, "shared.png" on another)."""

    def __init__(self, folder: str) -> None:
        self.folder = folder.strip("/")

    def __call__(self, instance: models.Model, filename: str) -> str:
        suffix = PurePosixPath(filename).suffix.lower()
        return f"{self.folder}/{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, UniqueName) and other.folder == self.folder


def image_field(verbose_name, folder: str, width_field: str):
    """An optional image, checked on upload, that records its width (for srcset)."""
    return models.ImageField(
        verbose_name,
        upload_to=UniqueName(folder),
        blank=True,
        validators=[validate_image],
        width_field=width_field,
    )


# The focal point of a cropped image: the point, in percent of its width and
# height from the top left corner, that the crop keeps in view. Pages draw it in
# steps of FOCUS_STEP through classes (static/css/image-frames.css), since the
# Content-Security-Policy refuses style attributes.
FOCUS_STEP = 5
FOCUS_CENTRE = 50


class FocusField(models.PositiveSmallIntegerField):
    """One coordinate of a focal point, 0 to 100; the centre unless staff set it."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("default", FOCUS_CENTRE)
        kwargs.setdefault("validators", [MinValueValidator(0), MaxValueValidator(100)])
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):  # type: ignore[override]
        return super().formfield(**{"min_value": 0, "max_value": 100, **kwargs})


FOCUS_AXES = {
    "x": (
        gettext_lazy("focal point across (%)"),
        gettext_lazy(
            "Where the crop is centred, from 0 (left edge) to 100 (right edge)."
        ),
    ),
    "y": (
        gettext_lazy("focal point down (%)"),
        gettext_lazy(
            "Where the crop is centred, from 0 (top edge) to 100 (bottom edge)."
        ),
    ),
}


def focus_field(axis: str) -> FocusField:
    """One coordinate ("x" or "y") of the focal point of a cropped image."""
    verbose_name, help_text = FOCUS_AXES[axis]
    return FocusField(verbose_name, help_text=help_text)


def focus_constraints(model: str, image: str) -> list[models.CheckConstraint]:
    """Both coordinates of the focal point of `image` within 0-100, named after
    the model (constraint names are unique in the database)."""
    return [
        models.CheckConstraint(
            condition=models.Q(
                **{f"{image}_focus_{axis}__gte": 0, f"{image}_focus_{axis}__lte": 100}
            ),
            name=f"{model}_{image}_focus_{axis}_in_range",
        )
        for axis in ("x", "y")
    ]


def focus_step(value: int | None) -> int:
    """A coordinate as pages draw it: to the nearest step, within 0-100, the
    centre where none is set."""
    if value is None:
        return FOCUS_CENTRE
    value = min(100, max(0, int(value)))
    return int(FOCUS_STEP * round(value / FOCUS_STEP))


def focus_classes(x: int | None, y: int | None) -> str:
    """The classes that place an image's focal point (static/css/image-frames.css)."""
    return f"focus-x-{focus_step(x)} focus-y-{focus_step(y)}"
