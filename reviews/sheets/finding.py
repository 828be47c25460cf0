"""Finding the sheet files under the paths an import is given."""

from collections.abc import Iterable
from pathlib import Path

from reviews.sheets.reading import SHEET_SUFFIXES

FAILED = "failed"
SKIPPED = "skipped"  # a symbolic link leading outside the given paths: not read


def find_sheet_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str, str]]]:
    """Expand files and folders (recursively) into sheet files, sorted within each folder.

    Returns the files and the problems as (path, FAILED or SKIPPED, reason): a path that is
    missing or not a sheet fails; a symbolic link in a folder that leads outside the given
    paths is skipped (a link in a shared folder must not import, or reveal, a file the import
    was not given).
    """
    paths = list(paths)
    roots = [path.resolve() for path in paths]
    files: list[Path] = []
    problems: list[tuple[Path, str, str]] = []
    for path in paths:
        if path.is_dir():
            files.extend(_sheets_in(path, roots, problems))
        elif not path.is_file():
            problems.append((path, FAILED, "no such file or folder"))
        elif path.suffix.lower() in SHEET_SUFFIXES:
            files.append(path)
        else:
            problems.append((path, FAILED, "not a .txt, .html or .htm sheet"))
    return files, problems


def image_roots(paths: Iterable[Path]) -> list[Path]:
    """The folders a sheet's images may be read from: each folder given, and the folder of
    each file given (resolved, as symbolic links are checked against them)."""
    return [(path if path.is_dir() else path.parent).resolve() for path in paths]


def _sheets_in(folder: Path, roots: list[Path], problems: list) -> list[Path]:
    sheets = []
    for path in sorted(folder.rglob("*")):
        if not (path.is_dir() or path.suffix.lower() in SHEET_SUFFIXES):
            continue
        if path.is_symlink() and not any(path.resolve().is_relative_to(r) for r in roots):
            problems.append((path, SKIPPED, "a symbolic link leading outside the given paths"))
        elif path.is_file():
            sheets.append(path)
    return sheets
