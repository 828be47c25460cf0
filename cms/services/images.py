"""Images of article bodies: files in Django's default storage named by their content.

``images/<sha256>.<ext>``: the same bytes always get the same name (storing is idempotent), and
a name never points at other bytes. The type is read from the bytes (PNG, JPEG, GIF, WebP),
never from a file name or a Content-Type: SVG, HTML or anything else is refused.
"""

import hashlib
import re

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

IMAGE_FOLDER = "images/"
CONTENT_TYPES = {"png": "image/png", "jpg": "image/jpeg", "gif": "image/gif", "webp": "image/webp"}
IMAGE_NAME = re.compile(r"^[0-9a-f]{64}\.(png|jpg|gif|webp)$")


class ImageRefused(Exception):
    """An upload that is not an image we keep; the message says why, for the editor (in the
    active language)."""


def image_kind(data: bytes) -> str | None:
    """The file extension for ``data`` by its magic bytes (png, jpg, gif, webp), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    return None


def too_big() -> str:
    return _("The image is over %(size)s.") % {"size": filesizeformat(settings.IMAGE_MAX_BYTES)}


def store_image(data: bytes) -> dict:
    """Keep ``data`` as ``images/<sha256>.<ext>`` in the default storage (once: the same bytes
    again find the stored file) and return its url, name and sha256. Raises ImageRefused for
    files over IMAGE_MAX_BYTES and for anything that is not a PNG, JPEG, GIF or WebP."""
    if len(data) > settings.IMAGE_MAX_BYTES:
        raise ImageRefused(too_big())
    kind = image_kind(data)
    if kind is None:
        raise ImageRefused(_("Only PNG, JPEG, GIF and WebP images can be uploaded."))
    sha256 = hashlib.sha256(data).hexdigest()
    name = f"{IMAGE_FOLDER}{sha256}.{kind}"
    if not default_storage.exists(name):
        saved = default_storage.save(name, ContentFile(data))
        if saved != name:  # the same bytes arrived twice at once: keep the first copy
            default_storage.delete(saved)
    return {"url": default_storage.url(name), "name": name, "sha256": sha256}
