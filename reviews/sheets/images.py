"""The images of an HTML sheet: a file next to the sheet, with alt text, becomes an image block.

The file must be a relative path that stays inside the folders the import was given (followed
through any symbolic link, as ``finding`` does for sheets), a PNG, JPEG, GIF or WebP by its
bytes, and no larger than ``settings.IMAGE_MAX_BYTES``. Its block names it as the editor's
upload would (``images/<sha256>.<ext>``); the importer stores it (``store_images``). Anything
else (no alt text, a remote or ``data:`` address, a missing or unreadable file) is skipped
with a warning.
"""

import hashlib
from pathlib import Path
from urllib.parse import unquote, urlsplit

from django.conf import settings
from django.core.files.storage import default_storage

from cms.body import IMAGE
from cms.services.images import IMAGE_FOLDER, ImageRefused, image_kind, store_image
from reviews.sheets.data import SheetError
from reviews.sheets.files import read_limited
from reviews.sheets.links import URL_SPACES, scheme_of


class ImageSkipped(Exception):
    """Why an image is not kept (for the import summary)."""


class ImageFinder:
    """Finds the images of one sheet. ``folder`` is the sheet's folder (None: there is none,
    every image is skipped); ``roots`` the resolved folders the import may read."""

    def __init__(self, folder: Path | None, roots: list[Path] | None = None):
        self.folder = folder
        self.roots = roots if roots is not None else ([folder.resolve()] if folder else [])
        self.found: dict[str, Path] = {}  # storage name -> the file it is read from
        self._known: dict[Path, tuple[str, str]] = {}  # file -> (storage name, sha256)

    def find(self, src: str | None, alt: str | None, caption: str = "") -> tuple[dict | None, str]:
        """(the image block, ""), or (None, why the image was skipped)."""
        src = URL_SPACES.sub("", (src or "").strip())
        alt = " ".join((alt or "").split())
        if not alt:
            return None, f"an image without alt text ({src[:80]!r}) skipped"
        try:
            name, sha256 = self._stored_name(self._local_file(src))
        except ImageSkipped as skipped:
            return None, f"the image {src[:80]!r} skipped: {skipped}"
        block = {"type": IMAGE, "src": name, "sha256": sha256, "alt": alt}
        caption = " ".join(caption.split())
        return ({**block, "caption": caption} if caption else block), ""

    def _local_file(self, src: str) -> Path:
        if not src:
            raise ImageSkipped("it has no address")
        if scheme_of(src) or src.startswith("//"):
            raise ImageSkipped("only image files next to the sheet are imported")
        try:
            relative = unquote(urlsplit(src).path)
        except ValueError:
            raise ImageSkipped("its address cannot be read") from None
        if not relative or relative.startswith(("/", "\\")) or "\x00" in relative:
            raise ImageSkipped("it is not a path relative to the sheet")
        if self.folder is None:
            raise ImageSkipped("the sheet has no folder to read it from")
        try:
            path = (self.folder / relative).resolve()
        except (OSError, RuntimeError):
            raise ImageSkipped("its path cannot be followed") from None
        if not any(path.is_relative_to(root) for root in self.roots):
            raise ImageSkipped("it leads outside the folders given to the import")
        if not path.is_file():
            raise ImageSkipped("no such file")
        return path

    def _stored_name(self, path: Path) -> tuple[str, str]:
        if path not in self._known:
            data = read_image(path)
            kind = image_kind(data)
            if kind is None:
                raise ImageSkipped("it is not a PNG, JPEG, GIF or WebP image")
            sha256 = hashlib.sha256(data).hexdigest()
            self._known[path] = (f"{IMAGE_FOLDER}{sha256}.{kind}", sha256)
        name, sha256 = self._known[path]
        self.found[name] = path
        return name, sha256


def read_image(path: Path) -> bytes:
    """The image file's bytes, at most ``settings.IMAGE_MAX_BYTES``; ImageSkipped if not."""
    try:
        return read_limited(path, settings.IMAGE_MAX_BYTES)
    except SheetError as error:
        raise ImageSkipped(error.reason) from None
    except OSError as error:
        raise ImageSkipped(f"it cannot be read ({error.strerror})") from None


def store_images(images: dict[str, Path]) -> None:
    """Keep each image file in the default storage under the name its block gives
    (``cms.views.media.store_image``, as an upload is kept; once: a stored name is not
    written again). Raises SheetError when a file cannot be stored or changed since the
    sheet was read (its bytes no longer have that name)."""
    for name, path in images.items():
        if default_storage.exists(name):
            continue
        try:
            stored = store_image(read_image(path))
        except (ImageSkipped, ImageRefused) as refused:
            raise SheetError(f"the image {path.name} cannot be stored: {refused}") from None
        if stored["name"] != name:
            raise SheetError(f"the image {path.name} changed while the sheet was imported")
